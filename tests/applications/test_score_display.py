"""Scores on the ranking page read on the 1-5 scale; "—" says why when there is no information."""

import math

import pytest

from applications.models import Status
from applications.ranking import RankingRow, round_ranking
from applications.score_display import Pool, round_pool, shown_score, shown_scores
from tests.factories import (
    ApplicationFactory,
    ReviewAssignmentFactory,
    RoundFactory,
    make_program_staff,
    make_reviewer,
    submitted_review,
)

pytestmark = pytest.mark.django_db


def _row(normalised, count=3):
    return RankingRow(1, 1, "A", "in_review", 1, "C", "KE", count, 3.0, 0.5, 2.5, 3.5, normalised)


def test_the_score_is_the_pool_mean_plus_z_times_the_pool_spread():
    shown = shown_score(_row(0.5), Pool(mean=3.2, spread=0.8), 3)
    assert shown.value == pytest.approx(3.6)
    assert shown.missing_reason == ""


def test_the_score_is_held_within_the_review_scale():
    assert shown_score(_row(4.0), Pool(3.0, 1.0), 3).value == 5
    assert shown_score(_row(-4.0), Pool(3.0, 1.0), 3).value == 1


def test_no_review_reads_as_a_dash_with_the_reason():
    shown = shown_score(_row(None, count=0), Pool(3.0, 1.0), 3)
    assert shown.value is None
    assert shown.missing_reason == "No submitted review yet."
    assert shown.reviews_short


def test_no_spread_in_the_round_reads_as_a_dash_with_the_reason():
    shown = shown_score(_row(0.0, count=1), Pool(4.58, 0.0), 3)
    assert shown.value is None
    assert "nothing to compare" in shown.missing_reason


def test_fewer_reviews_than_the_round_asks_for_are_marked():
    assert shown_score(_row(0.1, count=2), Pool(3.0, 1.0), 3).reviews_short
    assert not shown_score(_row(0.1, count=3), Pool(3.0, 1.0), 3).reviews_short


def test_pool_matches_the_population_statistics_of_the_counted_totals():
    round_ = RoundFactory()
    for score in (1, 3, 5, 5):
        submitted_review(
            ReviewAssignmentFactory(application=ApplicationFactory(round=round_, status=Status.IN_REVIEW)),
            [score] * 5,
        )
    pool = round_pool(round_)
    assert pool.mean == pytest.approx(3.5)
    assert pool.spread == pytest.approx(math.sqrt(((2.5**2) + 0.25 + 1.5**2 * 2) / 4))


def test_shown_scores_keep_the_ranking_order():
    round_ = RoundFactory()
    reviewers = [make_reviewer() for _ in range(3)]
    for i in range(6):
        application = ApplicationFactory(round=round_, status=Status.IN_REVIEW)
        for j, reviewer in enumerate(reviewers):
            submitted_review(
                ReviewAssignmentFactory(application=application, reviewer=reviewer),
                [(i * (j + 1)) % 5 + 1] * 5,
            )
    shown = [s.value for s in shown_scores(round_ranking(round_).rows, round_)]
    assert shown == sorted(shown, reverse=True)


def test_one_review_in_the_round_never_shows_a_bare_zero(client, staff):
    """The issue's case: one review of 4.58 read as "0.00" beside its raw mean."""
    make_program_staff(staff)
    round_ = RoundFactory()
    application = ApplicationFactory(round=round_, status=Status.IN_REVIEW, title="Lonely")
    submitted_review(ReviewAssignmentFactory(application=application), [5, 5, 4, 4, 5])
    client.force_login(staff)
    html = client.get(f"/staff/reviews/rounds/{round_.pk}/ranking/").content.decode()
    cell = html[html.index('class="text-end fw-semibold score-cell"') :]
    cell = cell[: cell.index("</td>")]
    assert "0.00" not in cell
    assert "—" in cell and "nothing to compare" in cell
    assert "fewer reviews: 1 of 3" in cell
    assert "Score (1–5)" in html
