"""Staff pages for cohorts: the cohort list, a cohort's members with what they did, its attendance CSV."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, F, Func, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from ..cohort_overview import column_cells
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
from ..tabular import csv_response
from .staff import CSV_CHUNK, attended_label, staff_page, staff_required


def _get_cohort(pk: int) -> Cohort:
    cohort = Cohort.objects.filter(pk=pk).first()
    if cohort is None:
        raise Http404
    return cohort


@staff_required
def cohort_list(request):
    cohorts = Cohort.objects.annotate(
        member_count=Count("memberships", distinct=True), session_count=Count("sessions", distinct=True)
    ).order_by("-created_at", "name")
    return render(
        request, "leadership/development/staff_cohort_list.html", {"page": staff_page(request, cohorts)}
    )


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
    page = staff_page(request, cohort_members(cohort))
    labels, cells = column_cells(cohort, [m.user_id for m in page])
    rows = [(m, cells.get(m.user_id, [])) for m in page]
    sessions = TrainingSession.objects.filter(cohorts=cohort).with_counts().order_by("starts_at")
    return render(
        request,
        "leadership/development/staff_cohort_detail.html",
        {"cohort": cohort, "page": page, "rows": rows, "extra_labels": labels, "sessions": sessions[:100]},
    )


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
                attended_label(e.attended) if e else "",
            )


@staff_required
def cohort_attendance_csv(request, pk: int):
    cohort = _get_cohort(pk)
    header = [_("Name"), _("Email"), _("Session"), _("Starts at"), _("Enrolment"), _("Attended")]
    return csv_response(f"cohort-{cohort.pk}-attendance.csv", header, _cohort_attendance_rows(cohort))
