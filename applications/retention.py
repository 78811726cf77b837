"""The retention policy as reads: which applications are due to be anonymised or deleted, and when.

Declined, ineligible and withdrawn applications are anonymised RETENTION_MONTHS_AFTER_DECISION
months after their round's decisions were released (DecisionRelease.released_at; a round never
released counts from the application's last status change). Awarded applications are kept.
Drafts never submitted are deleted RETENTION_DRAFT_INACTIVE_MONTHS months after their last save,
and never sooner than RETENTION_DRAFT_WARNING_DAYS after their admins were warned by email.
The writes are applications.services.retention; the beat task runs them daily.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import DateTimeField, Exists, F, OuterRef, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Application, RetentionAction, RetentionEvent, Status

# What the policy forgets; an awarded application is the record of public money and stays.
FORGOTTEN_STATUSES = (Status.DECLINED, Status.INELIGIBLE, Status.WITHDRAWN)


def months_before(moment: datetime, months: int) -> datetime:
    """The same wall time `months` calendar months earlier (a month before 31 March is 28 or 29 February)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def months_after(moment: datetime, months: int) -> datetime:
    return months_before(moment, -months)


def end_of_month(now: datetime) -> datetime:
    """The last instant of `now`'s month, in UTC (the policy's clock)."""
    now = now.astimezone(UTC)
    last_day = calendar.monthrange(now.year, now.month)[1]
    return now.replace(day=last_day, hour=23, minute=59, second=59, microsecond=999999)


def _warning_window() -> timedelta:
    return timedelta(days=settings.RETENTION_DRAFT_WARNING_DAYS)


def decision_base() -> Coalesce:
    """When the retention period of a decided application starts, in SQL."""
    return Coalesce(
        F("round__decision_release__released_at"), F("status_changed_at"), output_field=DateTimeField()
    )


def due_for_anonymising(*, now: datetime) -> QuerySet[Application]:
    """Declined, ineligible and withdrawn applications whose retention period is over by `now`."""
    cutoff = months_before(now, settings.RETENTION_MONTHS_AFTER_DECISION)
    return (
        Application.objects.filter(status__in=FORGOTTEN_STATUSES, anonymised_at__isnull=True)
        .alias(retention_base=decision_base())
        .filter(retention_base__lte=cutoff)
    )


def _warned_since_last_save(**extra: Any) -> Exists:
    return Exists(
        RetentionEvent.objects.filter(
            application_id=OuterRef("pk"),
            action=RetentionAction.DRAFT_WARNED,
            at__gte=OuterRef("updated_at"),
            **extra,
        )
    )


def inactive_drafts(*, now: datetime) -> QuerySet[Application]:
    """Drafts whose last save is more than the inactivity period before `now`."""
    return Application.objects.filter(
        status=Status.DRAFT,
        updated_at__lte=months_before(now, settings.RETENTION_DRAFT_INACTIVE_MONTHS),
    )


def drafts_to_warn(*, now: datetime) -> QuerySet[Application]:
    """Drafts that reach their deletion date within the warning window and were not warned since last saved."""
    return inactive_drafts(now=now + _warning_window()).filter(~_warned_since_last_save())


def drafts_to_delete(*, now: datetime) -> QuerySet[Application]:
    """Inactive drafts whose admins were warned, since the last save, at least the warning window ago."""
    return inactive_drafts(now=now).filter(_warned_since_last_save(at__lte=now - _warning_window()))


def anonymisation_due_on(application: Application) -> date:
    """The day an application is (or was) due to be anonymised; display only."""
    try:
        base = application.round.decision_release.released_at
    except ObjectDoesNotExist:
        base = application.status_changed_at
    return timezone.localdate(months_after(base, settings.RETENTION_MONTHS_AFTER_DECISION))


def draft_deletion_on(application: Application, *, warned_at: datetime | None = None) -> date:
    """The earliest day an inactive draft is deleted: its inactivity period, and a full warning window."""
    due = months_after(application.updated_at, settings.RETENTION_DRAFT_INACTIVE_MONTHS)
    if warned_at is not None:
        due = max(due, warned_at + _warning_window())
    return timezone.localdate(due)


@dataclass(frozen=True)
class RetentionDue:
    """What the policy will act on by the end of the current month (overdue included)."""

    month_end: datetime
    to_anonymise: int
    drafts_to_warn: int
    drafts_to_delete: int

    @property
    def total(self) -> int:
        return self.to_anonymise + self.drafts_to_warn + self.drafts_to_delete


def retention_due(*, now: datetime | None = None) -> RetentionDue:
    """Counts for staff, in three COUNT queries whatever the data."""
    month_end = end_of_month(now or timezone.now())
    return RetentionDue(
        month_end=month_end,
        to_anonymise=due_for_anonymising(now=month_end).count(),
        drafts_to_warn=drafts_to_warn(now=month_end).count(),
        drafts_to_delete=inactive_drafts(now=month_end).count(),
    )


def staff_home_panel(*, now: datetime | None = None) -> dict[str, Any]:
    """Context for templates/applications/includes/retention_panel.html on the staff home."""
    return {"retention_due": retention_due(now=now)}
