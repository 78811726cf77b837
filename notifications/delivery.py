"""Sending one outbox row, at most once, and deciding what a failure means."""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from .models import Notification, State

logger = logging.getLogger(__name__)

# Six tries over about half an hour (1, 2, 4, 8, 16 minutes apart), then staff resend by hand.
MAX_ATTEMPTS = 6
RETRY_BASE_SECONDS = 60
RETRY_MAX_SECONDS = 3600


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


def _message(row: Notification) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[row.to_email],
        headers={
            "Auto-Submitted": "auto-generated",
            "Content-Language": row.language,
            "X-Notification-ID": str(row.pk),
            "X-Notification-Event": row.event,
        },
    )
    if row.body_html:
        message.attach_alternative(row.body_html, "text/html")
    return message


def notification_deliver(*, notification_id: int) -> bool:
    """Send the row if it is still pending. Returns True when this call sent it.

    Raises DeliveryFailed when a transient error leaves the row pending for a retry; after
    MAX_ATTEMPTS, or on a permanent refusal, the row is marked failed with the error.
    """
    with transaction.atomic():
        # The row lock makes a second task for the same row wait, then find it sent.
        row = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if row is None or row.state != State.PENDING:
            return False
        row.attempts += 1
        try:
            _message(row).send()
        except Exception as exc:
            row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            retry = is_transient(exc) and row.attempts < MAX_ATTEMPTS
            if retry:
                row.next_attempt_at = timezone.now() + timedelta(seconds=retry_delay(row.attempts))
            else:
                row.state = State.FAILED
                logger.error(
                    "Notification %s to %s failed for good: %s", row.pk, row.to_email, row.last_error
                )
            row.save(update_fields=["attempts", "last_error", "state", "next_attempt_at"])
        else:
            row.state, row.sent_at, row.last_error = State.SENT, timezone.now(), ""
            row.save(update_fields=["attempts", "state", "sent_at", "last_error"])
            return True
    if retry:
        raise DeliveryFailed(row.last_error, retry_in=retry_delay(row.attempts))
    return False
