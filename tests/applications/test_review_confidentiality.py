"""Confidentiality through the real admin URLs: a reviewer sees their own assignments only."""

import pytest

from applications.models import Status
from tests.factories import ApplicationFactory, ReviewAssignmentFactory, make_reviewer, submitted_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine(reviewer):
    make_reviewer(reviewer)
    return ReviewAssignmentFactory(reviewer=reviewer)


@pytest.fixture
def theirs(other_reviewer, mine):
    """The other reviewer's assignment on the same application, already submitted."""
    make_reviewer(other_reviewer)
    assignment = ReviewAssignmentFactory(reviewer=other_reviewer, application=mine.application)
    submitted_review(assignment, [2, 2, 2, 2, 2], comment="Their secret comment")
    return assignment


def test_reviewer_lists_only_their_assignments(client, reviewer, mine, theirs):
    elsewhere = ReviewAssignmentFactory()
    client.force_login(reviewer)
    response = client.get("/admin/applications/reviewassignment/")
    assert list(response.context["cl"].result_list) == [mine]
    page = response.content.decode()
    assert elsewhere.application.title not in page


def test_reviewer_cannot_open_another_reviewers_assignment(client, reviewer, theirs):
    client.force_login(reviewer)
    for suffix in ("change/", "conflict/", "history/", "delete/"):
        response = client.get(f"/admin/applications/reviewassignment/{theirs.pk}/{suffix}")
        assert response.status_code in (404, 405), suffix
        assert b"Their secret comment" not in response.content


def test_reviewer_cannot_open_an_unassigned_application_or_its_files(client, reviewer, mine):
    other = ApplicationFactory(status=Status.IN_REVIEW)
    stranger_assignment = ReviewAssignmentFactory(application=other)
    client.force_login(reviewer)
    assert client.get(f"/admin/applications/application/{other.pk}/change/").status_code == 404
    assert (
        client.get(f"/admin/applications/reviewassignment/{stranger_assignment.pk}/change/").status_code
        == 404
    )
    assert client.get(f"/admin/applications/reviewassignment/{mine.pk}/attachments/1/").status_code == 404
    assert (
        client.get(f"/admin/applications/reviewassignment/application/{other.pk}/assign/").status_code == 404
    )
    assert client.get(f"/staff/reviews/applications/{other.pk}/").status_code == 404
    assert client.get(f"/applications/{other.pk}/").status_code == 404


def test_other_reviews_appear_only_after_submitting_ones_own(client, reviewer, mine, theirs):
    client.force_login(reviewer)
    page = client.get(f"/admin/applications/reviewassignment/{mine.pk}/change/").content.decode()
    assert "Their secret comment" not in page
    assert "once you have submitted yours" in page
    submitted_review(mine, [4, 4, 4, 4, 4])
    page = client.get(f"/admin/applications/reviewassignment/{mine.pk}/change/").content.decode()
    assert "Their secret comment" in page
    assert theirs.reviewer.full_name not in page  # shown as "Reviewer A", never by name


def test_reviewer_cannot_reach_the_ranking(client, reviewer, mine):
    client.force_login(reviewer)
    assert client.get(f"/staff/reviews/rounds/{mine.application.round_id}/ranking/").status_code == 404
    assert client.get("/staff/reviews/").status_code == 404


def test_reviewer_cannot_delete_or_add_assignments(client, reviewer, mine):
    client.force_login(reviewer)
    assert client.get("/admin/applications/reviewassignment/add/").status_code == 404
    response = client.post(
        "/admin/applications/reviewassignment/",
        {"action": "delete_selected", "_selected_action": [str(mine.pk)], "post": "yes"},
    )
    assert response.status_code in (200, 302)
    assert type(mine).objects.filter(pk=mine.pk).exists()
