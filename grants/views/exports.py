"""Staff exports: the reports page, downloads, and the progress of background builds."""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leadership.tabular import csv_response, xlsx_write

from ..exports import get_report
from ..forms import ApplicationsExportForm, AwardReportFilterForm
from ..models import ExportFormat, ExportKind, ExportLog, ExportState
from ..permissions import get_export_for_user, staff_required
from ..services import export_start
from ..services.exports import export_path

if TYPE_CHECKING:
    from leadership.models import User


def export_response(
    *, by: User, kind: str, fmt: str, filters: Mapping[str, Any], via: str, path: str = ""
) -> HttpResponse:
    """Log the export and answer with the file, or with the progress page of a background build."""
    log = export_start(by=by, kind=kind, fmt=fmt, filters=filters, via=via, path=path)
    if log.state == ExportState.QUEUED:
        return redirect(log)
    report = get_report(kind)
    if fmt == ExportFormat.CSV:
        return csv_response(log.filename, report.header(filters), report.rows(filters))
    # A small XLSX: built in a temporary file, never in memory, then streamed from disk.
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    xlsx_write(spool, report.sheets(filters))
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=log.filename)


@staff_required
def reports_page(request: HttpRequest) -> HttpResponse:
    context = {
        "award_form": AwardReportFilterForm(prefix="awards"),
        "applications_form": ApplicationsExportForm(prefix="applications"),
        "recent": ExportLog.objects.filter(requested_by=request.user)[:10],
    }
    return render(request, "grants/staff/reports.html", context)


def _export(request: HttpRequest, form, kind: str) -> HttpResponse:
    fmt = request.POST.get("format")
    if form.is_valid() and fmt in ExportFormat.values:
        try:
            return export_response(
                by=request.user,
                kind=kind,
                fmt=fmt,
                filters=form.filters(),
                via="reports page",
                path=request.path,
            )
        except ValidationError as error:
            form.add_error(None, error)
    other = {
        "award_form": AwardReportFilterForm(prefix="awards"),
        "applications_form": ApplicationsExportForm(prefix="applications"),
    }
    other["award_form" if kind == ExportKind.AWARDS else "applications_form"] = form
    other["recent"] = ExportLog.objects.filter(requested_by=request.user)[:10]
    return render(request, "grants/staff/reports.html", other, status=400)


@staff_required
@require_POST
def export_awards(request: HttpRequest) -> HttpResponse:
    return _export(request, AwardReportFilterForm(request.POST, prefix="awards"), ExportKind.AWARDS)


@staff_required
@require_POST
def export_applications(request: HttpRequest) -> HttpResponse:
    return _export(
        request, ApplicationsExportForm(request.POST, prefix="applications"), ExportKind.APPLICATIONS
    )


@staff_required
def export_progress(request: HttpRequest, pk: int) -> HttpResponse:
    return render(
        request, "grants/staff/export_progress.html", {"export": get_export_for_user(request.user, pk)}
    )


@staff_required
def export_status(request: HttpRequest, pk: int) -> JsonResponse:
    log = get_export_for_user(request.user, pk)
    return JsonResponse(
        {
            "state": log.state,
            "percent": log.percent,
            "rows_done": log.rows_done,
            "row_count": log.row_count,
            "ready": log.is_downloadable,
        }
    )


@staff_required
def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    log = get_export_for_user(request.user, pk)
    if not log.is_downloadable or not export_path(log).exists():
        messages.error(
            request, _("This file is no longer available; exports are kept for a day. Run it again.")
        )
        return redirect("staff_reports")
    return FileResponse(export_path(log).open("rb"), as_attachment=True, filename=log.filename)
