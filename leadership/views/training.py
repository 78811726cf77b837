"""Pages for leaders: their training sessions, their materials and calendar entries."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..calendar import CalendarEvent, calendar_response
from ..models import Enrolment, TrainingSession
from ..permissions import (
    can_see_online_link,
    get_material_for_user,
    get_session_for_user,
)

PAGE_SIZE = 20


def _page(request, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def _refusal(error: ValidationError) -> str:
    return " ".join(error.messages)


# Training sessions ---------------------------------------------------------------------------


@login_required
def session_list(request):
    past = request.GET.get("when") == "past"
    sessions = TrainingSession.objects.visible_to(request.user).with_listing(request.user)
    sessions = (
        sessions.past().order_by("-starts_at", "-id")
        if past
        else sessions.upcoming().order_by("starts_at", "id")
    )
    cohorts = request.user.cohorts.order_by("name")
    return render(
        request,
        "leadership/development/session_list.html",
        {"page": _page(request, sessions), "past": past, "cohorts": cohorts},
    )


@login_required
def session_detail(request, pk: int):
    session = get_session_for_user(request.user, pk)
    enrolment = Enrolment.objects.filter(session=session, user=request.user).first()
    taken = session.enrolments.filter(state="enrolled").count()
    return render(
        request,
        "leadership/development/session_detail.html",
        {
            "session": session,
            "enrolment": enrolment,
            "seats_left": max(session.capacity - taken, 0),
            "show_link": can_see_online_link(request.user, session),
            "materials": session.materials.all(),
            "cohorts": session.cohorts.all(),
        },
    )


@require_POST
@login_required
def session_enrol(request, pk: int):
    session = get_session_for_user(request.user, pk)
    try:
        services.session_enrol(session=session, user=request.user, by=request.user)
    except ValidationError as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(request, _("You are enrolled. Add the session to your calendar."))
    return redirect(session)


@require_POST
@login_required
def session_cancel(request, pk: int):
    session = get_session_for_user(request.user, pk)
    try:
        services.session_cancel(session=session, user=request.user, by=request.user)
    except ValidationError as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(request, _("Your place is cancelled."))
    return redirect(session)


@login_required
def session_calendar(request, pk: int):
    session = get_session_for_user(request.user, pk)
    url = request.build_absolute_uri(session.get_absolute_url())
    show_link = can_see_online_link(request.user, session)
    location = (session.online_url if show_link else _("Online")) if session.is_online else session.place
    event = CalendarEvent(
        uid=f"session-{session.pk}@{request.get_host()}",
        start=session.starts_at,
        end=session.ends_at,
        summary=session.title,
        description=session.description,
        location=location,
        url=url,
    )
    return calendar_response(event, f"session-{session.pk}.ics")


@login_required
def session_material(request, pk: int, material_pk: int):
    material = get_material_for_user(request.user, pk, material_pk)
    return FileResponse(
        material.file.open("rb"),
        as_attachment=True,
        filename=material.original_name,
        content_type=material.content_type,
    )
