"""Reports in: grantees file progress reports, staff accept them or ask for changes."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leadership.permissions import is_community_admin
from leadership.roles import is_program_staff
from notifications.services import notification_send

from ..models import ProgressReport, ReportStatus, ReportSubmission
from .recipients import _grantees, _notify_grantees, staff_recipients
from .refusals import AwardRefused

if TYPE_CHECKING:
    from datetime import date

    from leadership.models import User

REMINDER_DAYS = 7


def _lock(report: ProgressReport) -> ProgressReport:
    return (
        ProgressReport.objects.select_for_update()
        .select_related("award__program", "award__application__community")
        .get(pk=report.pk)
    )


def report_submit(*, report: ProgressReport, by: User, data: Mapping[str, Any]) -> ProgressReport:
    """File (or re-file after a request for changes) a report's narrative and figures."""
    with transaction.atomic():
        locked = _lock(report)
        if not is_community_admin(by, locked.award.application.community_id):
            raise AwardRefused(_("Only the community's admins can file its reports."))
        if not locked.award.is_running:
            raise AwardRefused(_("Reports are filed once the award is accepted and until it closes."))
        if not locked.can_file:
            raise AwardRefused(_("This report was already filed; staff will tell you if they need changes."))
        if not (data.get("narrative") or "").strip():
            raise AwardRefused({"narrative": [_("Tell us what happened in a few paragraphs.")]})
        now = timezone.now()
        values = {field: data.get(field) for field in ProgressReport.FIELDS}
        for field, value in values.items():
            setattr(locked, field, value)
        locked.status, locked.submitted_at, locked.submitted_by = ReportStatus.SUBMITTED, now, by
        locked.save(update_fields=[*ProgressReport.FIELDS, "status", "submitted_at", "submitted_by"])
        ReportSubmission.objects.create(report=locked, submitted_by=by, submitted_at=now, **values)
        notification_send(
            event="report_submitted", to=staff_recipients(), context={"report": locked, "award": locked.award}
        )
    return locked


def _review(report: ProgressReport, *, by: User, to: str, note: str) -> ProgressReport:
    if not is_program_staff(by):
        raise AwardRefused(_("Only staff can review reports."))
    locked = _lock(report)
    if not locked.can_move_to(to):
        raise AwardRefused(_("Only a filed report awaiting review can be reviewed."))
    locked.status, locked.reviewed_at, locked.reviewed_by, locked.staff_note = to, timezone.now(), by, note
    locked.save(update_fields=["status", "reviewed_at", "reviewed_by", "staff_note"])
    return locked


def report_accept(*, report: ProgressReport, by: User, note: str = "") -> ProgressReport:
    with transaction.atomic():
        locked = _review(report, by=by, to=ReportStatus.ACCEPTED, note=note)
        _notify_grantees("report_accepted", locked.award, report=locked)
    return locked


def report_request_changes(*, report: ProgressReport, by: User, note: str) -> ProgressReport:
    if not note.strip():
        raise AwardRefused({"note": [_("Say what should change; the grantee reads this note.")]})
    with transaction.atomic():
        locked = _review(report, by=by, to=ReportStatus.CHANGES_REQUESTED, note=note)
        _notify_grantees("report_changes_requested", locked.award, report=locked)
    return locked


def report_reminders_send(*, today: date | None = None) -> tuple[int, int]:
    """Remind grantees 7 days before a report is due, and staff of overdue ones; each once."""
    today = today or timezone.localdate()
    reminded = overdue = 0
    due_soon = (
        ProgressReport.objects.open()
        .filter(
            reminder_sent_at__isnull=True,
            due_date__gte=today,
            due_date__lte=today + timedelta(days=REMINDER_DAYS),
        )
        .select_related("award__program", "award__application__community")
    )
    for report in due_soon:
        with transaction.atomic():
            notification_send(
                event="report_due_reminder",
                to=_grantees(report.award),
                context={"report": report, "award": report.award},
            )
            ProgressReport.objects.filter(pk=report.pk).update(reminder_sent_at=timezone.now())
        reminded += 1
    late = list(
        ProgressReport.objects.overdue(today)
        .filter(overdue_notice_sent_at__isnull=True)
        .select_related("award__program", "award__application__community")
    )
    if late:
        with transaction.atomic():
            notification_send(event="reports_overdue", to=staff_recipients(), context={"reports": late})
            ProgressReport.objects.filter(pk__in=[r.pk for r in late]).update(
                overdue_notice_sent_at=timezone.now()
            )
        overdue = len(late)
    return reminded, overdue
