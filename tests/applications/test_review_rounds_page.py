"""The staff review rounds page: each round's progress, counted by round in constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.models import Status
from tests.factories import (
    ApplicationFactory,
    ReviewAssignmentFactory,
    RoundFactory,
    make_program_staff,
    make_reviewer,
    submitted_review,
)

pytestmark = pytest.mark.django_db


def _round_with(n_apps: int):
    round_ = RoundFactory()
    reviewer = make_reviewer()
    for i in range(n_apps):
        application = ApplicationFactory(round=round_, status=Status.IN_REVIEW)
        assignment = ReviewAssignmentFactory(reviewer=reviewer, application=application)
        if i % 2 == 0:
            submitted_review(assignment, [3] * 5)
    return round_


def _rows(client):
    response = client.get("/staff/reviews/")
    assert response.status_code == 200
    return {
        round_.pk: (round_.in_review, assigned, done) for round_, assigned, done in response.context["rows"]
    }


def test_each_round_shows_its_own_counts(client, staff):
    make_program_staff(staff)
    first, second = _round_with(3), _round_with(4)
    ApplicationFactory(round=first, status=Status.SUBMITTED)
    released = ReviewAssignmentFactory(application=ApplicationFactory(round=second, status=Status.IN_REVIEW))
    released.conflict_declared_at, released.conflict_reason = timezone.now(), "Knows the founder."
    released.save(update_fields=["conflict_declared_at", "conflict_reason"])
    empty = RoundFactory()
    client.force_login(staff)
    rows = _rows(client)
    # In review; active assignments (a declared conflict no longer counts); submitted reviews.
    assert rows[first.pk] == (3, 3, 2)
    assert rows[second.pk] == (5, 4, 2)
    assert rows[empty.pk] == (0, 0, 0)


def test_queries_do_not_grow(client, staff):
    make_program_staff(staff)
    _round_with(2)
    client.force_login(staff)
    client.get("/staff/reviews/")
    with CaptureQueriesContext(connection) as small:
        _rows(client)
    _round_with(12)
    with CaptureQueriesContext(connection) as large:
        _rows(client)
    assert len(large) == len(small) <= 10
