"""Deadline reminders to the admins of communities whose application is still a draft."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from notifications.services import notification_send, reminder_claim, reminders_already_sent

from .models import Application, Status

EVENT = "draft_deadline_reminder"
# Closest first: a draft started 20 hours before the close gets the last-day reminder only.
THRESHOLDS: tuple[tuple[str, timedelta], ...] = (("1d", timedelta(days=1)), ("7d", timedelta(days=7)))


def reminder_key(application: Application) -> str:
    # An extension starts the reminders again, counted from the new deadline.
    if application.is_extended:
        return f"application:{application.pk}:until:{int(application.deadline.timestamp())}"
    return f"application:{application.pk}"


def threshold_for(time_left: timedelta) -> str | None:
    """The reminder due for a draft with this much time left, if any."""
    for label, window in THRESHOLDS:
        if timedelta(0) < time_left <= window:
            return label
    return None


def draft_deadline_reminders_send(*, now: datetime | None = None) -> int:
    """Remind each draft's admins 7 days and 1 day before its deadline (the round's close or its
    extension), once per threshold.

    Runs hourly; each (application, threshold) is recorded when sent, so a second run, or
    two runs at once, send nothing twice. Admins who turned reminders off get none.
    Returns the number of emails queued.
    """
    now = now or timezone.now()
    horizon = max(window for _, window in THRESHOLDS)
    drafts = list(
        Application.objects.filter(status=Status.DRAFT)
        # Each draft's own deadline: the round's close or the later one staff gave it.
        .annotate(
            own_deadline=Greatest("round__closes_at", Coalesce("extended_closes_at", "round__closes_at"))
        )
        .filter(own_deadline__gt=now, own_deadline__lte=now + horizon)
        .select_related("round__program", "community")
        .prefetch_related("community__admins")
        .order_by("own_deadline", "pk")
    )
    due: dict[str, list[Application]] = {}
    for application in drafts:
        if label := threshold_for(application.deadline - now):
            due.setdefault(label, []).append(application)
    queued = 0
    for label, applications in due.items():
        done = reminders_already_sent(event=EVENT, threshold=label, keys=map(reminder_key, applications))
        for application in applications:
            if reminder_key(application) not in done:
                queued += _remind(application=application, threshold=label)
    return queued


def _remind(*, application: Application, threshold: str) -> int:
    with transaction.atomic():
        # Submitted since we read it: nothing to remind about.
        if (
            not Application.objects.select_for_update()
            .filter(pk=application.pk, status=Status.DRAFT)
            .exists()
        ):
            return 0
        if not reminder_claim(event=EVENT, key=reminder_key(application), threshold=threshold):
            return 0
        rows = notification_send(
            event=EVENT,
            to=list(application.community.admins.all()),
            context={"application": application, "threshold": threshold},
        )
    return len(rows)
