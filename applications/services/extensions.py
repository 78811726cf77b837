"""More time for one application: staff move its own deadline past the round's close."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from leadership.roles import is_program_staff
from notifications.services import notification_send

from ..models import Application, DeadlineExtension, Status
from .submissions import ApplicationRefused

if TYPE_CHECKING:
    from leadership.models import User


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "j F Y, H:i T")


def application_deadline_extend(
    *, application: Application, by: User, closes_at: datetime, reason: str
) -> DeadlineExtension:
    """Give a draft until `closes_at` (after the round's close, before its reviews close), with a
    reason; the extension is kept as history and the community's admins are emailed."""
    if not is_program_staff(by):
        raise ApplicationRefused(_("Only program staff can do this."))
    reason = reason.strip()
    if not reason:
        raise ApplicationRefused({"reason": _("Say why this application gets more time.")})
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("round", "community")
            .get(pk=application.pk)
        )
        round_ = locked.round
        if locked.status != Status.DRAFT:
            raise ApplicationRefused(
                _("Only a draft can be given more time; this application is %(status)s.")
                % {"status": Status(locked.status).label.lower()}
            )
        if closes_at <= timezone.now():
            raise ApplicationRefused({"closes_at": _("Choose a moment in the future.")})
        if closes_at <= round_.closes_at:
            raise ApplicationRefused(
                {
                    "closes_at": _("Choose a moment after the round's close, %(close)s.")
                    % {"close": _when(round_.closes_at)}
                }
            )
        if closes_at > round_.review_closes_at:
            raise ApplicationRefused(
                {
                    "closes_at": _("Reviews of this round close on %(close)s; choose a moment before that.")
                    % {"close": _when(round_.review_closes_at)}
                }
            )
        extension = DeadlineExtension.objects.create(
            application=locked, closes_at=closes_at, previous_closes_at=locked.deadline, reason=reason, by=by
        )
        locked.extended_closes_at = closes_at
        locked.save(update_fields=["extended_closes_at"])
        notification_send(
            event="deadline_extended",
            to=list(locked.community.admins.all()),
            context={"application": locked, "extension": extension},
        )
    application.extended_closes_at = closes_at
    return extension
