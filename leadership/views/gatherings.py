"""Pages for group admins: local gatherings, proposed, joined, hosted and reported on."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_countries import countries

from .. import services
from ..calendar import CalendarEvent, calendar_response
from ..forms import GatheringMessageForm, GatheringProposalForm, GatheringReportForm
from ..models import Gathering, Rsvp, RsvpState
from ..permissions import (
    get_gathering_for_host,
    get_gathering_for_user,
    is_community_admin,
)
from ..roles import is_program_staff

PAGE_SIZE = 20


def _page(request, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def _refusal(error: ValidationError) -> str:
    return " ".join(error.messages)


# Gatherings ----------------------------------------------------------------------------------


def _filtered(request, gatherings):
    country = request.GET.get("country", "").upper()
    city = request.GET.get("city", "").strip()
    if country:
        gatherings = gatherings.filter(country=country)
    if city:
        gatherings = gatherings.filter(city__iexact=city)
    return gatherings, country, city


@login_required
def gathering_list(request):
    listed = Gathering.objects.listed_for(request.user)
    countries_listed = sorted(
        set(listed.order_by().values_list("country", flat=True).distinct()), key=countries.name
    )
    gatherings, country, city = _filtered(request, listed.with_listing(request.user).by_place())
    return render(
        request,
        "leadership/development/gathering_list.html",
        {
            "page": _page(request, gatherings),
            "country": country,
            "city": city,
            "query": urlencode({"country": country, "city": city}),
            "countries": [(code, countries.name(code)) for code in countries_listed],
            "can_propose": is_community_admin(request.user),
        },
    )


def gathering_public_list(request):
    gatherings, country, city = _filtered(request, Gathering.objects.public().with_listing().by_place())
    return render(
        request,
        "leadership/development/gathering_public_list.html",
        {
            "page": _page(request, gatherings),
            "country": country,
            "city": city,
            "query": urlencode({"country": country, "city": city}),
        },
    )


@login_required
def gathering_mine(request):
    hosted = (
        Gathering.objects.hosted_by(request.user).with_listing(request.user).order_by("-starts_at", "-id")
    )
    rsvps = (
        Rsvp.objects.filter(user=request.user)
        .exclude(state=RsvpState.CANCELLED)
        .select_related("gathering")
        .order_by("gathering__starts_at")
    )
    return render(
        request,
        "leadership/development/gathering_mine.html",
        {"hosted": hosted[:50], "rsvps": rsvps[:50], "can_propose": is_community_admin(request.user)},
    )


@login_required
def gathering_propose(request):
    form = GatheringProposalForm(request.POST or None, host_time_zone=request.user.time_zone)
    if request.method == "POST" and form.is_valid():
        try:
            gathering = services.gathering_propose(by=request.user, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. The program team will review your gathering soon."))
            return redirect(gathering)
    return render(
        request,
        "leadership/development/gathering_form.html",
        {"form": form, "can_propose": is_community_admin(request.user)},
    )


def _waitlist_position(rsvp: Rsvp | None) -> int | None:
    if rsvp is None or rsvp.state != RsvpState.WAITLISTED:
        return None
    ahead = Rsvp.objects.filter(gathering_id=rsvp.gathering_id, state=RsvpState.WAITLISTED).filter(
        Q(requested_at__lt=rsvp.requested_at) | Q(requested_at=rsvp.requested_at, id__lt=rsvp.id)
    )
    return ahead.count() + 1


@login_required
def gathering_detail(request, pk: int):
    gathering = get_gathering_for_user(request.user, pk)
    rsvp = Rsvp.objects.filter(gathering=gathering, user=request.user).first()
    is_host = gathering.host_id == request.user.pk
    attendees = None
    if is_host or is_program_staff(request.user):
        attendees = (
            gathering.rsvps.exclude(state=RsvpState.CANCELLED)
            .select_related("user")
            .order_by("state", "requested_at", "id")
        )
    report = getattr(gathering, "report", None) if gathering.can_file_report else None
    return render(
        request,
        "leadership/development/gathering_detail.html",
        {
            "gathering": gathering,
            "rsvp": rsvp,
            "is_host": is_host,
            "attendees": attendees,
            "waitlist_position": _waitlist_position(rsvp),
            "report": report,
            "seats_left": max(gathering.capacity - gathering.confirmed_count, 0),
            "can_rsvp": gathering.is_open_for_rsvp and not is_host and is_community_admin(request.user),
            "history": gathering.status_changes.select_related("by")
            if is_program_staff(request.user)
            else None,
        },
    )


@require_POST
@login_required
def gathering_rsvp(request, pk: int):
    gathering = get_gathering_for_user(request.user, pk)
    try:
        rsvp = services.gathering_rsvp(gathering=gathering, by=request.user)
    except ValidationError as error:
        messages.error(request, _refusal(error))
    else:
        if rsvp.state == RsvpState.CONFIRMED:
            messages.success(request, _("You have a seat. See you there!"))
        else:
            messages.info(
                request,
                _("The gathering is full, so you are on the waitlist. We will email you if a seat opens."),
            )
    return redirect(gathering)


@require_POST
@login_required
def gathering_rsvp_cancel(request, pk: int):
    gathering = get_gathering_for_user(request.user, pk)
    try:
        services.rsvp_cancel(gathering=gathering, user=request.user, by=request.user)
    except ValidationError as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(request, _("Your RSVP is cancelled."))
    return redirect(gathering)


@require_POST
@login_required
def gathering_cancel(request, pk: int):
    gathering = get_gathering_for_host(request.user, pk)
    try:
        services.gathering_cancel(
            gathering=gathering, by=request.user, note=request.POST.get("note", "")[:2000]
        )
    except ValidationError as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(request, _("The gathering is cancelled and everyone who RSVPed has been told."))
    return redirect(gathering)


@login_required
def gathering_calendar(request, pk: int):
    gathering = get_gathering_for_user(request.user, pk)
    event = CalendarEvent(
        uid=f"gathering-{gathering.pk}@{request.get_host()}",
        start=gathering.starts_at,
        end=gathering.ends_at,
        summary=gathering.title,
        description=gathering.description,
        location=f"{gathering.venue}, {gathering.city}, {gathering.country.name}",
        url=request.build_absolute_uri(gathering.get_absolute_url()),
    )
    return calendar_response(event, f"gathering-{gathering.pk}.ics")


@login_required
def gathering_message(request, pk: int):
    gathering = get_gathering_for_host(request.user, pk)
    form = GatheringMessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.gathering_message_attendees(
                gathering=gathering, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                ngettext(
                    "Your message is on its way to %(count)d person.",
                    "Your message is on its way to %(count)d people.",
                    sent.recipient_count,
                )
                % {"count": sent.recipient_count},
            )
            return redirect(gathering)
    return render(
        request,
        "leadership/development/gathering_message.html",
        {"form": form, "gathering": gathering, "sent": gathering.messages.all()[:20]},
    )


@login_required
def gathering_report(request, pk: int):
    gathering = get_gathering_for_host(request.user, pk)
    if not gathering.can_file_report:
        raise Http404
    form = GatheringReportForm(request.POST or None, instance=getattr(gathering, "report", None))
    if request.method == "POST" and form.is_valid():
        try:
            services.gathering_report_submit(gathering=gathering, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you for your report; the program team will read it."))
            return redirect(gathering)
    return render(
        request, "leadership/development/gathering_report_form.html", {"form": form, "gathering": gathering}
    )
