"""The one writer of Application.status: checks the move and the actor, records it."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leadership.permissions import is_community_admin
from leadership.roles import is_program_staff
from programs.models import Round

from .models import Application, Status, StatusChange
from .ranking import RANKED_STATUSES

if TYPE_CHECKING:
    from leadership.models import User


class TransitionRefused(ValidationError):
    """The move is not allowed from this status, or not for this person."""


def application_transition(
    *, application: Application, to: str, by: User, note: str = "", at: datetime | None = None
) -> Application:
    """Move an application to a new status under a row lock and record who did it."""
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        _check_table(locked, to)
        if not _may_move(by, locked, to):
            raise TransitionRefused(_("You are not allowed to make this change."))
        _write_move(locked, to=to, by=by, note=note, at=at)
    application.status, application.status_changed_at = locked.status, locked.status_changed_at
    application.submitted_at, application.version = locked.submitted_at, locked.version
    return application


def locked_application_transition(
    *, locked: Application, to: str, by: User, note: str = "", at: datetime | None = None
) -> Application:
    """The move for a service that already holds the row lock and has checked the actor itself.

    It saves a use case (submitting) a second lock and a second access check on the same row;
    the table is still checked here.
    """
    _check_table(locked, to)
    _write_move(locked, to=to, by=by, note=note, at=at)
    return locked


def _check_table(locked: Application, to: str) -> None:
    if not locked.can_move_to(to):
        raise TransitionRefused(
            _("An application that is %(current)s cannot become %(target)s.")
            % {"current": locked.get_status_display().lower(), "target": Status(to).label.lower()}
        )


def _write_move(locked: Application, *, to: str, by: User, note: str, at: datetime | None) -> None:
    now = at or timezone.now()
    old = locked.status
    locked.status, locked.status_changed_at = to, now
    locked.version += 1
    fields = ["status", "status_changed_at", "version"]
    if to == Status.SUBMITTED:
        locked.submitted_at = now
        fields.append("submitted_at")
    locked.save(update_fields=fields)
    if old in RANKED_STATUSES or to in RANKED_STATUSES:
        # Same transaction as the move: the cached ranking of the round is stale once it commits.
        # Moves outside the ranked statuses (a draft submitted, withdrawn) leave it as it is, so
        # deadline-day submissions never queue on the round's row.
        Round.objects.filter(pk=locked.round_id).ranking_changed()
    StatusChange.objects.create(application=locked, old_status=old, new_status=to, by=by, at=now, note=note)


def _may_move(user: User, application: Application, to: str) -> bool:
    if application.is_applicant_move(to):
        if application.decision_stands:
            return False
        return is_community_admin(user, application.community_id)
    return is_program_staff(user)
