"""Reviewer calibration: Krippendorff's alpha on the paper's example, hand-computed reviewer figures,
flags, the staff page, its CSV and its query count."""

import csv
import io
import math
from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.calibration import round_calibration, units_alpha
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

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the example with missing
# values: 4 observers, 12 units, values 1-5. He gives alpha (interval) = 0.849; the exact value
# from his coincidence matrix is 951/1120.
N = None
PAPER = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]
PAPER_ALPHA = Fraction(951, 1120)


def _review(reviewer, application, score):
    """A submitted review giving `score` on every criterion, so its weighted total is `score`."""
    return submitted_review(ReviewAssignmentFactory(reviewer=reviewer, application=application), [score] * 5)


def _round_of(matrix):
    """A round whose reviewers (rows) scored its applications (columns) as in `matrix`."""
    round_ = RoundFactory()
    apps = [ApplicationFactory(round=round_, status=Status.IN_REVIEW) for _ in matrix[0]]
    reviewers = [make_reviewer(full_name=f"Reviewer {chr(65 + i)}") for i in range(len(matrix))]
    for reviewer, row in zip(reviewers, matrix, strict=True):
        for app, value in zip(apps, row, strict=True):
            if value is not None:
                _review(reviewer, app, value)
    return round_, reviewers


def test_alpha_formula_matches_krippendorffs_worked_example():
    units = [[row[u] for row in PAPER if row[u] is not None] for u in range(12)]
    assert units_alpha(units) == pytest.approx(float(PAPER_ALPHA), abs=1e-12)
    assert round(units_alpha(units), 3) == 0.849


def test_round_alpha_in_sql_matches_krippendorffs_worked_example():
    round_, _ = _round_of(PAPER)
    result = round_calibration(round_)
    assert result.alpha == pytest.approx(float(PAPER_ALPHA), abs=1e-9)
    assert result.reviews == 41  # every value, the lone one on unit 12 included
    assert result.pairable == 40 and result.units == 11
    assert result.alpha_reading == "reliable"


def test_alpha_is_perfect_when_reviewers_agree_and_unknown_without_variation():
    round_, _ = _round_of([[1, 3, 5], [1, 3, 5]])
    assert round_calibration(round_).alpha == pytest.approx(1.0)
    flat, _ = _round_of([[3, 3], [3, 3]])
    assert round_calibration(flat).alpha is None
    assert round_calibration(RoundFactory()).alpha is None


def test_reviewer_figures_on_a_hand_computed_example():
    """P, Q, R review the same three applications.

      P: 2 3 1   co-reviewers' means 3.5 4.5 4.0 → differences -1.5 -1.5 -3 → leniency -2, disagreement 2
      Q: 4 5 3   co-means 2.5 3.5 3.0 → +1.5 +1.5 0 → leniency +1, disagreement 1
      R: 3 4 5   co-means 3.0 4.0 2.0 → 0 0 +3 → leniency +1, disagreement 1
    Correlations (population): P and Q 0.5 (cov 1/6 over √(2/3 · 1/6)), R -0.5 (cov -1/3 over 2/3).
    """
    round_, (p, q, r) = _round_of([[2, 3, 1], [4, 5, 3], [3, 4, 5]])
    result = round_calibration(round_)
    rows = {row.reviewer_id: row for row in result.reviewers}
    assert result.reviews == 9
    assert result.panel_mean == pytest.approx(30 / 9)
    assert rows[p.pk].reviews == 3
    assert rows[p.pk].mean == pytest.approx(2.0)
    assert rows[p.pk].spread == pytest.approx(math.sqrt(2 / 3))
    assert rows[p.pk].offset == pytest.approx(2 - 30 / 9)
    assert rows[p.pk].co_reviewed == 3
    assert rows[p.pk].leniency == pytest.approx(-2.0)
    assert rows[p.pk].disagreement == pytest.approx(2.0)
    assert rows[p.pk].correlation == pytest.approx(0.5)
    assert rows[q.pk].leniency == pytest.approx(1.0)
    assert rows[q.pk].disagreement == pytest.approx(1.0)
    assert rows[q.pk].correlation == pytest.approx(0.5)
    assert rows[r.pk].leniency == pytest.approx(1.0)
    assert rows[r.pk].correlation == pytest.approx(-0.5)


def test_near_constant_and_outlier_reviewers_are_flagged_and_others_not():
    round_, (a, b, c, d, constant, contrarian) = _round_of(
        [
            [1, 2, 3, 4, 5, 3],
            [1, 2, 3, 4, 5, 4],
            [2, 2, 3, 4, 5, 3],
            [1, 2, 4, 4, 5, 3],
            [3, 3, 3, 3, 3, 3],
            [5, 4, 3, 2, 1, 5],
        ]
    )
    rows = {row.reviewer_id: row for row in round_calibration(round_).reviewers}
    assert rows[constant.pk].near_constant and not rows[constant.pk].outlier
    assert rows[contrarian.pk].outlier and not rows[contrarian.pk].near_constant
    assert rows[contrarian.pk].correlation < 0
    for ordinary in (a, b, c, d):
        assert not rows[ordinary.pk].flagged


def test_a_lone_review_has_no_co_reviewer_figures():
    round_, (solo,) = _round_of([[4]])
    (row,) = round_calibration(round_).reviewers
    assert row.reviewer_id == solo.pk and row.co_reviewed == 0
    assert row.leniency is None and row.disagreement is None and row.correlation is None


# --- The staff page and the CSV -----------------------------------------------------------------


def test_staff_page_shows_alpha_flags_and_links(client, staff):
    make_program_staff(staff)
    round_, _ = _round_of(PAPER)
    client.force_login(staff)
    response = client.get(f"/staff/reviews/rounds/{round_.pk}/calibration/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "0.849" in page
    assert "How to read these figures" in page
    assert f"/staff/reviews/rounds/{round_.pk}/calibration.csv" in page
    ranking = client.get(f"/staff/reviews/rounds/{round_.pk}/ranking/").content.decode()
    assert f"/staff/reviews/rounds/{round_.pk}/calibration/" in ranking
    rounds = client.get("/staff/reviews/").content.decode()
    assert f"/staff/reviews/rounds/{round_.pk}/calibration/" in rounds


def test_csv_has_one_row_per_reviewer(client, staff):
    make_program_staff(staff)
    round_, (p, _q, _r) = _round_of([[2, 3, 1], [4, 5, 3], [3, 4, 5]])
    client.force_login(staff)
    response = client.get(f"/staff/reviews/rounds/{round_.pk}/calibration.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Reviewer", "Email", "Reviews"]
    assert len(rows) == 4
    by_email = {row[1]: row for row in rows[1:]}
    assert float(by_email[p.email][4]) == pytest.approx(2 - 30 / 9, abs=1e-4)  # mean vs panel
    assert float(by_email[p.email][7]) == pytest.approx(-2.0)  # leniency


@pytest.mark.parametrize("path", ["calibration/", "calibration.csv"])
def test_reviewers_strangers_and_bare_staff_get_404(client, reviewer, stranger, staff_without_role, path):
    round_ = RoundFactory()
    make_reviewer(reviewer)
    for user in (reviewer, stranger, staff_without_role):
        client.force_login(user)
        assert client.get(f"/staff/reviews/rounds/{round_.pk}/{path}").status_code == 404


def test_anonymous_is_sent_to_login(client):
    round_ = RoundFactory()
    response = client.get(f"/staff/reviews/rounds/{round_.pk}/calibration/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_missing_round_is_404(client, staff):
    make_program_staff(staff)
    client.force_login(staff)
    assert client.get("/staff/reviews/rounds/999999/calibration/").status_code == 404


def _page_queries(client, n_apps: int) -> int:
    round_ = RoundFactory()
    reviewers = [make_reviewer() for _ in range(3)]
    for i in range(n_apps):
        app = ApplicationFactory(round=round_, status=Status.IN_REVIEW)
        for j, reviewer in enumerate(reviewers):
            _review(reviewer, app, 1 + (i + j) % 5)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/staff/reviews/rounds/{round_.pk}/calibration/")
    assert response.status_code == 200
    return len(queries)


def test_page_queries_do_not_grow_with_reviews(client, staff):
    make_program_staff(staff)
    client.force_login(staff)
    small = _page_queries(client, 3)
    large = _page_queries(client, 30)
    assert small == large
    assert large <= 10


def test_staff_home_include_renders_recent_rounds(django_assert_max_num_queries):
    from django.template.loader import render_to_string

    from applications.calibration import recent_calibrations

    _round_of(PAPER)
    with django_assert_max_num_queries(7):
        calibrations = recent_calibrations(limit=3)
        html = "".join(
            render_to_string("applications/staff/includes/calibration_summary.html", {"calibration": c})
            for c in calibrations
        )
    assert "0.849" in html and "reliable" in html
