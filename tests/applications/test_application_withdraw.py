"""Withdrawing before a decision is known, after a confirmation page."""

import pytest
from django.urls import reverse

from applications.models import DecisionRelease, Status, StatusChange
from tests.factories import ApplicationFactory


def test_confirmation_page(client, applicant, draft):
    client.force_login(applicant)
    response = client.get(reverse("application_withdraw", args=[draft.pk]))
    assert response.status_code == 200
    assert "Withdraw the application" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW])
def test_post_withdraws_with_the_reason_recorded(
    client, applicant, community, open_round, status, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(community=community, round=open_round, status=status)
    client.force_login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("application_withdraw", args=[application.pk]), {"reason": "Our lead moved away."}
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    change = StatusChange.objects.get(application=application, new_status=Status.WITHDRAWN)
    assert (change.by, change.note, change.old_status) == (applicant, "Our lead moved away.", status)


def test_reason_is_optional(client, applicant, draft):
    client.force_login(applicant)
    client.post(reverse("application_withdraw", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == Status.WITHDRAWN


@pytest.mark.parametrize("status", [Status.SHORTLISTED, Status.AWARDED, Status.DECLINED, Status.WITHDRAWN])
def test_cannot_withdraw_after_a_released_decision(client, applicant, community, open_round, staff, status):
    application = ApplicationFactory(community=community, round=open_round, status=status)
    DecisionRelease.objects.create(round=open_round, released_by=staff)
    client.force_login(applicant)
    response = client.post(reverse("application_withdraw", args=[application.pk]))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == status


@pytest.mark.parametrize("method", ["get", "post"])
def test_stranger_gets_404(client, stranger, draft, method):
    client.force_login(stranger)
    assert getattr(client, method)(reverse("application_withdraw", args=[draft.pk])).status_code == 404
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_is_sent_to_log_in(client, draft, method):
    response = getattr(client, method)(reverse("application_withdraw", args=[draft.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "status", [Status.SHORTLISTED, Status.DECLINED, Status.WAITLISTED, Status.INELIGIBLE]
)
def test_a_quiet_decision_does_not_stop_a_withdrawal_before_release(
    client, applicant, community, open_round, status
):
    # The applicant still sees "in review": the page must not hint at the decision by hiding the button.
    application = ApplicationFactory(community=community, round=open_round, status=status)
    client.force_login(applicant)
    detail = client.get(reverse("application_detail", args=[application.pk])).content.decode()
    assert reverse("application_withdraw", args=[application.pk]) in detail
    client.post(reverse("application_withdraw", args=[application.pk]), {"reason": "Plans changed."})
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN


def test_a_released_decision_stands(client, applicant, community, open_round, staff):
    application = ApplicationFactory(community=community, round=open_round, status=Status.DECLINED)
    DecisionRelease.objects.create(round=open_round, released_by=staff)
    client.force_login(applicant)
    detail = client.get(reverse("application_detail", args=[application.pk])).content.decode()
    assert reverse("application_withdraw", args=[application.pk]) not in detail
    client.post(reverse("application_withdraw", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == Status.DECLINED
