"""Every write to cohorts and training sessions: membership, enrolment, attendance, materials."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import notification_send

from ..models import Cohort, CohortMembership, Enrolment, EnrolmentState, SessionMaterial, TrainingSession
from ..permissions import is_in_audience
from ..roles import is_program_staff
from ..uploads import upload_record
from .refusals import DevelopmentRefused, _require_staff

if TYPE_CHECKING:
    from datetime import datetime

    from leadership.models import User

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


# Cohorts -------------------------------------------------------------------------------------


def cohort_join(*, key: str, name: str, user: User, by: User, program: str = "") -> CohortMembership:
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


def cohort_leave(*, key: str, user: User, by: User) -> bool:
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


def session_create(*, by: User, data: Mapping[str, Any], cohorts: Iterable[Cohort] = ()) -> TrainingSession:
    _require_staff(by, _("Only staff can schedule training sessions."))
    with transaction.atomic():
        session = TrainingSession.objects.create(
            created_by=by, **{f: data[f] for f in SESSION_FIELDS if f in data}
        )
        session.cohorts.set(cohorts)
        session_audience_sync(session=session, by=by)
    return session


def session_audience_sync(*, session: TrainingSession, by: User) -> int:
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


def session_enrol(*, session: TrainingSession, user: User, by: User) -> Enrolment:
    """Take a seat in a session the person is meant for, while seats remain."""
    if by.pk != user.pk and not is_program_staff(by):
        raise DevelopmentRefused(_("You can only enrol yourself."))
    with transaction.atomic():
        # Lock the session row so two people cannot take the last seat together.
        locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
        if locked.has_started:
            raise DevelopmentRefused(_("This session has already started; enrolment is closed."))
        if not is_program_staff(by) and not is_in_audience(user, locked):
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


def session_cancel(*, session: TrainingSession, user: User, by: User) -> Enrolment:
    """Give up a seat in a session before it starts."""
    if by.pk != user.pk and not is_program_staff(by):
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


def attendance_mark(*, session: TrainingSession, by: User, present: Collection[int]) -> int:
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
    *, session: TrainingSession, by: User, upload: UploadedFile, description: str = ""
) -> SessionMaterial:
    """Attach a document to a session, checked by content like application attachments."""
    _require_staff(by, _("Only staff can add materials."))
    record = upload_record(upload)
    with transaction.atomic():
        return SessionMaterial.objects.create(
            session=session, file=upload, description=description, uploaded_by=by, **record
        )


def session_reminders_send(*, now: datetime | None = None) -> int:
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
