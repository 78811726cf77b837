"""Staff pages for gatherings: the approval queue, approve and decline, reports, the CSV export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..forms import DecisionNoteForm, DeclineForm
from ..models import Gathering, GatheringReport, GatheringStatus
from ..permissions import get_gathering_for_staff
from ..tabular import csv_response
from .staff import CSV_CHUNK, staff_page, staff_required


@staff_required
def gathering_list(request):
    status = request.GET.get("status", GatheringStatus.PROPOSED)
    gatherings = Gathering.objects.with_listing().by_place()
    if status in GatheringStatus.values:
        gatherings = gatherings.filter(status=status)
    counts = dict(Gathering.objects.order_by().values_list("status").annotate(n=Count("id")))
    return render(
        request,
        "leadership/development/staff_gathering_list.html",
        {
            "page": staff_page(request, gatherings),
            "status": status,
            "statuses": [(value, label, counts.get(value, 0)) for value, label in GatheringStatus.choices],
        },
    )


@require_POST
@staff_required
def gathering_approve(request, pk: int):
    gathering = get_gathering_for_staff(request.user, pk)
    form = DecisionNoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.gathering_approve(gathering=gathering, by=request.user, note=note)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(title)s is approved; the host has been told.") % {"title": gathering.title}
        )
    return redirect("staff_gathering_list")


@require_POST
@staff_required
def gathering_decline(request, pk: int):
    gathering = get_gathering_for_staff(request.user, pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the host a reason when you decline a gathering."))
        return redirect(gathering)
    try:
        services.gathering_decline(gathering=gathering, by=request.user, note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(title)s is declined; the host has been told.") % {"title": gathering.title}
        )
    return redirect("staff_gathering_list")


@staff_required
def report_list(request):
    reports = GatheringReport.objects.with_listing().order_by("-submitted_at", "-id")
    return render(
        request, "leadership/development/staff_report_list.html", {"page": staff_page(request, reports)}
    )


@staff_required
def gathering_export_csv(request):
    gatherings = Gathering.objects.with_listing().select_related("report").by_place()
    country = request.GET.get("country", "").upper()
    if country:
        gatherings = gatherings.filter(country=country)
    rows = (
        (
            g.country.code,
            g.country.name,
            g.city,
            g.title,
            g.host.full_name,
            g.host.email,
            g.starts_at,
            g.get_status_display(),
            g.capacity,
            g.confirmed_count,
            g.waitlisted_count,
            "yes" if g.is_public else "no",
            getattr(getattr(g, "report", None), "attendance", ""),
        )
        for g in gatherings.iterator(chunk_size=CSV_CHUNK)
    )
    header = [
        _("Country code"),
        _("Country"),
        _("City"),
        _("Title"),
        _("Host"),
        _("Host email"),
        _("Starts at"),
        _("Status"),
        _("Seats"),
        _("Confirmed"),
        _("Waitlisted"),
        _("Public"),
        _("Reported attendance"),
    ]
    suffix = f"-{country.lower()}" if country else ""
    return csv_response(f"gatherings{suffix}.csv", header, rows)
