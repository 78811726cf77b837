"""An award's life after the offer: the one status writer and the moves that wrap it.

Accepting, declining, cancelling, activating and completing all go through `award_transition`,
which locks the award row, checks the table on the model and the actor's role, and records
the move.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leadership.permissions import is_community_admin
from leadership.roles import is_program_staff
from leadership.services import cohort_join, cohort_leave
from notifications.services import notification_send

from ..models import Award, AwardStatus, AwardStatusChange
from .recipients import _notify_grantees, staff_recipients
from .refusals import AwardRefused

if TYPE_CHECKING:
    from datetime import datetime

    from leadership.models import User


def _record(
    award: Award, *, old: str, new: str, by: User, note: str = "", at: datetime | None = None
) -> None:
    AwardStatusChange.objects.create(
        award=award, old_status=old, new_status=new, by=by, at=at or timezone.now(), note=note
    )


def award_transition(
    *, award: Award, to: str, by: User, note: str = "", changes: dict | None = None
) -> Award:
    """The one writer of Award.status: locks the row, checks the table and the actor, records the move.

    `changes` are other fields saved with the status (acceptance must be recorded with it).
    """
    with transaction.atomic():
        locked = (
            Award.objects.select_for_update()
            .select_related("application__community", "program")
            .get(pk=award.pk)
        )
        if not locked.can_move_to(to):
            raise AwardRefused(
                _("An award that is %(current)s cannot become %(target)s.")
                % {"current": locked.get_status_display().lower(), "target": AwardStatus(to).label.lower()}
            )
        if locked.is_grantee_move(to):
            allowed = is_community_admin(by, locked.application.community_id)
        else:
            allowed = is_program_staff(by)
        if not allowed:
            raise AwardRefused(_("You are not allowed to make this change."))
        now, old = timezone.now(), locked.status
        locked.status, locked.status_changed_at = to, now
        for field, value in (changes or {}).items():
            setattr(locked, field, value)
        locked.save(update_fields=["status", "status_changed_at", *(changes or {})])
        _record(locked, old=old, new=to, by=by, note=note, at=now)
    award.status, award.status_changed_at = locked.status, locked.status_changed_at
    return locked


def _cohort_key(award: Award) -> str:
    return f"{award.program.slug}:{award.application.round_id}"


def _join_cohort(award: Award) -> None:
    """Place the accepting community's leaders in their program and round's cohort.

    leadership imports no other app, so the cohort is keyed by a string the award chooses.
    """
    round_ = award.application.round
    for leader in award.application.community.admins.all():
        cohort_join(
            key=_cohort_key(award),
            name=f"{award.program.name} — {round_.title}",
            user=leader,
            by=leader,
            program=award.program.name,
        )


def _leave_cohort(award: Award, *, by: User) -> None:
    for leader in award.application.community.admins.all():
        cohort_leave(key=_cohort_key(award), user=leader, by=by)


def award_accept(*, award: Award, by: User, agree: bool, list_publicly: bool = False) -> Award:
    """The grantee accepts the terms online; who and when are recorded."""
    if not agree:
        raise AwardRefused(
            {"agree": [_("Tick the box to show you accept the terms of the grant agreement.")]}
        )
    with transaction.atomic():
        award = award_transition(
            award=award,
            to=AwardStatus.ACCEPTED,
            by=by,
            note=_("Terms accepted online."),
            changes={"accepted_at": timezone.now(), "accepted_by": by, "list_publicly": list_publicly},
        )
        _join_cohort(award)
        _notify_grantees("award_accepted", award, accepted_by=by)
    return award


def award_decline(*, award: Award, by: User, reason: str = "") -> Award:
    """The grantee turns the award down; its slot and money return to the program."""
    with transaction.atomic():
        award = award_transition(award=award, to=AwardStatus.DECLINED_BY_GRANTEE, by=by, note=reason)
        _notify_grantees("award_declined", award, reason=reason)
        notification_send(
            event="award_declined_staff", to=staff_recipients(), context={"award": award, "reason": reason}
        )
    return award


def award_cancel(*, award: Award, by: User, reason: str) -> Award:
    """Staff cancel an award with a reason; the slot and the undisbursed money return."""
    if not reason.strip():
        raise AwardRefused({"reason": [_("Give the reason for cancelling; the grantee will read it.")]})
    with transaction.atomic():
        award = award_transition(award=award, to=AwardStatus.CANCELLED, by=by, note=reason)
        _leave_cohort(award, by=by)
        _notify_grantees("award_cancelled", award, reason=reason)
    return award


def award_activate(*, award: Award, by: User, note: str = "") -> Award:
    """An accepted award becomes active when its first tranche is paid."""
    return award_transition(award=award, to=AwardStatus.ACTIVE, by=by, note=note)


def award_complete(*, award: Award, by: User, note: str = "") -> Award:
    """Close an award once every tranche is paid and every report accepted."""
    with transaction.atomic():
        if award.tranches.unpaid().exists():
            raise AwardRefused(_("Every tranche must be paid before the award is completed."))
        if award.reports.exclude(status="accepted").exists():
            raise AwardRefused(_("Every report must be accepted before the award is completed."))
        award = award_transition(award=award, to=AwardStatus.COMPLETED, by=by, note=note)
        _notify_grantees("award_completed", award)
    return award
