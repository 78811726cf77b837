"""The one way domain code sends email: render now, store in the outbox, deliver after commit."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .events import get_event
from .models import Notification

logger = logging.getLogger(__name__)


def _render(event: str, context: Mapping[str, Any], recipient) -> tuple[str, str, str]:
    with translation.override(recipient.language or settings.LANGUAGE_CODE), timezone.override(
        recipient.time_zone or "UTC"
    ):
        full = {**context, "recipient": recipient, "site_url": settings.SITE_URL}
        subject = " ".join(render_to_string(f"emails/{event}/subject.txt", full).split())
        text = render_to_string(f"emails/{event}/body.txt", full).strip() + "\n"
        html = render_to_string(f"emails/{event}/body.html", full)
    return subject, text, html


def notification_send(*, event: str, to: Iterable, context: Mapping[str, Any]) -> list[Notification]:
    """Queue the named email for each recipient, in their language, inside the caller's transaction.

    Delivery is enqueued only once the transaction commits, so a rolled-back change sends
    nothing; if the broker is down the rows wait for the sweep.
    """
    spec = get_event(event)
    rows = []
    for recipient in to:
        if spec.is_reminder and not recipient.wants_reminders:
            continue
        subject, text, html = _render(event, context, recipient)
        rows.append(
            Notification(
                event=event, recipient=recipient if recipient.pk else None, to_email=recipient.email,
                language=recipient.language or settings.LANGUAGE_CODE,
                subject=subject[:255], body_text=text, body_html=html,
            )
        )
    with transaction.atomic():
        created = Notification.objects.bulk_create(rows)
        ids = [row.pk for row in created]
        if ids:
            transaction.on_commit(lambda: notifications_enqueue(ids=ids))
    return created


def notifications_enqueue(*, ids: list[int]) -> int:
    """Hand rows to the broker; a broker that cannot be reached leaves them for the sweep."""
    from .tasks import deliver_notification

    enqueued = 0
    for pk in ids:
        Notification.objects.filter(pk=pk).update(last_enqueued_at=timezone.now())
        try:
            deliver_notification.delay(pk)
        except Exception:  # the broker is down: the row stays pending and the sweep retries
            logger.warning("Could not enqueue notification %s; the sweep will retry.", pk, exc_info=True)
            break
        enqueued += 1
    return enqueued


def notifications_sweep() -> int:
    """Re-enqueue rows that have waited over a minute (lost task or broker outage)."""
    ids = list(Notification.objects.stale().order_by("id").values_list("id", flat=True)[:1000])
    return notifications_enqueue(ids=ids) if ids else 0
