"""Erasure: a person asks (with their password), staff confirm, every app removes or pseudonymises.

Where nothing must stay, rows about the person are deleted; where an award or a payment must
stay for audit, the rows stay with the name, email and free text about the person replaced and
the money figures untouched. The account row itself stays as an anonymous placeholder, because
the audit trails (status changes, awards) point at it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import Notification
from notifications.services import notification_send

from ..models import ErasureRequest, ErasureState, User
from ..roles import is_program_staff, program_staff_users
from ..services.communities import LeadershipRefused
from .registry import Erasure, contributors
from .sweep import needles_for, text_columns_sweep

if TYPE_CHECKING:
    from ..roles import AnyUser

# What replaces a name, an email or a sentence about the erased person: stored data, not UI text.
REPLACEMENT = "[erased]"


class WrongPassword(LeadershipRefused):
    """The password typed to confirm an erasure request is not the account's."""


def erased_email(user: User) -> str:
    return f"erased-{user.pk}@erased.invalid"


def pending_erasure(user: User) -> ErasureRequest | None:
    return ErasureRequest.objects.filter(user=user, state=ErasureState.PENDING).first()


def erasure_request(*, by: User, password: str) -> ErasureRequest:
    """Ask for one's own account to be erased; the password proves the person at the keyboard."""
    if not by.check_password(password):
        raise WrongPassword(_("This is not your password. Type it again to confirm."))
    if is_program_staff(by):
        raise LeadershipRefused(
            _("Staff accounts are closed by a superuser, not erased from here: ask one of them.")
        )
    try:
        with transaction.atomic():
            request = ErasureRequest.objects.create(user=by)
            notification_send(
                event="erasure_requested",
                to=program_staff_users(),
                context={
                    "person_email": by.email,
                    "path": reverse("admin:leadership_erasurerequest_change", args=[request.pk]),
                },
            )
    except IntegrityError:  # the partial unique index: one pending request per person
        raise LeadershipRefused(_("You have already asked; staff will confirm it soon.")) from None
    return request


def erasure_cancel(*, request: ErasureRequest, by: User) -> ErasureRequest:
    """The person changed their mind before staff confirmed."""
    with transaction.atomic():
        request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
        if request.user_id != by.pk or not request.can_move_to(ErasureState.CANCELLED):
            raise LeadershipRefused(_("This request can no longer be cancelled."))
        request.state, request.decided_at, request.decided_by = ErasureState.CANCELLED, timezone.now(), by
        request.save(update_fields=["state", "decided_at", "decided_by"])
    return request


def erasure_confirm(*, request: ErasureRequest, by: AnyUser) -> ErasureRequest:
    """Staff confirm: tell the person (at the address about to go), then erase, all in one transaction."""
    if not is_program_staff(by):
        raise LeadershipRefused(_("Only program staff can confirm an erasure."))
    with transaction.atomic():
        request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
        if not request.can_move_to(ErasureState.DONE):
            raise LeadershipRefused(_("This request was already handled."))
        user = User.objects.select_for_update().get(pk=request.user_id)
        farewell = notification_send(event="erasure_done", to=[user], context={})
        erasure = Erasure(
            user=user,
            needles=needles_for(full_name=user.full_name, email=user.email),
            replacement=REPLACEMENT,
            keep_notifications=tuple(row.pk for row in farewell),
        )
        summary: dict[str, dict[str, int]] = {}
        for contributor in contributors():
            if contributor.eraser is not None:
                summary[contributor.name] = contributor.eraser(erasure)
        _account_pseudonymise(user)
        summary["every_table"] = {
            "rows_rewritten": text_columns_sweep(
                needles=erasure.needles,
                replacement=REPLACEMENT,
                keep={Notification: erasure.keep_notifications},
            )
        }
        request.state, request.decided_at, request.decided_by = ErasureState.DONE, timezone.now(), by
        request.summary = summary
        request.save(update_fields=["state", "decided_at", "decided_by", "summary"])
    return request


def _account_pseudonymise(user: User) -> None:
    """The row stays (audit trails point at it) but says nothing about who it was."""
    user.email = erased_email(user)
    user.full_name = REPLACEMENT
    user.country = ""
    user.time_zone, user.language = "UTC", "en"
    user.wants_reminders = False
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()  # also ends every session: its hash no longer matches
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
