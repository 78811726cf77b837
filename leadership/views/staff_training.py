"""Staff pages for training sessions: the list, attendance marking, materials, the attendance CSV."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from .. import services
from ..forms import AttendanceForm, MaterialForm
from ..models import EnrolmentState, TrainingSession
from ..permissions import get_session_for_staff
from ..tabular import csv_response
from .staff import CSV_CHUNK, attended_label, staff_page, staff_required


@staff_required
def session_list(request):
    sessions = TrainingSession.objects.with_listing().order_by("-starts_at", "-id")
    return render(
        request, "leadership/development/staff_session_list.html", {"page": staff_page(request, sessions)}
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
            messages.success(
                request,
                ngettext("Attendance saved: %(count)d present.", "Attendance saved: %(count)d present.", came)
                % {"count": came},
            )
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
            attended_label(e.attended),
        )
        for e in enrolments.iterator(chunk_size=CSV_CHUNK)
    )
    header = [_("Name"), _("Email"), _("Enrolment"), _("With cohort"), _("Enrolled at"), _("Attended")]
    return csv_response(f"session-{session.pk}-attendance.csv", header, rows)
