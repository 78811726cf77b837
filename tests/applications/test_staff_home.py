"""The staff home: a round's pipeline, review progress, what needs a decision, the next deadline."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import Review, Status
from applications.staff_home import _PANELS, next_deadline, staff_home_panel_register
from tests.factories import (
    ApplicationFactory,
    ReviewAssignmentFactory,
    RoundFactory,
    make_reviewer,
    submitted_review,
)

pytestmark = pytest.mark.django_db


def _review(assignment):
    return submitted_review(assignment, [4] * assignment.application.round.program.criteria.count())


@pytest.fixture
def round_(db):
    return RoundFactory(title="Autumn call")


@pytest.fixture
def busy_round(round_, reviewer, other_reviewer):
    make_reviewer(reviewer)
    make_reviewer(other_reviewer)
    ApplicationFactory.create_batch(2, round=round_, status=Status.SUBMITTED)
    ApplicationFactory(round=round_, status=Status.DRAFT)
    ApplicationFactory(round=round_, status=Status.SHORTLISTED)
    ready = ApplicationFactory(round=round_, status=Status.IN_REVIEW, title="All reviewed")
    waiting = ApplicationFactory(round=round_, status=Status.IN_REVIEW, title="Half reviewed")
    _review(ReviewAssignmentFactory(application=ready, reviewer=reviewer))
    _review(ReviewAssignmentFactory(application=ready, reviewer=other_reviewer))
    _review(ReviewAssignmentFactory(application=waiting, reviewer=reviewer))
    Review.objects.create(assignment=ReviewAssignmentFactory(application=waiting, reviewer=other_reviewer))
    ReviewAssignmentFactory(
        application=ApplicationFactory(round=round_, status=Status.IN_REVIEW),
        reviewer=other_reviewer,
        conflict_declared_at=timezone.now(),
    )
    return {"ready": ready, "waiting": waiting}


def test_the_home_shows_the_rounds_pipeline_progress_and_decisions(client, staff, round_, busy_round):
    client.force_login(staff)
    response = client.get(reverse("staff_home"), {"round": round_.pk})
    assert response.status_code == 200
    context = response.context
    counts = {status: n for status, _label, n in context["pipeline"]}
    assert counts[Status.SUBMITTED] == 2 and counts[Status.DRAFT] == 1 and counts[Status.IN_REVIEW] == 3
    assert context["total"] == 7
    progress = context["progress"]
    assert (progress.assigned, progress.submitted, progress.conflicts, progress.overdue) == (4, 3, 1, 0)
    per_reviewer = {r.reviewer_id: (r.assigned, r.submitted, r.conflicts) for r in progress.reviewers}
    assert set(per_reviewer.values()) == {(2, 2, 0), (2, 1, 1)}
    assert [a.pk for a in context["ready"]] == [busy_round["ready"].pk]
    html = response.content.decode()
    assert "All reviewed" in html and "Half reviewed" not in html
    for url in (
        reverse("round_ranking", args=[round_.pk]),
        reverse("admin:applications_reviewassignment_assign_round") + f"?round={round_.pk}",
        reverse("staff_shortlist"),
        reverse("staff_reports"),
        reverse("admin:applications_application_changelist") + f"?round__id__exact={round_.pk}",
        reverse("round_ranking", args=[round_.pk]) + "#release-heading",
    ):
        assert url in html, url


def test_unfinished_reviews_are_overdue_after_the_review_deadline(client, staff, busy_round):
    round_ = busy_round["ready"].round
    round_.closes_at = timezone.now() - timedelta(days=40)
    round_.opens_at = timezone.now() - timedelta(days=60)
    round_.review_closes_at = timezone.now() - timedelta(days=1)
    round_.save()
    client.force_login(staff)
    progress = client.get(reverse("staff_home"), {"round": round_.pk}).context["progress"]
    assert progress.overdue == 1
    assert [r.overdue for r in progress.reviewers] == [1, 0]


def test_the_next_deadline_is_the_close_then_the_review_close(round_):
    now = timezone.now()
    assert next_deadline(round_, now=now).at == round_.closes_at
    assert next_deadline(round_, now=round_.closes_at).at == round_.review_closes_at
    assert next_deadline(round_, now=round_.review_closes_at) is None


def test_without_a_round_asked_for_the_home_shows_the_one_due_next(client, staff):
    RoundFactory(title="Later", closes_at=timezone.now() + timedelta(days=50))
    soon = RoundFactory(title="Sooner", closes_at=timezone.now() + timedelta(days=3))
    RoundFactory(
        title="Past",
        opens_at=timezone.now() - timedelta(days=90),
        closes_at=timezone.now() - timedelta(days=60),
        review_closes_at=timezone.now() - timedelta(days=30),
    )
    client.force_login(staff)
    assert client.get(reverse("staff_home")).context["round"] == soon
    assert client.get(reverse("staff_home"), {"round": "nonsense"}).context["round"] == soon


@pytest.mark.parametrize("persona", ["applicant", "reviewer", "staff_without_role"])
def test_others_get_404(client, request, persona):
    user = request.getfixturevalue(persona)
    if persona == "reviewer":
        make_reviewer(user)
    client.force_login(user)
    assert client.get(reverse("staff_home")).status_code == 404


def test_anonymous_visitors_are_asked_to_log_in(client):
    response = client.get(reverse("staff_home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_registered_panels_appear_on_the_home(client, staff, round_, settings, tmp_path):
    (tmp_path / "test_panel.html").write_text("<p>Test panel for round {{ panel.n }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    staff_home_panel_register(key="test-panel", template="test_panel.html", context=lambda r: {"n": r.pk})
    try:
        client.force_login(staff)
        html = client.get(reverse("staff_home"), {"round": round_.pk}).content.decode()
    finally:
        _PANELS.pop("test-panel")
    assert 'data-panel="test-panel"' in html
    assert f"Test panel for round {round_.pk}" in html


def test_constant_queries_at_two_sizes(client, staff, round_, busy_round):
    client.force_login(staff)
    url = reverse("staff_home") + f"?round={round_.pk}"
    client.get(url)

    def count() -> int:
        cache.clear()  # both counts compute what is kept per ranking stamp (the calibration panel)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = count()
    reviewers = [make_reviewer() for _ in range(4)]
    for i in range(12):
        application = ApplicationFactory(round=round_, status=Status.IN_REVIEW)
        for reviewer in reviewers[: 1 + i % 4]:
            _review(ReviewAssignmentFactory(application=application, reviewer=reviewer))
    ApplicationFactory.create_batch(5, round=round_, status=Status.SUBMITTED)
    RoundFactory.create_batch(3)
    assert count() == small


def test_the_ready_count_agrees_with_the_ready_list(round_, busy_round):
    from applications.staff_home import ready_count, ready_to_decide

    assert ready_count(round_) == ready_to_decide(round_).count() == 1


def test_the_home_says_which_drafts_have_more_time(client, staff, round_):
    from applications.services import application_deadline_extend

    draft = ApplicationFactory(round=round_, status=Status.DRAFT)
    until = round_.closes_at + timedelta(days=2)
    application_deadline_extend(application=draft, by=staff, closes_at=until, reason="Outage")
    client.force_login(staff)
    response = client.get(reverse("staff_home"), {"round": round_.pk})
    assert response.context["extended"]["n"] == 1
    assert "1 draft has more time, until" in response.content.decode()


def test_the_selection_and_retention_panels_show_the_rounds_figures(client, staff, round_, busy_round):
    from applications.models import Flag, FlagKind, Slate

    first, second = ApplicationFactory.create_batch(2, round=round_, status=Status.SUBMITTED)
    Flag.objects.create(
        kind=FlagKind.SIMILAR_TEXT, key="t", application=first, other_application=second, score=0.9
    )
    ApplicationFactory(status=Status.SUBMITTED)  # another round's flag is not this round's
    Slate.objects.create(round=round_, name="Spread across regions", total_score=1.0, created_by=staff)
    client.force_login(staff)
    html = client.get(reverse("staff_home") + f"?round={round_.pk}").content.decode()
    panels = html[html.index('id="staff-home-panels"') :]
    assert "Reviewer calibration" in panels and "3 reviews" in panels
    assert "<strong>1</strong> open flag on this round" in panels
    assert "Spread across regions" in panels and reverse("slate_build", args=[round_.pk]) in panels
    assert "Retention: due this month" in panels


def test_the_calibration_panel_is_kept_until_a_review_changes(client, staff, round_, busy_round):
    """Computed over every review, so kept per ranking stamp; a new review total renews it."""
    client.force_login(staff)
    url = reverse("staff_home") + f"?round={round_.pk}"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        first = client.get(url).context["panels"]
    assert not [q["sql"] for q in queries if "applications_review" in q["sql"] and "WITH" in q["sql"]]
    reviews_before = next(p for p in first if p["key"] == "calibration")["calibration"].reviews
    application = ApplicationFactory(round=round_, status=Status.IN_REVIEW)
    _review(ReviewAssignmentFactory(application=application, reviewer=make_reviewer()))
    panels = client.get(url).context["panels"]
    assert next(p for p in panels if p["key"] == "calibration")["calibration"].reviews == reviews_before + 1
