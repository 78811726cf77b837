"""Property: a reviewer who scores everyone one point lower changes no application's rank.

The panel scores every application of the round, so each reviewer has three or more reviews
and counts against their own habits. Its reviewers agree on the merits but not on the scale:
each scores 1 + k·merit + offset, with their own leniency (offset) and spread (k). The
newcomer scores every application exactly one point lower than the first panel reviewer.
Normalising each review against its reviewer's mean and spread must leave every rank as it was.
"""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from applications.models import Status
from applications.ranking import round_ranking
from tests.factories import (
    ApplicationFactory,
    ReviewAssignmentFactory,
    RoundFactory,
    make_reviewer,
    submitted_review,
)

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    """Undo one example's rows, so the next starts from an empty round."""


@st.composite
def panels(draw):
    merits = draw(st.lists(st.integers(min_value=0, max_value=3), min_size=3, max_size=6))
    top = max(merits)
    reviewers = []
    for position in range(draw(st.integers(min_value=1, max_value=3))):
        k = draw(st.sampled_from([1, 2] if 2 * top <= 3 else [1]))
        # The first reviewer leaves room for the newcomer one point below (offset of at least 1).
        offset = draw(st.integers(min_value=1 if position == 0 else 0, max_value=4 - k * top))
        reviewers.append((k, offset))
    return merits, reviewers


def _ranks(round_) -> dict[int, int]:
    return {row.application_id: row.rank for row in round_ranking(round_).rows}


def _scores(apps, merits, reviewer, k, offset) -> None:
    for application, merit in zip(apps, merits, strict=True):
        total = 1 + k * merit + offset
        submitted_review(ReviewAssignmentFactory(application=application, reviewer=reviewer), [total] * 5)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(panel=panels())
def test_a_reviewer_one_point_lower_on_everyone_changes_no_rank(panel):
    merits, reviewers = panel
    try:
        with transaction.atomic():
            round_ = RoundFactory()
            apps = [ApplicationFactory(round=round_, status=Status.IN_REVIEW) for _ in merits]
            for k, offset in reviewers:
                _scores(apps, merits, make_reviewer(), k, offset)
            before = _ranks(round_)
            k, offset = reviewers[0]
            _scores(apps, merits, make_reviewer(), k, offset - 1)  # one point lower on everyone
            assert _ranks(round_) == before
            raise Rollback
    except Rollback:
        pass
