"""Scoring in the admin: drafts, submission, read-only afterwards, conflicts, blind review."""

import pytest
from django.core import mail

from applications.models import Review, Status
from applications.services import ReviewRefused, conflict_declare, review_save, review_submit
from tests.factories import ReviewAssignmentFactory, make_program_staff, make_reviewer, submitted_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def assignment(reviewer):
    make_reviewer(reviewer)
    return ReviewAssignmentFactory(reviewer=reviewer)


def _criteria(assignment):
    return list(assignment.application.round.program.criteria.all())


def _post_data(assignment, values, *, recommendation="support", button="_save_draft"):
    data = {button: "1", "overall_comment": "Solid plan.", "recommendation": recommendation}
    for criterion, value in zip(_criteria(assignment), values, strict=False):
        data[f"score_{criterion.pk}"] = "" if value is None else str(value)
        data[f"comment_{criterion.pk}"] = f"On {criterion.name}"
    return data


def _url(assignment):
    return f"/admin/applications/reviewassignment/{assignment.pk}/change/"


def test_reviewer_changelist_shows_state_and_deadline(client, assignment, reviewer):
    client.force_login(reviewer)
    page = client.get("/admin/applications/reviewassignment/").content.decode()
    assert "My reviews" in page
    assert 'data-state="to_do"' in page
    assert str(assignment.application.round.review_closes_at.year) in page


def test_review_page_shows_the_application_read_only_with_anchors(client, assignment, reviewer):
    client.force_login(reviewer)
    page = client.get(_url(assignment)).content.decode()
    assert assignment.application.plan in page
    assert assignment.application.community.name in page
    assert "5 — Outstanding" in page and "1 — Poor" in page
    assert "Strongly support" in page and "Do not support" in page


def test_save_draft_keeps_partial_scores(client, assignment, reviewer):
    client.force_login(reviewer)
    response = client.post(_url(assignment), _post_data(assignment, [4, 3, None, None, None]))
    assert response.status_code == 302
    review = Review.objects.get(assignment=assignment)
    assert review.submitted_at is None
    assert sorted(s.value for s in review.scores.all() if s.value) == [3, 4]
    page = client.get("/admin/applications/reviewassignment/").content.decode()
    assert 'data-state="in_progress"' in page


def test_submit_needs_every_criterion_and_keeps_what_was_typed(client, assignment, reviewer):
    client.force_login(reviewer)
    response = client.post(_url(assignment), _post_data(assignment, [4, 3, None, 2, 5], button="_submit"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Quality and feasibility of the plan" in page and "Score" in page
    assert 'value="Solid plan."' in page or "Solid plan." in page
    assert not Review.objects.filter(assignment=assignment, submitted_at__isnull=False).exists()


def test_submit_then_read_only(client, assignment, reviewer):
    client.force_login(reviewer)
    response = client.post(_url(assignment), _post_data(assignment, [4, 3, 5, 2, 5], button="_submit"))
    assert response.status_code == 302
    review = Review.objects.get(assignment=assignment)
    assert review.submitted_at is not None
    assert review.recommendation == "support"
    page = client.get(_url(assignment)).content.decode()
    assert "Submit review" not in page
    assert 'data-state="submitted"' in page
    # A replayed form changes nothing.
    assert (
        client.post(_url(assignment), _post_data(assignment, [1, 1, 1, 1, 1], button="_submit")).status_code
        == 404
    )
    with pytest.raises(ReviewRefused):
        review_save(assignment=assignment, by=reviewer, scores={}, overall_comment="changed")
    review.refresh_from_db()
    assert review.overall_comment == "Solid plan."


def test_scores_out_of_range_are_refused(assignment, reviewer):
    criterion = _criteria(assignment)[0]
    with pytest.raises(ReviewRefused):
        review_save(assignment=assignment, by=reviewer, scores={criterion.pk: (6, "")})


def test_someone_else_cannot_save_or_submit(assignment, other_reviewer):
    make_reviewer(other_reviewer)
    with pytest.raises(ReviewRefused):
        review_submit(assignment=assignment, by=other_reviewer, scores={}, recommendation="support")


def test_declaring_a_conflict_releases_records_and_tells_staff(
    client, assignment, reviewer, staff, django_capture_on_commit_callbacks
):
    make_program_staff(staff)
    client.force_login(reviewer)
    client.post(_url(assignment), _post_data(assignment, [4, None, None, None, None]))
    url = f"/admin/applications/reviewassignment/{assignment.pk}/conflict/"
    assert client.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "I work with the founder."})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.conflict_declared_at is not None
    assert not Review.objects.filter(assignment=assignment).exists()
    assert [m.to for m in mail.outbox] == [[staff.email]]
    assert "I work with the founder." in mail.outbox[0].body
    page = client.get("/admin/applications/reviewassignment/").content.decode()
    assert 'data-state="conflict"' in page
    # The application's content is no longer shown to them.
    assert assignment.application.plan not in client.get(_url(assignment)).content.decode()


def test_conflict_after_submission_is_refused(assignment, reviewer):
    submitted_review(assignment, [3, 3, 3, 3, 3])
    with pytest.raises(ReviewRefused):
        conflict_declare(assignment=assignment, by=reviewer, reason="Oops")


def test_blind_review_hides_the_community_link_and_admins(client, reviewer, applicant):
    make_reviewer(reviewer)
    assignment = ReviewAssignmentFactory(reviewer=reviewer, application__round__blind_review=True)
    community = assignment.application.community
    community.name = "Very Identifiable Group"
    community.save()
    client.force_login(reviewer)
    for url in (_url(assignment), "/admin/applications/reviewassignment/"):
        page = client.get(url).content.decode()
        assert "Very Identifiable Group" not in page
        assert community.url not in page
        for admin in community.admins.all():
            assert admin.full_name not in page
    assert assignment.application.plan in client.get(_url(assignment)).content.decode()


def test_reviews_close_with_the_round(assignment, reviewer):
    from datetime import timedelta

    from django.utils import timezone

    round_ = assignment.application.round
    round_.opens_at = timezone.now() - timedelta(days=60)
    round_.closes_at = timezone.now() - timedelta(days=30)
    round_.review_closes_at = timezone.now() - timedelta(days=1)
    round_.save()
    with pytest.raises(ReviewRefused, match="closed"):
        review_save(assignment=assignment, by=reviewer, scores={})


def test_review_only_while_the_application_is_in_review(assignment, reviewer):
    from applications.models import Application

    Application.objects.filter(pk=assignment.application_id).update(status=Status.WITHDRAWN)
    with pytest.raises(ReviewRefused):
        review_save(assignment=assignment, by=reviewer, scores={})
