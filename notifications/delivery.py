"""Sending one outbox row, at most once."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from .models import Notification, State

MAX_ATTEMPTS = 5


class DeliveryFailed(Exception):
    """The mail server refused or could not be reached; the row is still pending."""


def notification_deliver(*, notification_id: int) -> bool:
    """Send the row if it is still pending. Returns True when this call sent it."""
    with transaction.atomic():
        # The row lock makes a second task for the same row wait, then find it sent.
        row = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if row is None or row.state != State.PENDING:
            return False
        row.attempts += 1
        message = EmailMultiAlternatives(
            subject=row.subject, body=row.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL, to=[row.to_email],
        )
        if row.body_html:
            message.attach_alternative(row.body_html, "text/html")
        try:
            message.send()
        except Exception as exc:  # SMTP errors, refused connections, timeouts
            row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if row.attempts >= MAX_ATTEMPTS:
                row.state = State.FAILED
            row.save(update_fields=["attempts", "last_error", "state"])
            error = exc
        else:
            row.state, row.sent_at, row.last_error = State.SENT, timezone.now(), ""
            row.save(update_fields=["attempts", "state", "sent_at", "last_error"])
            return True
    if row.state == State.PENDING:
        raise DeliveryFailed(row.last_error) from error
    return False


def notifications_resend(*, ids: list[int]) -> int:
    """Put failed rows back in the queue with a fresh attempt budget."""
    from .services import notifications_enqueue

    ids = list(Notification.objects.filter(pk__in=ids, state=State.FAILED).values_list("pk", flat=True))
    Notification.objects.filter(pk__in=ids).update(state=State.PENDING, attempts=0, last_error="")
    transaction.on_commit(lambda: notifications_enqueue(ids=ids))
    return len(ids)
