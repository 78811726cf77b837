"""The outbox admin: counts, filters, a safe view of the body, and resending failed rows."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from applications.roles import role_grant
from leadership.roles import PROGRAM_STAFF, REVIEWERS
from notifications.models import Notification, State
from tests.factories import UserFactory

CHANGELIST = "admin:notifications_notification_changelist"


def make_row(user, *, state=State.PENDING, event="application_submitted", **fields):
    values = {
        "event": event,
        "recipient": user,
        "to_email": user.email,
        "language": "en",
        "subject": f"Subject for {user.email}",
        "body_text": "Hello",
        "body_html": "<p>Hello</p>",
        "state": state,
        "sent_at": timezone.now() if state == State.SENT else None,
    }
    return Notification.objects.create(**{**values, **fields})


@pytest.fixture
def outbox_staff(staff):
    """Program staff, with exactly the permissions their group gives them."""
    role_grant(user=staff, role=PROGRAM_STAFF)
    return staff


@pytest.fixture
def rows(applicant, co_admin, stranger):
    return {
        "failed": [
            make_row(applicant, state=State.FAILED, attempts=6, last_error="SMTPServerDisconnected: gone"),
            make_row(co_admin, state=State.FAILED, attempts=6, last_error="SMTPServerDisconnected: gone"),
        ],
        "sent": [make_row(stranger, state=State.SENT, attempts=1, event="application_withdrawn")],
        "pending": [make_row(stranger)],
    }


def test_resend_puts_failed_rows_back_and_delivers_them(
    client, outbox_staff, rows, applicant, co_admin, django_capture_on_commit_callbacks
):
    client.force_login(outbox_staff)
    selected = [row.pk for row in rows["failed"]] + [rows["sent"][0].pk]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(CHANGELIST), {"action": "resend", "_selected_action": selected}, follow=True
        )
    assert response.status_code == 200
    content = response.content.decode()
    assert "2 notifications queued again." in content
    assert "1 selected notification was not failed and was left alone." in content
    assert sorted(m.to[0] for m in mail.outbox) == sorted([applicant.email, co_admin.email])
    for row in rows["failed"]:
        row.refresh_from_db()
        assert (row.state, row.attempts, row.last_error) == (State.SENT, 1, "")
    assert LogEntry.objects.filter(user=outbox_staff, object_id=str(rows["failed"][0].pk)).exists()


def test_program_staff_are_offered_the_resend_action(client, outbox_staff, rows):
    client.force_login(outbox_staff)
    assert 'value="resend"' in client.get(reverse(CHANGELIST)).content.decode()


def test_a_user_who_may_only_view_cannot_resend(client, rows):
    viewer = UserFactory(is_staff=True)  # is_staff alone: no role, no outbox rights
    viewer.user_permissions.add(Permission.objects.get(codename="view_notification"))
    role_grant(user=viewer, role=REVIEWERS)  # gets into the admin, brings no outbox rights
    client.force_login(viewer)
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    assert 'value="resend"' not in response.content.decode()
    client.post(reverse(CHANGELIST), {"action": "resend", "_selected_action": [rows["failed"][0].pk]})
    rows["failed"][0].refresh_from_db()
    assert rows["failed"][0].state == State.FAILED


def test_reviewers_do_not_see_the_outbox(client, reviewer, rows):
    role_grant(user=reviewer, role=REVIEWERS)
    client.force_login(reviewer)
    assert client.get(reverse(CHANGELIST)).status_code == 404


def test_changelist_shows_counts_of_pending_sent_and_failed(client, outbox_staff, rows):
    client.force_login(outbox_staff)
    response = client.get(reverse(CHANGELIST))
    content = " ".join(response.content.decode().split())
    assert "<strong>1</strong> pending" in content
    assert "<strong>1</strong> sent" in content
    assert "<strong>2</strong> failed" in content
    assert 'href="?state__exact=failed"' in content


def test_changelist_filters_by_state_and_event_and_searches_by_recipient(
    client, outbox_staff, rows, stranger
):
    client.force_login(outbox_staff)

    def listed(**params):
        return set(client.get(reverse(CHANGELIST), params).context["cl"].result_list)

    assert listed(state__exact="failed") == set(rows["failed"])
    assert listed(event="application_withdrawn") == set(rows["sent"])
    assert listed(q=stranger.email) == {rows["sent"][0], rows["pending"][0]}
    assert listed(q="Chloé") == {rows["failed"][1]}


def test_changelist_runs_in_a_constant_number_of_queries(
    client, outbox_staff, applicant, django_assert_max_num_queries
):
    client.force_login(outbox_staff)
    for size in (1, 40):
        while Notification.objects.count() < size:
            make_row(applicant)
        # 13: one is the second factor's device, read once per request by django-otp.
        with django_assert_max_num_queries(13):
            assert client.get(reverse(CHANGELIST)).status_code == 200


def test_detail_shows_the_bodies_without_running_the_html(client, outbox_staff, applicant):
    row = make_row(
        applicant,
        body_html='<p>Hi</p><script>alert("x")</script><img src=x onerror="alert(1)">',
        body_text="Plain <b>text</b>",
    )
    client.force_login(outbox_staff)
    response = client.get(reverse("admin:notifications_notification_change", args=[row.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert '<iframe sandbox="" srcdoc="&lt;p&gt;Hi&lt;/p&gt;&lt;script&gt;' in content
    assert "<script>alert" not in content
    assert 'onerror="alert' not in content
    assert "Plain &lt;b&gt;text&lt;/b&gt;" in content
    assert 'name="_save"' not in content  # read-only


def test_nobody_adds_or_deletes_outbox_rows(client, outbox_staff, rows):
    client.force_login(outbox_staff)
    assert client.get(reverse("admin:notifications_notification_add")).status_code == 404
    row = rows["sent"][0]
    assert client.get(reverse("admin:notifications_notification_delete", args=[row.pk])).status_code == 404
