"""Exports: every one is logged; a large XLSX is built in the background and kept for a day."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.access_log import access_record_export
from leadership.roles import is_program_staff
from leadership.tabular import xlsx_write

from ..exports import get_report
from ..exports.blind import is_blind
from ..models import ExportFormat, ExportLog, ExportState
from .refusals import AwardRefused

if TYPE_CHECKING:
    from datetime import datetime

    from leadership.models import User

logger = logging.getLogger(__name__)
EXPORT_DIR = "exports"


def export_path(log: ExportLog) -> Path:
    return Path(settings.MEDIA_ROOT) / log.file


def export_start(
    *, by: User, kind: str, fmt: str, filters: Mapping[str, Any], via: str = "reports page", path: str = ""
) -> ExportLog:
    """Log the export; an XLSX above the background threshold is queued for a Celery task.

    The access log gets one row for the export, with the number of rows (applications or awards).
    """
    if not is_program_staff(by):
        raise AwardRefused(_("Only staff can export reports."))
    report = get_report(kind)
    count = report.count(filters)
    background = fmt == ExportFormat.XLSX and count > settings.EXPORT_BACKGROUND_ROWS
    with transaction.atomic():
        log = ExportLog.objects.create(
            requested_by=by,
            kind=kind,
            format=fmt,
            filters=dict(filters),
            via=via,
            row_count=count,
            state=ExportState.QUEUED if background else ExportState.STREAMED,
        )
        access_record_export(
            by=by,
            detail=f"{kind} {fmt}{' blind' if is_blind(filters) else ''}",
            application_count=count,
            round_id=filters.get("round"),
            path=path,
        )
        if background:
            from ..tasks import build_export

            # With a broker the request publishes nothing (a frozen Redis must not stall it):
            # beat's build_queued_exports takes the row within seconds. In process, build now.
            if build_export.app.conf.task_always_eager:
                transaction.on_commit(lambda: build_export.delay(log.pk), robust=True)
    return log


def exports_build_queued(*, limit: int = 5) -> int:
    """Build the queued exports, oldest first; export_build claims each, so runs never overlap."""
    ids = list(
        ExportLog.objects.filter(state=ExportState.QUEUED)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    for export_id in ids:
        export_build(export_id=export_id)
    return len(ids)


def export_build(*, export_id: int) -> ExportLog:
    """Build a queued XLSX under MEDIA_ROOT/exports/ (never under static/), reporting progress as it goes."""
    claimed = ExportLog.objects.filter(pk=export_id, state=ExportState.QUEUED).update(
        state=ExportState.RUNNING
    )
    log = ExportLog.objects.get(pk=export_id)
    if not claimed:
        return log
    relative = f"{EXPORT_DIR}/{uuid.uuid4().hex}.xlsx"
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)

    def progress(done: int) -> None:
        ExportLog.objects.filter(pk=export_id).update(rows_done=done)

    try:
        rows = xlsx_write(str(path), get_report(log.kind).sheets(log.filters), progress=progress)
    except Exception as error:
        logger.exception("Export %s failed", export_id)
        path.unlink(missing_ok=True)
        ExportLog.objects.filter(pk=export_id).update(
            state=ExportState.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    now = timezone.now()
    ExportLog.objects.filter(pk=export_id).update(
        state=ExportState.READY,
        file=relative,
        rows_done=rows,
        row_count=rows,
        finished_at=now,
        expires_at=now + timedelta(hours=settings.EXPORT_FILE_HOURS),
    )
    log.refresh_from_db()
    return log


def exports_purge(*, now: datetime | None = None) -> int:
    """Delete export files past their day; the log rows stay."""
    removed = 0
    for log in ExportLog.objects.expired(now):
        export_path(log).unlink(missing_ok=True)
        ExportLog.objects.filter(pk=log.pk).update(file="")
        removed += 1
    return removed
