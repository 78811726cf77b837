"""Delivery: claimed before SMTP, marked sent right after, retried with backoff, then failed."""

import smtplib
import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.utils import timezone

from notifications.delivery import (
    MAX_ATTEMPTS,
    RETRY_MAX_SECONDS,
    DeliveryFailed,
    message_id,
    notification_deliver,
    retry_delay,
)
from notifications.models import Notification, State
from notifications.services import notification_send, notifications_reclaim, notifications_relay
from notifications.tasks import deliver_notification
from tests.conftest import require


@pytest.fixture
def queued(applicant, receipt_draft, django_capture_on_commit_callbacks):
    """One receipt row, written but not yet handed to Celery."""
    with django_capture_on_commit_callbacks(execute=False):
        (row,) = notification_send(
            event="application_submitted", to=[applicant], context={"application": receipt_draft}
        )
    return row


def failing_send(*errors):
    """A locmem send_messages that raises the given errors in turn, then delivers."""
    real = EmailBackend.send_messages
    pending = list(errors)

    def send_messages(self, messages):
        if pending:
            raise pending.pop(0)
        return real(self, messages)

    return mock.patch.object(EmailBackend, "send_messages", send_messages)


def relay_later(time_machine, *, seconds: int) -> int:
    """Let the backoff run out, then run the relay as its process would."""
    time_machine.move_to(timezone.now() + timedelta(seconds=seconds + 1))
    return notifications_relay()


def test_smtp_fails_twice_then_the_relay_retries_after_the_backoff_and_sends_one_email(queued, time_machine):
    with failing_send(smtplib.SMTPServerDisconnected("gone"), smtplib.SMTPServerDisconnected("gone again")):
        deliver_notification.delay(queued.pk)
        assert notifications_relay() == 0  # backing off
        relay_later(time_machine, seconds=retry_delay(1))
        relay_later(time_machine, seconds=retry_delay(2))
    queued.refresh_from_db()
    assert len(mail.outbox) == 1
    assert queued.state == State.SENT
    assert queued.attempts == 3
    assert queued.last_error == ""
    assert queued.sent_at is not None


def test_running_the_delivery_task_twice_sends_one_email(queued):
    deliver_notification.delay(queued.pk)
    deliver_notification.delay(queued.pk)
    queued.refresh_from_db()
    assert len(mail.outbox) == 1
    assert (queued.state, queued.attempts) == (State.SENT, 1)


def test_a_failed_attempt_schedules_the_retry_with_exponential_backoff(queued):
    with failing_send(smtplib.SMTPServerDisconnected("gone")), pytest.raises(DeliveryFailed) as failure:
        notification_deliver(notification_id=queued.pk)
    queued.refresh_from_db()
    assert (queued.state, queued.attempts) == (State.PENDING, 1)
    assert queued.last_error == "SMTPServerDisconnected: gone"
    assert failure.value.retry_in == retry_delay(1)
    assert timedelta(seconds=55) < queued.next_attempt_at - timezone.now() <= timedelta(seconds=60)
    assert [retry_delay(n) for n in range(1, 6)] == [60, 120, 240, 480, 960]


def test_after_the_last_attempt_the_row_is_failed_with_the_error(queued, time_machine):
    errors = [smtplib.SMTPConnectError(421, "try later")] * MAX_ATTEMPTS
    with failing_send(*errors):
        deliver_notification.delay(queued.pk)
        for attempt in range(1, MAX_ATTEMPTS):
            relay_later(time_machine, seconds=retry_delay(attempt))
        assert relay_later(time_machine, seconds=RETRY_MAX_SECONDS) == 0
    queued.refresh_from_db()
    assert mail.outbox == []
    assert queued.state == State.FAILED
    assert queued.attempts == MAX_ATTEMPTS
    assert "SMTPConnectError" in queued.last_error and "try later" in queued.last_error


def test_a_permanent_refusal_fails_at_once(queued):
    refused = smtplib.SMTPRecipientsRefused({queued.to_email: (550, b"no such mailbox")})
    with failing_send(refused):
        deliver_notification.delay(queued.pk)
    queued.refresh_from_db()
    assert (queued.state, queued.attempts) == (State.FAILED, 1)
    assert "SMTPRecipientsRefused" in queued.last_error


def test_the_claim_is_recorded_before_the_mail_server_is_reached(queued, settings):
    settings.NOTIFICATIONS_LEASE_SECONDS = 300
    seen = []
    real = EmailBackend.send_messages

    def send_messages(self, messages):
        seen.append(Notification.objects.values_list("state", "attempts", "lease_until").get(pk=queued.pk))
        return real(self, messages)

    with mock.patch.object(EmailBackend, "send_messages", send_messages):
        assert notification_deliver(notification_id=queued.pk) is True
    ((state, attempts, lease_until),) = seen
    assert (state, attempts) == (State.SENDING, 1)
    assert timedelta(seconds=295) < lease_until - timezone.now() <= timedelta(seconds=300)


def test_the_row_is_marked_sent_before_the_connection_is_closed(queued):
    states_at_close = []

    def close(self):
        states_at_close.append(Notification.objects.values_list("state", flat=True).get(pk=queued.pk))

    with mock.patch.object(EmailBackend, "close", close, create=True):
        assert notification_deliver(notification_id=queued.pk) is True
    assert states_at_close == [State.SENT]


def test_a_task_for_a_row_another_worker_is_sending_does_nothing(queued):
    Notification.objects.filter(pk=queued.pk).update(
        state=State.SENDING, attempts=1, lease_until=timezone.now() + timedelta(minutes=5)
    )
    assert notification_deliver(notification_id=queued.pk) is False
    assert mail.outbox == []


def test_a_task_for_a_row_backing_off_does_not_send_early(queued):
    Notification.objects.filter(pk=queued.pk).update(next_attempt_at=timezone.now() + timedelta(minutes=2))
    assert notification_deliver(notification_id=queued.pk) is False
    assert mail.outbox == []


def test_a_row_whose_worker_died_is_retried_after_its_lease_with_the_attempt_counted(queued, time_machine):
    Notification.objects.filter(pk=queued.pk).update(
        state=State.SENDING, attempts=2, lease_until=timezone.now() + timedelta(minutes=5)
    )
    assert notifications_relay() == 0  # the lease still runs: the worker may be alive
    time_machine.move_to(timezone.now() + timedelta(minutes=6))
    assert notifications_relay() == 1
    queued.refresh_from_db()
    assert (queued.state, queued.attempts, queued.lease_until) == (State.SENT, 3, None)
    assert len(mail.outbox) == 1


def test_a_message_that_kills_its_worker_every_time_ends_failed_after_the_last_attempt(queued, time_machine):
    Notification.objects.filter(pk=queued.pk).update(
        state=State.SENDING, attempts=MAX_ATTEMPTS, lease_until=timezone.now() + timedelta(minutes=5)
    )
    time_machine.move_to(timezone.now() + timedelta(minutes=6))
    assert notifications_reclaim() == 1
    queued.refresh_from_db()
    assert (queued.state, queued.attempts) == (State.FAILED, MAX_ATTEMPTS)
    assert "worker stopped while sending" in queued.last_error
    assert notifications_relay() == 0
    assert mail.outbox == []


def test_every_send_of_a_row_carries_the_same_message_id(queued, time_machine):
    deliver_notification.delay(queued.pk)
    # As if the worker were killed between the server's OK and the mark: the row goes again.
    Notification.objects.filter(pk=queued.pk).update(state=State.PENDING, last_enqueued_at=None)
    deliver_notification.delay(queued.pk)
    first, second = (m.message()["Message-ID"] for m in mail.outbox)
    assert first == second == message_id(queued)
    assert first.startswith(f"<notification.{queued.pk}.") and first.endswith("@example.org>")


def test_delivery_of_a_missing_row_does_nothing(db):
    assert notification_deliver(notification_id=123456) is False


def test_the_delivery_task_acknowledges_late():
    assert deliver_notification.acks_late is True


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_racing_on_one_row_send_one_email(applicant):
    require(connection.vendor == "postgresql", "PostgreSQL (row locks)")
    row = Notification.objects.create(
        event="application_submitted",
        recipient=applicant,
        to_email=applicant.email,
        language="en",
        subject="s",
        body_text="b",
    )
    entered = threading.Event()
    real = EmailBackend.send_messages

    def slow_send(self, messages):
        entered.set()
        threading.Event().wait(0.5)  # hold the row lock while the other worker arrives
        return real(self, messages)

    results = []

    def worker():
        try:
            results.append(notification_deliver(notification_id=row.pk))
        finally:
            connection.close()

    with mock.patch.object(EmailBackend, "send_messages", slow_send):
        first = threading.Thread(target=worker)
        first.start()
        entered.wait(5)
        second = threading.Thread(target=worker)
        second.start()
        first.join(10)
        second.join(10)
    assert sorted(results) == [False, True]
    assert len(mail.outbox) == 1
