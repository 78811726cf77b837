"""Staff pages for leadership development: cohort overview, attendance, gatherings, exports."""

from __future__ import annotations

from collections.abc import Iterator
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Func, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..cohort_overview import column_cells
from ..forms import AttendanceForm, DecisionNoteForm, DeclineForm, MaterialForm
from ..models import (
    Cohort,
    CohortMembership,
    Enrolment,
    EnrolmentState,
    Gathering,
    GatheringReport,
    GatheringStatus,
    TrainingSession,
)
from ..permissions import get_gathering_for_staff, get_session_for_staff
from ..roles import is_program_staff
from ..tabular import csv_response

PAGE_SIZE = 50
CSV_CHUNK = 500


def staff_required(view):
    """Anonymous people are sent to log in; signed-in people who are not staff get a 404."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not is_program_staff(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def _page(request, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def _get_cohort(pk: int) -> Cohort:
    cohort = Cohort.objects.filter(pk=pk).first()
    if cohort is None:
        raise Http404
    return cohort


# Cohorts -------------------------------------------------------------------------------------


@staff_required
def cohort_list(request):
    cohorts = Cohort.objects.annotate(
        member_count=Count("memberships", distinct=True), session_count=Count("sessions", distinct=True)
    ).order_by("-created_at", "name")
    return render(request, "leadership/development/staff_cohort_list.html", {"page": _page(request, cohorts)})


def _count(queryset) -> Coalesce:
    """A correlated COUNT(*) of `queryset` (already filtered on OuterRef), 0 when empty."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def cohort_members(cohort: Cohort):
    """The cohort's members with what they did, each count one subquery so the page stays flat."""
    user = OuterRef("user_id")
    sessions = Enrolment.objects.filter(user_id=user, session__cohorts=cohort)
    return (
        CohortMembership.objects.filter(cohort=cohort)
        .select_related("user")
        .annotate(
            enrolled=_count(sessions.filter(state=EnrolmentState.ENROLLED)),
            attended=_count(sessions.filter(attended=True)),
            hosted=_count(Gathering.objects.filter(host_id=user, status=GatheringStatus.APPROVED)),
            reports=_count(GatheringReport.objects.filter(gathering__host_id=user)),
        )
        .order_by("user__full_name", "user__email")
    )


@staff_required
def cohort_detail(request, pk: int):
    cohort = _get_cohort(pk)
    page = _page(request, cohort_members(cohort))
    labels, cells = column_cells(cohort, [m.user_id for m in page])
    rows = [(m, cells.get(m.user_id, [])) for m in page]
    sessions = TrainingSession.objects.filter(cohorts=cohort).with_counts().order_by("starts_at")
    return render(
        request,
        "leadership/development/staff_cohort_detail.html",
        {"cohort": cohort, "page": page, "rows": rows, "extra_labels": labels, "sessions": sessions[:100]},
    )


# CSV exports ---------------------------------------------------------------------------------


def _attended(value: bool | None) -> str:
    return {True: "yes", False: "no"}.get(value, "")


@staff_required
def session_attendance_csv(request, pk: int):
    session = get_session_for_staff(request.user, pk)
    enrolments = session.enrolments.select_related("user").order_by("user__full_name", "user__email", "id")
    rows = (
        (
            e.user.full_name,
            e.user.email,
            e.get_state_display(),
            "yes" if e.by_default else "no",
            e.enrolled_at,
            _attended(e.attended),
        )
        for e in enrolments.iterator(chunk_size=CSV_CHUNK)
    )
    header = [_("Name"), _("Email"), _("Enrolment"), _("With cohort"), _("Enrolled at"), _("Attended")]
    return csv_response(f"session-{session.pk}-attendance.csv", header, rows)


def _cohort_attendance_rows(cohort: Cohort) -> Iterator[tuple]:
    sessions = list(TrainingSession.objects.filter(cohorts=cohort).order_by("starts_at", "id"))
    members = (
        CohortMembership.objects.filter(cohort=cohort).select_related("user").order_by("user__email", "id")
    )
    chunk: list[CohortMembership] = []
    for membership in members.iterator(chunk_size=CSV_CHUNK):
        chunk.append(membership)
        if len(chunk) == CSV_CHUNK:
            yield from _cohort_chunk_rows(chunk, sessions)
            chunk = []
    if chunk:
        yield from _cohort_chunk_rows(chunk, sessions)


def _cohort_chunk_rows(chunk: list[CohortMembership], sessions: list[TrainingSession]) -> Iterator[tuple]:
    enrolments = {
        (e.user_id, e.session_id): e
        for e in Enrolment.objects.filter(user_id__in=[m.user_id for m in chunk], session__in=sessions)
    }
    for membership in chunk:
        user = membership.user
        for session in sessions:
            e = enrolments.get((user.pk, session.pk))
            yield (
                user.full_name,
                user.email,
                session.title,
                session.starts_at,
                e.get_state_display() if e else _("Not enrolled"),
                _attended(e.attended) if e else "",
            )


@staff_required
def cohort_attendance_csv(request, pk: int):
    cohort = _get_cohort(pk)
    header = [_("Name"), _("Email"), _("Session"), _("Starts at"), _("Enrolment"), _("Attended")]
    return csv_response(f"cohort-{cohort.pk}-attendance.csv", header, _cohort_attendance_rows(cohort))


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


# Sessions ------------------------------------------------------------------------------------


@staff_required
def session_list(request):
    sessions = TrainingSession.objects.with_listing().order_by("-starts_at", "-id")
    return render(
        request, "leadership/development/staff_session_list.html", {"page": _page(request, sessions)}
    )


@staff_required
def session_detail(request, pk: int):
    session = get_session_for_staff(request.user, pk)
    enrolled = list(
        session.enrolments.filter(state=EnrolmentState.ENROLLED)
        .select_related("user")
        .order_by("user__full_name")
    )
    return render(
        request,
        "leadership/development/staff_session_detail.html",
        {
            "session": session,
            "enrolled": enrolled,
            "attendance_form": AttendanceForm(enrolments=enrolled),
            "material_form": MaterialForm(),
            "materials": session.materials.all(),
            "can_mark": session.starts_at <= timezone.now(),
        },
    )


@require_POST
@staff_required
def attendance_mark(request, pk: int):
    session = get_session_for_staff(request.user, pk)
    enrolled = session.enrolments.filter(state=EnrolmentState.ENROLLED).select_related("user")
    form = AttendanceForm(request.POST, enrolments=enrolled)
    if form.is_valid():
        try:
            came = services.attendance_mark(
                session=session, by=request.user, present=form.cleaned_data["present"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Attendance saved: %(count)d present.") % {"count": came})
    else:
        messages.error(request, _("Tick only people enrolled in the session."))
    return redirect("staff_session_detail", pk=session.pk)


@require_POST
@staff_required
def material_add(request, pk: int):
    session = get_session_for_staff(request.user, pk)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.material_add(
                session=session,
                by=request.user,
                upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The material is attached."))
    else:
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    return redirect("staff_session_detail", pk=session.pk)


# Gatherings ----------------------------------------------------------------------------------


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
            "page": _page(request, gatherings),
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
    return render(request, "leadership/development/staff_report_list.html", {"page": _page(request, reports)})
