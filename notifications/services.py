"""The one way domain code sends email: render now, store in the outbox; the relay hands it on."""

from __future__ import annotations

import logging
import zoneinfo
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import IntegrityError, transaction
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.translation import gettext

from .delivery import MAX_ATTEMPTS
from .events import get_event
from .models import Notification, SentReminder, State

if TYPE_CHECKING:
    # notifications imports no domain app: actors and recipients are whichever user model the
    # project names (a recipient may be unsaved: an address that has no account yet). The
    # django-stubs plugin resolves this alias to settings.AUTH_USER_MODEL.
    from django.contrib.auth.models import _User as User
    from django.template.backends.django import Template

logger = logging.getLogger(__name__)


def recipient_language(recipient: User) -> str:
    language = getattr(recipient, "language", "") or ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def recipient_time_zone(recipient: User) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(getattr(recipient, "time_zone", "") or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def _render_text(template_name: str, context: Mapping[str, Any]) -> str:
    # Plain text is not HTML: "Tom & Jerry" must not arrive as "Tom &amp; Jerry".
    template = cast("Template", get_template(template_name)).template
    return template.render(Context(dict(context), autoescape=False))


def notification_render(*, event: str, context: Mapping[str, Any], recipient: User) -> tuple[str, str, str]:
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


def notification_send(*, event: str, to: Iterable[User], context: Mapping[str, Any]) -> list[Notification]:
    """Queue the named email for each recipient, in their language, inside the caller's transaction.

    Only the rows are written: the relay hands them to Celery once the transaction commits,
    so a rolled-back change sends nothing and the request never waits on the broker.
    Reminders skip people who turned reminders off; inactive accounts get nothing.
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
        _deliver_after_commit_without_relay(ids=[row.pk for row in created])
    return created


def tasks_run_in_process() -> bool:
    """The embedded default: no broker, so no relay and no worker; tasks run where called."""
    from .tasks import deliver_notification

    return bool(deliver_notification.app.conf.task_always_eager)


def _deliver_after_commit_without_relay(*, ids: list[int]) -> None:
    # With a broker the relay process picks the rows up; the embedded default has no such
    # process, so the emails go out here once the change is committed.
    if ids and tasks_run_in_process():
        # robust: whatever goes wrong while sending, the caller's committed change stands.
        transaction.on_commit(lambda: notifications_relay(ids=ids), robust=True)


def notifications_relay(*, limit: int = 500, ids: Iterable[int] | None = None) -> int:
    """Hand waiting rows (all, or those of `ids`) to the broker; returns how many went.

    The rows are marked handed over in a short transaction of their own, with SKIP LOCKED so
    two relays never take the same row, and committed before publishing, so a worker that
    takes the task at once finds the row ready. If the broker cannot be reached the rows not
    yet published are given back at once and the error is raised for the caller to retry.
    """
    from .tasks import deliver_notification

    notifications_reclaim()
    now = timezone.now()
    waiting = Notification.objects.waiting()
    if ids is not None:
        waiting = waiting.filter(pk__in=list(ids))
    with transaction.atomic():
        picked = list(
            waiting.select_for_update(skip_locked=True)
            .order_by("next_attempt_at", "id")
            .values_list("pk", flat=True)[:limit]
        )
        Notification.objects.filter(pk__in=picked).update(last_enqueued_at=now)
    published = 0
    try:
        for pk in picked:
            deliver_notification.delay(pk)
            published += 1
    except Exception:
        Notification.objects.filter(pk__in=picked[published:], last_enqueued_at=now).update(
            last_enqueued_at=None
        )
        logger.warning(
            "The broker refused notification %s; %d rows wait.", picked[published], len(picked) - published
        )
        raise
    return published


def notifications_reclaim() -> int:
    """Rows whose worker died mid-send: pending again at once, or failed after the last attempt."""
    expired = Notification.objects.lease_expired()
    failed = expired.filter(attempts__gte=MAX_ATTEMPTS).update(
        state=State.FAILED,
        lease_until=None,
        last_error=gettext("The worker stopped while sending, %(count)d times.") % {"count": MAX_ATTEMPTS},
    )
    if failed:
        logger.error(
            "%d notifications failed for good: their worker stopped while sending each time.", failed
        )
    retried = expired.filter(attempts__lt=MAX_ATTEMPTS).update(
        state=State.PENDING,
        lease_until=None,
        next_attempt_at=timezone.now(),
        last_error=gettext("The worker stopped while sending."),
    )
    return failed + retried


def notifications_resend(*, ids: Iterable[int], by: User) -> int:
    """Put failed rows back in the outbox with a fresh attempt budget; logged in the admin history."""
    with transaction.atomic():
        rows = Notification.objects.select_for_update().failed().filter(pk__in=list(ids))
        picked = list(rows.values_list("pk", flat=True))
        if not picked:
            return 0
        Notification.objects.filter(pk__in=picked).update(
            state=State.PENDING,
            attempts=0,
            last_error="",
            next_attempt_at=timezone.now(),
            last_enqueued_at=None,
        )
        LogEntry.objects.log_actions(
            user_id=by.pk,
            queryset=Notification.objects.filter(pk__in=picked),
            action_flag=CHANGE,
            change_message="Resent after failure.",
        )
        _deliver_after_commit_without_relay(ids=picked)
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
