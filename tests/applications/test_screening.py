"""Screening: staff send submitted applications to review or rule them ineligible, one or many."""

import pytest

from applications.models import Application, Status, StatusChange
from applications.services import ReviewRefused, TransitionRefused, application_screen
from tests.factories import ApplicationFactory, make_program_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(staff):
    return make_program_staff(staff)


def test_screen_into_review_is_recorded(manager):
    application = ApplicationFactory(status=Status.SUBMITTED)
    application_screen(application=application, by=manager, eligible=True)
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW
    change = StatusChange.objects.get(application=application)
    assert (change.old_status, change.new_status, change.by) == (Status.SUBMITTED, Status.IN_REVIEW, manager)


def test_ineligible_needs_a_reason_the_applicant_will_read(manager):
    application = ApplicationFactory(status=Status.SUBMITTED)
    with pytest.raises(ReviewRefused):
        application_screen(application=application, by=manager, eligible=False, reason="  ")
    application_screen(
        application=application, by=manager, eligible=False, reason="Political campaign group."
    )
    application.refresh_from_db()
    assert application.status == Status.INELIGIBLE
    assert application.decision_note == "Political campaign group."


def test_only_submitted_applications_can_be_screened(manager):
    application = ApplicationFactory(status=Status.DRAFT)
    with pytest.raises(TransitionRefused):
        application_screen(application=application, by=manager, eligible=True)


def test_non_staff_cannot_screen(applicant, community):
    application = ApplicationFactory(community=community, status=Status.SUBMITTED)
    with pytest.raises(ReviewRefused):
        application_screen(application=application, by=applicant, eligible=True)


def test_bulk_screening_in_the_admin(client, manager):
    apps = [ApplicationFactory(status=Status.SUBMITTED) for _ in range(3)]
    draft = ApplicationFactory(status=Status.DRAFT)
    client.force_login(manager)
    response = client.post(
        "/admin/applications/application/",
        {"action": "screen_in_review", "_selected_action": [str(a.pk) for a in [*apps, draft]]},
    )
    assert response.status_code == 302
    assert set(Application.objects.filter(status=Status.IN_REVIEW)) == set(apps)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT  # refused and reported, not moved


def test_bulk_ineligible_asks_for_the_reason_first(client, manager):
    apps = [ApplicationFactory(status=Status.SUBMITTED) for _ in range(2)]
    client.force_login(manager)
    data = {"action": "screen_ineligible", "_selected_action": [str(a.pk) for a in apps]}
    page = client.post("/admin/applications/application/", data)
    assert page.status_code == 200
    assert "Reason the applicant will read" in page.content.decode()
    assert not Application.objects.filter(status=Status.INELIGIBLE).exists()
    response = client.post(
        "/admin/applications/application/", {**data, "reason": "Outside the payable countries.", "apply": "1"}
    )
    assert response.status_code == 302
    assert (
        Application.objects.filter(status=Status.INELIGIBLE, decision_note__startswith="Outside").count() == 2
    )


def test_reviewer_has_no_screening_actions(client, reviewer):
    from tests.factories import make_reviewer

    make_reviewer(reviewer)
    application = ApplicationFactory(status=Status.SUBMITTED)
    client.force_login(reviewer)
    response = client.post(
        "/admin/applications/application/",
        {"action": "screen_in_review", "_selected_action": [str(application.pk)]},
    )
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
