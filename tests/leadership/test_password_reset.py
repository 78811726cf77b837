"""Password reset by email, without revealing which addresses have an account."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from notifications.models import Notification

NEW_PASSWORD = "a-long-and-fresh-passphrase-42"


def ask_reset(client, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("password_reset"), {"email": email})


@pytest.mark.django_db
def test_reset_page_answers_the_same_for_known_and_unknown_addresses(
    client, applicant, django_capture_on_commit_callbacks
):
    known = ask_reset(client, applicant.email, django_capture_on_commit_callbacks)
    unknown = ask_reset(client, "nobody@example.org", django_capture_on_commit_callbacks)

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("password_reset_done")
    done = client.get(reverse("password_reset_done"))
    assert "If an account uses that address" in done.content.decode()


@pytest.mark.django_db
def test_reset_email_goes_only_to_the_real_account(client, applicant, django_capture_on_commit_callbacks):
    ask_reset(client, "nobody@example.org", django_capture_on_commit_callbacks)
    assert mail.outbox == []

    ask_reset(client, "APPLICANT@example.org", django_capture_on_commit_callbacks)

    assert [message.to for message in mail.outbox] == [[applicant.email]]
    assert "Choose a new password" in mail.outbox[0].subject


@pytest.mark.django_db
def test_reset_link_sets_a_new_password(client, applicant, django_capture_on_commit_callbacks):
    ask_reset(client, applicant.email, django_capture_on_commit_callbacks)
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert response["Location"] == reverse("password_reset_complete")
    applicant.refresh_from_db()
    assert applicant.check_password(NEW_PASSWORD)
    assert not client.get(link, follow=True).context["validlink"]


@pytest.mark.django_db
def test_reset_goes_through_the_outbox(client, applicant, django_capture_on_commit_callbacks):
    ask_reset(client, applicant.email, django_capture_on_commit_callbacks)

    row = Notification.objects.get()
    assert (row.event, row.to_email, row.state) == ("password_reset", applicant.email, "sent")
    assert len(mail.outbox) == 1


def test_with_a_broker_the_request_only_writes_the_address_down(
    client, applicant, django_capture_on_commit_callbacks
):
    """No publish from the web request: a frozen broker must not stall the reset form."""
    from config import celery_app
    from leadership.models import PasswordResetRequest
    from leadership.services import password_resets_process

    celery_app.conf.task_always_eager = False  # as with REDIS_URL; the autouse fixture restores it
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(reverse("password_reset"), {"email": applicant.email})
        client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert callbacks == []
    assert sorted(PasswordResetRequest.objects.values_list("email", flat=True)) == [
        "applicant@example.org",
        "nobody@example.org",
    ]
    assert not Notification.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert password_resets_process() == 1
    assert not PasswordResetRequest.objects.exists()
    assert list(Notification.objects.values_list("event", "to_email")) == [
        ("password_reset", applicant.email)
    ]


def test_beat_takes_the_waiting_requests_every_few_seconds(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["leadership-password-resets"]
    assert entry["task"] == "leadership.tasks.process_password_resets"
    assert entry["schedule"] <= 10
