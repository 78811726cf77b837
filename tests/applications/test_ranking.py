"""The normalised ranking: a hand-computed example, the staff page, and constant query counts."""

import math

import pytest

from applications.models import Status
from applications.ranking import round_ranking
from tests.factories import (
    ApplicationFactory,
    CommunityFactory,
    ReviewAssignmentFactory,
    RoundFactory,
    make_program_staff,
    make_reviewer,
    submitted_review,
)

pytestmark = pytest.mark.django_db


def _review(reviewer, application, score):
    """A submitted review giving `score` on every criterion, so its weighted total is `score`."""
    assignment = ReviewAssignmentFactory(reviewer=reviewer, application=application)
    return submitted_review(assignment, [score] * 5)


@pytest.fixture
def example():
    """Harsh H scores A3 B2 C1; lenient L scores D4 E5 F5; N (two reviews only) scores G4 and A4.

    By hand (population statistics):
      H: mean 2, sd √(2/3) → z(A)=+1.2247, z(B)=0, z(C)=-1.2247
      L: mean 14/3, sd √(2/9) → z(D)=-1.4142, z(E)=z(F)=+0.7071
      N has fewer than 3 reviews: raw against the pool of all 8 totals (3,2,1,4,5,5,4,4),
        mean 3.5, sd √1.75 → z(G)=z(N on A)=0.5/√1.75=+0.3780
      A = (1.2247 + 0.3780)/2 = 0.8013, raw mean 3.5, spread 0.5
    Normalised order A, E, F, G, B, C, D; raw order puts D (4.0) above A (3.5).
    """
    round_ = RoundFactory()
    harsh, lenient, newcomer = make_reviewer(), make_reviewer(), make_reviewer()
    apps = {
        name: ApplicationFactory(round=round_, status=Status.IN_REVIEW, title=f"App {name}")
        for name in "ABCDEFG"
    }
    for name, score in (("A", 3), ("B", 2), ("C", 1)):
        _review(harsh, apps[name], score)
    for name, score in (("D", 4), ("E", 5), ("F", 5)):
        _review(lenient, apps[name], score)
    _review(newcomer, apps["G"], 4)
    _review(newcomer, apps["A"], 4)
    ApplicationFactory(round=round_, status=Status.IN_REVIEW, title="App unreviewed")
    ApplicationFactory(round=round_, status=Status.INELIGIBLE, title="App ineligible")
    return round_, apps


def test_normalised_score_on_a_hand_computed_example(example):
    round_, _apps = example
    rows = round_ranking(round_).rows
    by_title = {row.title: row for row in rows}
    assert [row.title for row in rows] == [
        "App A",
        "App E",
        "App F",
        "App G",
        "App B",
        "App C",
        "App D",
        "App unreviewed",
    ]
    assert [row.rank for row in rows] == list(range(1, 9))
    z_h = 1 / math.sqrt(2 / 3)
    z_n = 0.5 / math.sqrt(1.75)
    assert by_title["App A"].normalised == pytest.approx((z_h + z_n) / 2)
    assert by_title["App A"].raw_mean == pytest.approx(3.5)
    assert by_title["App A"].spread == pytest.approx(0.5)
    assert by_title["App A"].review_count == 2
    assert by_title["App B"].normalised == pytest.approx(0)
    assert by_title["App C"].normalised == pytest.approx(-z_h)
    assert by_title["App D"].normalised == pytest.approx(-(2 / 3) / math.sqrt(2 / 9))
    assert by_title["App E"].normalised == pytest.approx((1 / 3) / math.sqrt(2 / 9))
    assert by_title["App G"].normalised == pytest.approx(z_n)
    # The harsh reviewer's best beats the lenient reviewer's worst, whatever the raw totals say.
    assert by_title["App D"].raw_mean > by_title["App A"].raw_mean
    assert by_title["App A"].rank < by_title["App D"].rank
    unreviewed = by_title["App unreviewed"]
    assert (unreviewed.review_count, unreviewed.normalised, unreviewed.raw_mean) == (0, None, None)


def test_weights_count_in_the_review_total():
    round_ = RoundFactory()  # fellowship weights 1.5, 1.5, 1, 1, 1
    application = ApplicationFactory(round=round_, status=Status.IN_REVIEW)
    submitted_review(ReviewAssignmentFactory(application=application), [5, 5, 1, 1, 1])
    row = round_ranking(round_).rows[0]
    assert row.raw_mean == pytest.approx((7.5 + 7.5 + 3) / 6)


def test_strong_disagreement_is_flagged():
    round_ = RoundFactory()
    split = ApplicationFactory(round=round_, status=Status.IN_REVIEW, title="Split")
    agreed = ApplicationFactory(round=round_, status=Status.IN_REVIEW, title="Agreed")
    a, b = make_reviewer(), make_reviewer()
    _review(a, split, 1)
    _review(b, split, 5)
    _review(a, agreed, 3)
    _review(b, agreed, 4)
    flags = {row.title: row.disagreement for row in round_ranking(round_).rows}
    assert flags == {"Split": True, "Agreed": False}


def test_drafts_and_conflicts_do_not_count():
    from applications.models import Review

    round_ = RoundFactory()
    application = ApplicationFactory(round=round_, status=Status.IN_REVIEW)
    submitted_review(ReviewAssignmentFactory(application=application), [4] * 5)
    draft = submitted_review(ReviewAssignmentFactory(application=application), [1] * 5)
    Review.objects.filter(pk=draft.pk).update(submitted_at=None)
    assert round_ranking(round_).rows[0].review_count == 1


def test_filters_keep_round_ranks(example):
    round_, _apps = example
    kenya = CommunityFactory(country="KE", focus=["environment"])
    ApplicationFactory(round=round_, status=Status.IN_REVIEW, community=kenya, title="Kenyan")
    rows = round_ranking(round_, country="KE").rows
    assert [(r.title, r.rank) for r in rows] == [("Kenyan", 9)]
    from leadership.models import FocusArea

    rows = round_ranking(round_, focus_area=FocusArea.objects.get(code="environment")).rows
    assert [r.title for r in rows] == ["Kenyan"]


# --- The staff page -------------------------------------------------------------------------


def test_ranking_page_lists_applications_with_links_to_reviews(client, staff, example):
    round_, apps = example
    make_program_staff(staff)
    client.force_login(staff)
    response = client.get(f"/staff/reviews/rounds/{round_.pk}/ranking/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("App A") < page.index("App D")
    assert f"/staff/reviews/applications/{apps['A'].pk}/" in page
    reviews = client.get(f"/staff/reviews/applications/{apps['A'].pk}/").content.decode()
    assert reviews.count("Support") >= 2


def test_ranking_page_filters(client, staff, example):
    round_, _apps = example
    ApplicationFactory(
        round=round_, status=Status.IN_REVIEW, community=CommunityFactory(country="KE"), title="Kenyan"
    )
    make_program_staff(staff)
    client.force_login(staff)
    page = client.get(f"/staff/reviews/rounds/{round_.pk}/ranking/?country=KE").content.decode()
    assert "Kenyan" in page
    assert "App A" not in page


def test_anonymous_is_sent_to_log_in_and_strangers_get_404(client, stranger, staff_without_role):
    round_ = RoundFactory()
    url = f"/staff/reviews/rounds/{round_.pk}/ranking/"
    response = client.get(url)
    assert response.status_code == 302 and "login" in response.url
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    client.force_login(staff_without_role)
    assert client.get(url).status_code == 404


def _populate(round_, n_apps, reviewers):
    for i in range(n_apps):
        application = ApplicationFactory(round=round_, status=Status.IN_REVIEW)
        for j, _reviewer in enumerate(reviewers[:2]):
            submitted_review(
                ReviewAssignmentFactory(
                    application=application, reviewer=reviewers[(i + j) % len(reviewers)]
                ),
                [(i + j) % 5 + 1] * 5,
            )


@pytest.mark.parametrize("n_apps", [10, 200])
def test_ranking_page_queries_do_not_grow(client, staff, django_assert_max_num_queries, n_apps):
    make_program_staff(staff)
    round_ = RoundFactory()
    _populate(round_, n_apps, [make_reviewer() for _ in range(4)])
    client.force_login(staff)
    url = f"/staff/reviews/rounds/{round_.pk}/ranking/"
    # 13 for the ranking itself (three of them when not cached: its stamp, the aggregation, the
    # rows' titles), plus the pool's spread, the awaiting list and count, the decline summary, and
    # the batch form's message templates and reasons.
    with django_assert_max_num_queries(19):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["rows"]) == min(n_apps, 100)


@pytest.mark.parametrize("n_apps", [10, 200])
def test_reviewer_changelist_queries_do_not_grow(client, reviewer, django_assert_max_num_queries, n_apps):
    make_reviewer(reviewer)
    round_ = RoundFactory()
    for i in range(n_apps):
        assignment = ReviewAssignmentFactory(reviewer=reviewer, application__round=round_)
        if i % 3 == 0:
            submitted_review(assignment, [3] * 5)
    client.force_login(reviewer)
    with django_assert_max_num_queries(12):
        response = client.get("/admin/applications/reviewassignment/")
    assert response.status_code == 200
