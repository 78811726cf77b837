"""Sending one outbox row exactly once: claim it, talk to SMTP, record the outcome."""

from __future__ import annotations

import contextlib
import logging
import smtplib
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone

from .events import EVENTS
from .models import Notification, State

logger = logging.getLogger(__name__)

# Six tries over about half an hour (1, 2, 4, 8, 16 minutes apart), then staff resend by hand.
# A worker killed while sending spends an attempt too, so a message that kills every worker
# that touches it ends failed instead of being retried forever.
MAX_ATTEMPTS = 6
RETRY_BASE_SECONDS = 60
RETRY_MAX_SECONDS = 3600
# Web hosts and workers stamp times with their own clocks; a row due a moment from now by
# one clock is due by the other.
CLOCK_SKEW = timedelta(seconds=5)


class DeliveryFailed(Exception):
    """The mail server could not take the message now; the row is pending for a retry."""

    def __init__(self, message: str, *, retry_in: int) -> None:
        super().__init__(message)
        self.retry_in = retry_in


def retry_delay(attempts: int) -> int:
    """Seconds to wait after the given number of failed attempts (exponential backoff)."""
    return min(RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), RETRY_MAX_SECONDS)


def is_transient(exc: Exception) -> bool:
    """Worth another try: the server hung up, was busy or unreachable; not a 5xx refusal."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return any(code < 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code < 500
    return isinstance(exc, smtplib.SMTPException | OSError)


def message_id(row: Notification) -> str:
    """The same Message-ID on every send of the row, so a receiving server can drop a resend.

    The creation time keeps ids apart when a database is recreated and numbers start over.
    """
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<notification.{row.pk}.{int(row.created_at.timestamp())}@{domain}>"


def _message(row: Notification) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[row.to_email],
        headers={
            "Message-ID": message_id(row),
            "Auto-Submitted": "auto-generated",
            "Content-Language": row.language,
            "X-Notification-ID": str(row.pk),
            "X-Notification-Event": row.event,
        },
    )
    if row.body_html:
        message.attach_alternative(row.body_html, "text/html")
    return message


def notification_claim(*, notification_id: int) -> Notification | None:
    """Take a due pending row for one send attempt; None if it is not waiting for a worker.

    Committed before any SMTP, with the attempt counted, so the count survives a worker
    killed mid-send; the lease says when the relay may give the row to another worker.
    """
    now = timezone.now()
    with transaction.atomic():
        # The row lock makes a second task for the same row wait, then find it sending.
        row = (
            Notification.objects.select_for_update()
            .filter(pk=notification_id, state=State.PENDING, next_attempt_at__lte=now + CLOCK_SKEW)
            .first()
        )
        if row is None:
            return None
        row.state, row.claimed_at = State.SENDING, now
        row.lease_until = now + timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS)
        row.attempts += 1
        row.save(update_fields=["state", "claimed_at", "lease_until", "attempts"])
    return row


def notification_mark_sent(*, row: Notification) -> None:
    """Record the send at once: the narrower the gap after the server's OK, the fewer resends."""
    now = timezone.now()
    # Whatever happened meanwhile (an expired lease, a second worker), the message went out.
    Notification.objects.filter(pk=row.pk).exclude(state=State.SENT).update(
        state=State.SENT, sent_at=now, lease_until=None, last_error=""
    )
    row.state, row.sent_at, row.lease_until, row.last_error = State.SENT, now, None, ""
    event = EVENTS.get(row.event)
    if event is not None and event.forget_recipient_once_sent:
        # The address and the greeting belonged to someone erased since: only the fact stays.
        Notification.objects.filter(pk=row.pk).update(to_email="", body_text="", body_html="")


def notification_mark_failed(*, row: Notification, exc: Exception) -> bool:
    """Record a failed attempt: pending again after a backoff, or failed for good. True if retried."""
    row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    retry = is_transient(exc) and row.attempts < MAX_ATTEMPTS
    row.lease_until = None
    if retry:
        row.state = State.PENDING
        row.next_attempt_at = timezone.now() + timedelta(seconds=retry_delay(row.attempts))
    else:
        row.state = State.FAILED
        logger.error("Notification %s to %s failed for good: %s", row.pk, row.to_email, row.last_error)
    # Only while the claim is still ours: after an expired lease another worker owns the row.
    Notification.objects.filter(pk=row.pk, state=State.SENDING, attempts=row.attempts).update(
        state=row.state, next_attempt_at=row.next_attempt_at, last_error=row.last_error, lease_until=None
    )
    return retry


def notification_deliver(*, notification_id: int) -> bool:
    """Send the row if it is waiting for a worker. Returns True when this call sent it.

    Raises DeliveryFailed when a transient error leaves the row pending for a retry (the
    relay hands it over again when the backoff ends); after MAX_ATTEMPTS, or on a permanent
    refusal, the row is marked failed with the error.
    """
    row = notification_claim(notification_id=notification_id)
    if row is None:
        return False
    connection = get_connection()
    try:
        # Opened here so the backend leaves it open: the row is marked sent before the
        # QUIT round trip, not after it.
        connection.open()
        connection.send_messages([_message(row)])
    except Exception as exc:
        with contextlib.suppress(Exception):  # the connection is broken already
            connection.close()
        if notification_mark_failed(row=row, exc=exc):
            raise DeliveryFailed(row.last_error, retry_in=retry_delay(row.attempts)) from exc
        return False
    notification_mark_sent(row=row)
    try:
        connection.close()
    except Exception:  # the message was accepted; a failed goodbye changes nothing
        logger.warning("Closing the mail connection after notification %s failed.", row.pk, exc_info=True)
    return True
