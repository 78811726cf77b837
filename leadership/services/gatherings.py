"""Every write to local gatherings: proposal and decision, seats and waitlist, host tools."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications.services import notification_send

from ..models import (
    Gathering,
    GatheringMessage,
    GatheringReport,
    GatheringStatus,
    GatheringStatusChange,
    Rsvp,
    RsvpState,
)
from ..permissions import is_community_admin
from ..roles import is_program_staff, program_staff_users
from .refusals import DevelopmentRefused, _require_staff

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from leadership.models import User

MESSAGES_PER_DAY = 3


def _staff_users() -> QuerySet[User]:
    return program_staff_users().order_by("id")


def _gathering_transition(*, gathering: Gathering, to: str, by: User, note: str = "") -> Gathering:
    """Move a gathering's status under a row lock and record who did it."""
    locked = Gathering.objects.select_for_update().get(pk=gathering.pk)
    if not locked.can_move_to(to):
        raise DevelopmentRefused(
            _("A gathering that is %(current)s cannot become %(target)s.")
            % {
                "current": locked.get_status_display().lower(),
                "target": GatheringStatus(to).label.lower(),
            }
        )
    old, now = locked.status, timezone.now()
    locked.status, locked.status_changed_at = to, now
    locked.save(update_fields=["status", "status_changed_at"])
    GatheringStatusChange.objects.create(
        gathering=locked, old_status=old, new_status=to, by=by, at=now, note=note
    )
    gathering.status, gathering.status_changed_at = locked.status, locked.status_changed_at
    return locked


def gathering_propose(*, by: User, data: Mapping[str, Any]) -> Gathering:
    """A group admin proposes a gathering; staff are told and approve or decline it."""
    if not is_community_admin(by):
        raise DevelopmentRefused(
            _("Only group admins can propose a gathering. Add your community's profile first.")
        )
    values = {f: data[f] for f in Gathering.HOST_FIELDS if f in data}
    if values["starts_at"] <= timezone.now():
        raise DevelopmentRefused({"starts_at": [_("Choose a date and time in the future.")]})
    if values["ends_at"] <= values["starts_at"]:
        raise DevelopmentRefused({"ends_at": [_("The gathering must end after it starts.")]})
    with transaction.atomic():
        gathering = Gathering.objects.create(host=by, **values)
        GatheringStatusChange.objects.create(
            gathering=gathering, old_status="", new_status=GatheringStatus.PROPOSED, by=by
        )
        notification_send(event="gathering_proposed", to=_staff_users(), context={"gathering": gathering})
    return gathering


def _gathering_decide(
    *, gathering: Gathering, to: str, by: User, note: str, event: str, refusal: str
) -> Gathering:
    """A staff decision on a proposal: the move is recorded and the host is emailed the note."""
    _require_staff(by, refusal)
    with transaction.atomic():
        locked = _gathering_transition(gathering=gathering, to=to, by=by, note=note)
        notification_send(event=event, to=[locked.host], context={"gathering": locked, "note": note})
    return gathering


def gathering_approve(*, gathering: Gathering, by: User, note: str = "") -> Gathering:
    return _gathering_decide(
        gathering=gathering,
        to=GatheringStatus.APPROVED,
        by=by,
        note=note,
        event="gathering_approved",
        refusal=_("Only staff can approve gatherings."),
    )


def gathering_decline(*, gathering: Gathering, by: User, note: str = "") -> Gathering:
    return _gathering_decide(
        gathering=gathering,
        to=GatheringStatus.DECLINED,
        by=by,
        note=note,
        event="gathering_declined",
        refusal=_("Only staff can decline gatherings."),
    )


def gathering_cancel(*, gathering: Gathering, by: User, note: str = "") -> Gathering:
    """The host or staff call a gathering off; everyone with a seat or on the waitlist is told."""
    if by.pk != gathering.host_id and not is_program_staff(by):
        raise DevelopmentRefused(_("Only the host or staff can cancel a gathering."))
    if gathering.has_started:
        raise DevelopmentRefused(_("This gathering has already started."))
    with transaction.atomic():
        locked = _gathering_transition(gathering=gathering, to=GatheringStatus.CANCELLED, by=by, note=note)
        active = list(
            Rsvp.objects.filter(
                gathering=locked, state__in=[RsvpState.CONFIRMED, RsvpState.WAITLISTED]
            ).select_related("user")
        )
        notification_send(
            event="gathering_cancelled",
            to=[r.user for r in active],
            context={"gathering": locked, "note": note},
        )
    return gathering


def _fill_free_seats(gathering: Gathering) -> list[Rsvp]:
    """Give free seats to the waitlist in order; the caller holds the gathering's row lock."""
    taken = Rsvp.objects.filter(gathering=gathering, state=RsvpState.CONFIRMED).count()
    free = gathering.capacity - taken
    if free <= 0:
        return []
    promoted = list(
        Rsvp.objects.filter(gathering=gathering, state=RsvpState.WAITLISTED)
        .select_related("user")
        .order_by("requested_at", "id")[:free]
    )
    now = timezone.now()
    for rsvp in promoted:
        rsvp.state, rsvp.confirmed_at, rsvp.promoted_at = RsvpState.CONFIRMED, now, now
        rsvp.save(update_fields=["state", "confirmed_at", "promoted_at"])
    if promoted:
        notification_send(
            event="gathering_seat_confirmed", to=[r.user for r in promoted], context={"gathering": gathering}
        )
    return promoted


def gathering_rsvp(*, gathering: Gathering, by: User) -> Rsvp:
    """A group admin asks for a seat: confirmed while seats remain, else waitlisted in order."""
    with transaction.atomic():
        # Lock the gathering row: the seat count is read and taken under it, so twenty people
        # racing for the last seat are served one at a time.
        locked = Gathering.objects.select_for_update().get(pk=gathering.pk)
        if not locked.is_open_for_rsvp:
            raise DevelopmentRefused(_("This gathering is not open for RSVPs."))
        if locked.host_id == by.pk:
            raise DevelopmentRefused(_("You host this gathering, so your place is kept."))
        if not is_community_admin(by):
            raise DevelopmentRefused(
                _("Gatherings are for group admins. Add your community's profile first.")
            )
        rsvp = Rsvp.objects.filter(gathering=locked, user=by).first()
        if rsvp is not None and rsvp.is_active:
            return rsvp
        _fill_free_seats(locked)
        taken = Rsvp.objects.filter(gathering=locked, state=RsvpState.CONFIRMED).count()
        now = timezone.now()
        state = RsvpState.CONFIRMED if taken < locked.capacity else RsvpState.WAITLISTED
        confirmed_at = now if state == RsvpState.CONFIRMED else None
        if rsvp is None:
            return Rsvp.objects.create(
                gathering=locked, user=by, state=state, requested_at=now, confirmed_at=confirmed_at
            )
        rsvp.state, rsvp.requested_at, rsvp.confirmed_at = state, now, confirmed_at
        rsvp.cancelled_at = rsvp.promoted_at = None
        rsvp.save(update_fields=["state", "requested_at", "confirmed_at", "cancelled_at", "promoted_at"])
    return rsvp


def rsvp_cancel(*, gathering: Gathering, user: User, by: User) -> Rsvp:
    """Give up a seat or a waitlist place; a freed seat goes to the first person waiting."""
    if by.pk != user.pk and not is_program_staff(by):
        raise DevelopmentRefused(_("You can only cancel your own RSVP."))
    with transaction.atomic():
        locked = Gathering.objects.select_for_update().get(pk=gathering.pk)
        if locked.has_started:
            raise DevelopmentRefused(_("This gathering has already started."))
        rsvp = Rsvp.objects.filter(
            gathering=locked, user=user, state__in=[RsvpState.CONFIRMED, RsvpState.WAITLISTED]
        ).first()
        if rsvp is None:
            raise DevelopmentRefused(_("You have no seat or waitlist place at this gathering."))
        rsvp.state, rsvp.cancelled_at = RsvpState.CANCELLED, timezone.now()
        rsvp.save(update_fields=["state", "cancelled_at"])
        if locked.is_approved:
            _fill_free_seats(locked)
    return rsvp


def gathering_capacity_check(*, gathering: Gathering, capacity: int) -> None:
    """Refuse a number of seats below one or below the people who already hold a seat."""
    if capacity < 1:
        raise DevelopmentRefused({"capacity": [_("A gathering needs at least one seat.")]})
    confirmed = Rsvp.objects.filter(gathering=gathering, state=RsvpState.CONFIRMED).count()
    if capacity < confirmed:
        raise DevelopmentRefused(
            {
                "capacity": [
                    ngettext(
                        "%(count)d person already has a seat, so the gathering needs at least "
                        "%(count)d seat. Ask them to cancel first, or keep more seats.",
                        "%(count)d people already have a seat, so the gathering needs at least "
                        "%(count)d seats. Ask some of them to cancel first, or keep more seats.",
                        confirmed,
                    )
                    % {"count": confirmed}
                ]
            }
        )


def gathering_capacity_change(*, gathering: Gathering, capacity: int, by: User) -> list[Rsvp]:
    """Staff change the number of seats; new seats go to the waitlist in order, as when someone cancels.

    Returns the RSVPs moved up from the waitlist (they are emailed).
    """
    _require_staff(by, _("Only staff can change the number of seats."))
    with transaction.atomic():
        # Checked and filled under the row lock that RSVPs and cancellations also take.
        locked = Gathering.objects.select_for_update().get(pk=gathering.pk)
        gathering_capacity_check(gathering=locked, capacity=capacity)
        locked.capacity = capacity
        locked.save(update_fields=["capacity"])
        promoted = _fill_free_seats(locked) if locked.is_open_for_rsvp else []
    gathering.capacity = capacity
    return promoted


def gathering_message_attendees(
    *, gathering: Gathering, by: User, subject: str, body: str, include_waitlist: bool = False
) -> GatheringMessage:
    """The host emails everyone with a seat (and, if asked, the waitlist)."""
    if by.pk != gathering.host_id and not is_program_staff(by):
        raise DevelopmentRefused(_("Only the host can email the attendees."))
    if gathering.status != GatheringStatus.APPROVED:
        raise DevelopmentRefused(_("You can email attendees once the gathering is approved."))
    states = [RsvpState.CONFIRMED, RsvpState.WAITLISTED] if include_waitlist else [RsvpState.CONFIRMED]
    with transaction.atomic():
        locked = Gathering.objects.select_for_update().get(pk=gathering.pk)
        recent = GatheringMessage.objects.filter(
            gathering=locked, sent_at__gt=timezone.now() - timedelta(days=1)
        ).count()
        if recent >= MESSAGES_PER_DAY:
            raise DevelopmentRefused(
                ngettext(
                    "You have sent %(count)d message today; try again tomorrow.",
                    "You have sent %(count)d messages today; try again tomorrow.",
                    recent,
                )
                % {"count": recent}
            )
        people = [
            r.user for r in Rsvp.objects.filter(gathering=locked, state__in=states).select_related("user")
        ]
        if not people:
            raise DevelopmentRefused(_("Nobody has RSVPed yet, so there is no one to email."))
        notification_send(
            event="gathering_message",
            to=people,
            context={"gathering": locked, "subject": subject, "body": body, "sender": by},
        )
        return GatheringMessage.objects.create(
            gathering=locked, subject=subject, body=body, sent_by=by, recipient_count=len(people)
        )


def gathering_report_submit(
    *, gathering: Gathering, by: User, attendance: int, learnings: str, follow_up: str
) -> GatheringReport:
    """The host files (or corrects) the report on a gathering that has taken place."""
    if by.pk != gathering.host_id:
        raise DevelopmentRefused(_("Only the host can file the report."))
    if not gathering.can_file_report:
        raise DevelopmentRefused(_("You can file the report once the approved gathering has started."))
    now = timezone.now()
    with transaction.atomic():
        report, created = GatheringReport.objects.select_for_update().get_or_create(
            gathering=gathering,
            defaults={
                "attendance": attendance,
                "learnings": learnings,
                "follow_up": follow_up,
                "submitted_by": by,
                "submitted_at": now,
                "updated_at": now,
            },
        )
        if not created:
            report.attendance, report.learnings, report.follow_up = attendance, learnings, follow_up
            report.updated_at = now
            report.save(update_fields=["attendance", "learnings", "follow_up", "updated_at"])
    return report
