"""Staff's judgement on duplicate and fraud flags: dismiss, confirm or reopen, always with a note."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leadership.roles import can_manage_reviews

from ..models import Flag, FlagEvent, FlagStatus

if TYPE_CHECKING:
    from leadership.models import User


class FlagRefused(ValidationError):
    """A decision on a flag that the rules do not allow."""


def flag_decide(*, flag: Flag, to: str, by: User, note: str) -> Flag:
    """Move the flag and write who did it, when and why (FlagEvent): the note is required."""
    if not can_manage_reviews(by):
        raise FlagRefused(_("Only program staff who screen applications can judge flags."))
    note = note.strip()
    if not note:
        raise FlagRefused({"note": [_("Say why in a note: it is kept with the decision.")]})
    now = timezone.now()
    with transaction.atomic():
        # Lock the row so two staff judging the same flag at once leave one decision each, in order.
        locked = Flag.objects.select_for_update().get(pk=flag.pk)
        if not locked.can_move_to(to):
            raise FlagRefused(
                _("This flag is %(status)s already; reload the page to see the latest decision.")
                % {"status": locked.get_status_display().lower()}
            )
        old = locked.status
        locked.status, locked.note, locked.decided_by, locked.decided_at = to, note, by, now
        locked.save(update_fields=["status", "note", "decided_by", "decided_at"])
        FlagEvent.objects.create(flag=locked, old_status=old, new_status=to, by=by, at=now, note=note)
    for name in ("status", "note", "decided_by", "decided_at"):
        setattr(flag, name, getattr(locked, name))
    return flag


def flag_dismiss(*, flag: Flag, by: User, note: str) -> Flag:
    """Not a copy nor a fraud: say why, and the flag leaves screening."""
    return flag_decide(flag=flag, to=FlagStatus.DISMISSED, by=by, note=note)


def flag_confirm(*, flag: Flag, by: User, note: str) -> Flag:
    """A real copy or fraud: screening acts on it (ineligible through the usual decision)."""
    return flag_decide(flag=flag, to=FlagStatus.CONFIRMED, by=by, note=note)


def flag_reopen(*, flag: Flag, by: User, note: str) -> Flag:
    return flag_decide(flag=flag, to=FlagStatus.OPEN, by=by, note=note)
