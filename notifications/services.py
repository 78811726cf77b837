"""The one way domain code sends email: render now, store in the outbox, deliver after commit."""

from __future__ import annotations

import logging
import zoneinfo
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import IntegrityError, transaction
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone, translation

from .events import get_event
from .models import Notification, SentReminder, State

logger = logging.getLogger(__name__)


def recipient_language(recipient) -> str:
    language = getattr(recipient, "language", "") or ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def recipient_time_zone(recipient) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(getattr(recipient, "time_zone", "") or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def _render_text(template_name: str, context: Mapping[str, Any]) -> str:
    # Plain text is not HTML: "Tom & Jerry" must not arrive as "Tom &amp; Jerry".
    template = get_template(template_name).template
    return template.render(Context(dict(context), autoescape=False))


def notification_render(*, event: str, context: Mapping[str, Any], recipient) -> tuple[str, str, str]:
    """Subject, text and HTML of the event's email as this recipient reads it."""
    with (
        translation.override(recipient_language(recipient)),
        timezone.override(recipient_time_zone(recipient)),
    ):
        full = {**context, "recipient": recipient, "site_url": settings.SITE_URL.rstrip("/"), "event": event}
        subject = " ".join(_render_text(f"emails/{event}/subject.txt", full).split())
        text = _render_text(f"emails/{event}/body.txt", full).strip() + "\n"
        html = get_template(f"emails/{event}/body.html").render(full)
    return subject, text, html


def notification_send(*, event: str, to: Iterable, context: Mapping[str, Any]) -> list[Notification]:
    """Queue the named email for each recipient, in their language, inside the caller's transaction.

    Delivery is enqueued only once the transaction commits, so a rolled-back change sends
    nothing; if the broker is down the rows wait for the sweep. Reminders skip people who
    turned reminders off; inactive accounts get nothing.
    """
    spec = get_event(event)
    rows, seen = [], set()
    now = timezone.now()
    for recipient in to:
        email = (recipient.email or "").strip()
        if not email or email.lower() in seen or not getattr(recipient, "is_active", True):
            continue
        if spec.is_reminder and not getattr(recipient, "wants_reminders", True):
            continue
        seen.add(email.lower())
        subject, text, html = notification_render(event=event, context=context, recipient=recipient)
        rows.append(
            Notification(
                event=event,
                recipient=recipient if recipient.pk else None,
                to_email=email,
                language=recipient_language(recipient),
                subject=subject[:255],
                body_text=text,
                body_html=html,
                created_at=now,
                next_attempt_at=now,
            )
        )
    if not rows:
        return []
    # No savepoint: one statement, and on_commit must hang on the caller's transaction.
    with transaction.atomic(savepoint=False):
        created = Notification.objects.bulk_create(rows)
        ids = [row.pk for row in created]
        # robust: whatever goes wrong while enqueueing, the caller's committed change stands.
        transaction.on_commit(lambda: notifications_enqueue(ids=ids), robust=True)
    return created


def notifications_enqueue(*, ids: list[int]) -> int:
    """Hand rows to the broker; a broker that cannot be reached leaves them for the sweep."""
    from .tasks import deliver_notification

    if not ids:
        return 0
    now = timezone.now()
    Notification.objects.filter(pk__in=ids, state=State.PENDING).update(
        last_enqueued_at=now, next_attempt_at=now
    )
    enqueued = 0
    for pk in ids:
        try:
            deliver_notification.delay(pk)
        except Exception:  # the broker is down: the rows stay pending and the sweep retries
            logger.warning(
                "Could not enqueue notification %s (%d more waiting); the sweep will retry.",
                pk,
                len(ids) - enqueued - 1,
                exc_info=True,
            )
            break
        enqueued += 1
    return enqueued


def notifications_sweep(*, limit: int = 1000) -> int:
    """Re-enqueue rows overdue by a minute (lost task or broker outage); returns how many went."""
    ids = list(
        Notification.objects.stale().order_by("next_attempt_at", "id").values_list("id", flat=True)[:limit]
    )
    return notifications_enqueue(ids=ids)


def notifications_resend(*, ids: Iterable[int], by) -> int:
    """Put failed rows back in the queue with a fresh attempt budget; logged in the admin history."""
    with transaction.atomic():
        rows = Notification.objects.select_for_update().failed().filter(pk__in=list(ids))
        picked = list(rows.values_list("pk", flat=True))
        if not picked:
            return 0
        Notification.objects.filter(pk__in=picked).update(
            state=State.PENDING, attempts=0, last_error="", next_attempt_at=timezone.now()
        )
        LogEntry.objects.log_actions(
            user_id=by.pk,
            queryset=Notification.objects.filter(pk__in=picked),
            action_flag=CHANGE,
            change_message="Resent after failure.",
        )
        transaction.on_commit(lambda: notifications_enqueue(ids=picked), robust=True)
    return len(picked)


def reminder_claim(*, event: str, key: str, threshold: str) -> bool:
    """Record that this reminder goes out now; False if it went out already.

    Call it inside the transaction that sends the reminder, so a failed send un-claims it.
    """
    try:
        with transaction.atomic():
            SentReminder.objects.create(event=event, key=key, threshold=threshold)
    except IntegrityError:  # the unique constraint: an earlier or concurrent run claimed it
        return False
    return True


def reminders_already_sent(*, event: str, threshold: str, keys: Iterable[str]) -> set[str]:
    """The keys among `keys` whose reminder at this threshold has gone out, in one query."""
    return set(
        SentReminder.objects.filter(event=event, threshold=threshold, key__in=list(keys)).values_list(
            "key", flat=True
        )
    )
