"""Every write to cohorts, training sessions and local gatherings."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import notification_send

from ..development_permissions import is_group_admin, is_in_audience
from ..models import (
    Cohort,
    CohortMembership,
    Enrolment,
    EnrolmentState,
    Gathering,
    GatheringMessage,
    GatheringReport,
    GatheringStatus,
    GatheringStatusChange,
    Rsvp,
    RsvpState,
    SessionMaterial,
    TrainingSession,
)
from ..uploads import validate_upload

GATHERING_FIELDS = (
    "title",
    "description",
    "venue",
    "city",
    "country",
    "starts_at",
    "ends_at",
    "capacity",
    "is_public",
)
SESSION_FIELDS = (
    "title",
    "description",
    "format",
    "venue",
    "city",
    "country",
    "online_url",
    "starts_at",
    "ends_at",
    "capacity",
    "open_to_all_admins",
)
REMINDER_LEAD = timedelta(days=1)
MESSAGES_PER_DAY = 3


class DevelopmentRefused(ValidationError):
    """A change to a cohort, session or gathering that the rules do not allow."""


def _require_staff(by, message: str) -> None:
    if not (by and by.is_authenticated and by.is_staff):
        raise DevelopmentRefused(message)


# Cohorts -------------------------------------------------------------------------------------


def cohort_join(*, key: str, name: str, user, by, program: str = "") -> CohortMembership:
    """Add a leader to the cohort with this key, creating it on first use; safe to call twice.

    The award code calls this when an award is accepted, with a key of its choosing such as
    "fellowship:12". A new member is enrolled in the cohort's sessions that have not started.
    """
    key = key.strip()
    if not key:
        raise DevelopmentRefused(_("A cohort needs a key."))
    with transaction.atomic():
        cohort, _created = Cohort.objects.get_or_create(
            key=key, defaults={"name": name or key, "program": program}
        )
        membership, created = CohortMembership.objects.get_or_create(
            cohort=cohort, user=user, defaults={"added_by": by}
        )
        if created:
            sessions = TrainingSession.objects.filter(cohorts=cohort, starts_at__gt=timezone.now())
            Enrolment.objects.bulk_create(
                [Enrolment(session=s, user=user, by_default=True) for s in sessions], ignore_conflicts=True
            )
    return membership


def cohort_leave(*, key: str, user, by) -> bool:
    """Remove a leader from a cohort (an award cancelled) and from its sessions still to come."""
    with transaction.atomic():
        deleted, _rows = CohortMembership.objects.filter(cohort__key=key, user=user).delete()
        if deleted:
            Enrolment.objects.filter(
                user=user,
                session__cohorts__key=key,
                session__starts_at__gt=timezone.now(),
                state=EnrolmentState.ENROLLED,
            ).update(state=EnrolmentState.CANCELLED, cancelled_at=timezone.now())
    return bool(deleted)


# Training sessions ---------------------------------------------------------------------------


def session_create(*, by, data: Mapping[str, Any], cohorts: Iterable[Cohort] = ()) -> TrainingSession:
    _require_staff(by, _("Only staff can schedule training sessions."))
    with transaction.atomic():
        session = TrainingSession.objects.create(
            created_by=by, **{f: data[f] for f in SESSION_FIELDS if f in data}
        )
        session.cohorts.set(cohorts)
        session_audience_sync(session=session, by=by)
    return session


def session_audience_sync(*, session: TrainingSession, by) -> int:
    """Enrol, by default, every member of the session's cohorts who has no enrolment yet.

    Default enrolments do not count against capacity: staff size a cohort session for its
    cohort. Someone who cancelled stays cancelled.
    """
    if session.has_started:
        return 0
    with transaction.atomic():
        user_ids = set(
            CohortMembership.objects.filter(cohort__sessions=session).values_list("user_id", flat=True)
        )
        user_ids -= set(Enrolment.objects.filter(session=session).values_list("user_id", flat=True))
        created = Enrolment.objects.bulk_create(
            [Enrolment(session=session, user_id=uid, by_default=True) for uid in sorted(user_ids)],
            ignore_conflicts=True,
        )
    return len(created)


def session_enrol(*, session: TrainingSession, user, by) -> Enrolment:
    """Take a seat in a session the person is meant for, while seats remain."""
    if by.pk != user.pk and not by.is_staff:
        raise DevelopmentRefused(_("You can only enrol yourself."))
    with transaction.atomic():
        # Lock the session row so two people cannot take the last seat together.
        locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
        if locked.has_started:
            raise DevelopmentRefused(_("This session has already started; enrolment is closed."))
        if not by.is_staff and not is_in_audience(user, locked):
            raise DevelopmentRefused(_("This session is reserved for its cohorts."))
        enrolment = Enrolment.objects.filter(session=locked, user=user).first()
        if enrolment is not None and enrolment.state == EnrolmentState.ENROLLED:
            return enrolment
        taken = Enrolment.objects.filter(session=locked, state=EnrolmentState.ENROLLED).count()
        if taken >= locked.capacity:
            raise DevelopmentRefused(_("This session is full. Watch for another date."))
        if enrolment is None:
            return Enrolment.objects.create(session=locked, user=user)
        enrolment.state, enrolment.enrolled_at, enrolment.cancelled_at = (
            EnrolmentState.ENROLLED,
            timezone.now(),
            None,
        )
        enrolment.save(update_fields=["state", "enrolled_at", "cancelled_at"])
    return enrolment


def session_cancel(*, session: TrainingSession, user, by) -> Enrolment:
    """Give up a seat in a session before it starts."""
    if by.pk != user.pk and not by.is_staff:
        raise DevelopmentRefused(_("You can only cancel your own enrolment."))
    with transaction.atomic():
        locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
        if locked.has_started:
            raise DevelopmentRefused(_("This session has already started; it can no longer be cancelled."))
        enrolment = Enrolment.objects.filter(session=locked, user=user, state=EnrolmentState.ENROLLED).first()
        if enrolment is None:
            raise DevelopmentRefused(_("You are not enrolled in this session."))
        enrolment.state, enrolment.cancelled_at = EnrolmentState.CANCELLED, timezone.now()
        enrolment.save(update_fields=["state", "cancelled_at"])
    return enrolment


def attendance_mark(*, session: TrainingSession, by, present: Collection[int]) -> int:
    """Record who of the enrolled people came (user ids in `present`); the others did not."""
    _require_staff(by, _("Only staff can mark attendance."))
    if session.starts_at > timezone.now():
        raise DevelopmentRefused(_("Attendance can be marked once the session has started."))
    present = {int(pk) for pk in present}
    with transaction.atomic():
        enrolled = Enrolment.objects.select_for_update().filter(
            session=session, state=EnrolmentState.ENROLLED
        )
        unknown = present - set(enrolled.values_list("user_id", flat=True))
        if unknown:
            raise DevelopmentRefused(_("Only enrolled people can be marked present."))
        now = timezone.now()
        stamp = {"attendance_marked_at": now, "attendance_marked_by": by}
        came = enrolled.filter(user_id__in=present).update(attended=True, **stamp)
        enrolled.exclude(user_id__in=present).update(attended=False, **stamp)
    return came


def material_add(
    *, session: TrainingSession, by, upload: UploadedFile, description: str = ""
) -> SessionMaterial:
    """Attach a document to a session, checked by content like application attachments."""
    _require_staff(by, _("Only staff can add materials."))
    kind = validate_upload(upload)
    with transaction.atomic():
        return SessionMaterial.objects.create(
            session=session,
            file=upload,
            original_name=upload.name[:255],
            content_type=kind.content_type,
            size=upload.size,
            description=description,
            uploaded_by=by,
        )


def session_reminders_send(*, now=None) -> int:
    """Email everyone enrolled in a session that starts within a day, once per session."""
    now = now or timezone.now()
    sent = 0
    with transaction.atomic():
        due = list(
            TrainingSession.objects.select_for_update(skip_locked=True).filter(
                reminder_sent_at__isnull=True, starts_at__gt=now, starts_at__lte=now + REMINDER_LEAD
            )
        )
        for session in due:
            people = [
                e.user
                for e in session.enrolments.filter(
                    state=EnrolmentState.ENROLLED, user__is_active=True
                ).select_related("user")
            ]
            sent += len(notification_send(event="session_reminder", to=people, context={"session": session}))
            session.reminder_sent_at = now
            session.save(update_fields=["reminder_sent_at"])
    return sent


# Gatherings ----------------------------------------------------------------------------------


def _staff_users():
    return get_user_model().objects.filter(is_staff=True, is_active=True).order_by("id")


def _gathering_transition(*, gathering: Gathering, to: str, by, note: str = "") -> Gathering:
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


def gathering_propose(*, by, data: Mapping[str, Any]) -> Gathering:
    """A group admin proposes a gathering; staff are told and approve or decline it."""
    if not is_group_admin(by):
        raise DevelopmentRefused(
            _("Only group admins can propose a gathering. Add your community's profile first.")
        )
    values = {f: data[f] for f in GATHERING_FIELDS if f in data}
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


def gathering_approve(*, gathering: Gathering, by, note: str = "") -> Gathering:
    _require_staff(by, _("Only staff can approve gatherings."))
    with transaction.atomic():
        locked = _gathering_transition(gathering=gathering, to=GatheringStatus.APPROVED, by=by, note=note)
        notification_send(
            event="gathering_approved", to=[locked.host], context={"gathering": locked, "note": note}
        )
    return gathering


def gathering_decline(*, gathering: Gathering, by, note: str = "") -> Gathering:
    _require_staff(by, _("Only staff can decline gatherings."))
    with transaction.atomic():
        locked = _gathering_transition(gathering=gathering, to=GatheringStatus.DECLINED, by=by, note=note)
        notification_send(
            event="gathering_declined", to=[locked.host], context={"gathering": locked, "note": note}
        )
    return gathering


def gathering_cancel(*, gathering: Gathering, by, note: str = "") -> Gathering:
    """The host or staff call a gathering off; everyone with a seat or on the waitlist is told."""
    if by.pk != gathering.host_id and not by.is_staff:
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


def gathering_rsvp(*, gathering: Gathering, by) -> Rsvp:
    """A group admin asks for a seat: confirmed while seats remain, else waitlisted in order."""
    with transaction.atomic():
        # Lock the gathering row: the seat count is read and taken under it, so twenty people
        # racing for the last seat are served one at a time.
        locked = Gathering.objects.select_for_update().get(pk=gathering.pk)
        if not locked.is_open_for_rsvp:
            raise DevelopmentRefused(_("This gathering is not open for RSVPs."))
        if locked.host_id == by.pk:
            raise DevelopmentRefused(_("You host this gathering, so your place is kept."))
        if not is_group_admin(by):
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


def rsvp_cancel(*, gathering: Gathering, user, by) -> Rsvp:
    """Give up a seat or a waitlist place; a freed seat goes to the first person waiting."""
    if by.pk != user.pk and not by.is_staff:
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


def gathering_message_attendees(
    *, gathering: Gathering, by, subject: str, body: str, include_waitlist: bool = False
) -> GatheringMessage:
    """The host emails everyone with a seat (and, if asked, the waitlist)."""
    if by.pk != gathering.host_id and not by.is_staff:
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
                _("You have sent %(count)d messages today; try again tomorrow.") % {"count": recent}
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
    *, gathering: Gathering, by, attendance: int, learnings: str, follow_up: str
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
