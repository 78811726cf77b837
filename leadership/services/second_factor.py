"""Writes for the second factor: enrol an authenticator app, verify a code, turn off, reset."""

from __future__ import annotations

import math
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..models import SecurityEvent, SecurityEventKind, User
from ..roles import is_superuser
from ..second_factor import needs_second_factor

TOTP_DIGITS = 6


class SecondFactorRefused(ValidationError):
    """A code that is wrong, too late, or a change the account's role does not allow."""


def _normalise(code: str) -> str:
    return "".join(ch for ch in (code or "") if ch.isalnum()).lower()


def _locked_for(devices: list[Device]) -> int:
    """Seconds left before another try, once MFA_FAILURE_LIMIT wrong codes were typed in a row."""
    now = timezone.now()
    left = 0
    for device in devices:
        if device.throttling_failure_count < settings.MFA_FAILURE_LIMIT:
            continue
        if device.throttling_failure_timestamp is None:
            continue
        until = device.throttling_failure_timestamp + timedelta(seconds=settings.MFA_LOCKOUT_SECONDS)
        left = max(left, math.ceil((until - now).total_seconds()))
    return left


def _locked_message(seconds: int) -> str:
    minutes = max(1, (seconds + 59) // 60)
    return ngettext(
        "Too many wrong codes. For your safety, try again in %(minutes)d minute.",
        "Too many wrong codes. For your safety, try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def second_factor_verify(*, user: User, code: str) -> Device:
    """The device that accepts `code` (an app's 6 digits or a backup code), else a refusal.

    A wrong code is counted on the user's devices (django-otp's failure counter) and survives
    the refusal: the counting happens in a transaction that commits before we raise.
    """
    code = _normalise(code)
    refusal = ""
    with transaction.atomic():
        # Lock the user's devices so two tabs cannot both spend the same backup code or slip
        # past the failure limit.
        totp = list(TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True))
        static = list(StaticDevice.objects.select_for_update().filter(user=user, confirmed=True))
        locked = _locked_for(totp + static)
        candidates = totp if code.isdigit() and len(code) == TOTP_DIGITS else static
        if not totp:
            refusal = _("Two-step verification is not set up for this account.")
        elif locked:
            refusal = _locked_message(locked)
        elif not code:
            refusal = _("Enter the code from your app or one of your backup codes.")
        elif not candidates:
            refusal = _("That code is not right. Check your app and try again.")
            totp[0].throttle_increment(commit=True)
        else:
            device = candidates[0]
            if device.verify_token(code):
                if isinstance(device, StaticDevice):
                    left = device.token_set.count()
                    SecurityEvent.objects.create(
                        user=user,
                        by=user,
                        kind=SecurityEventKind.BACKUP_CODE_USED,
                        note=ngettext("%(count)d backup code left", "%(count)d backup codes left", left)
                        % {"count": left},
                    )
                return device
            refusal = _("That code is not right. Check your app and try again.")
            device.refresh_from_db(fields=["throttling_failure_count", "throttling_failure_timestamp"])
            if _locked_for([device]):
                refusal = _locked_message(_locked_for([device]))
    raise SecondFactorRefused(refusal)


def totp_enrolment_start(*, user: User) -> TOTPDevice:
    """The unconfirmed app key being set up; the same one until confirmed, so a reload keeps the QR."""
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=str(_("Authenticator app")), confirmed=False)
        return device


def totp_enrolment_confirm(*, user: User, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the app with its first code; return it and fresh backup codes, shown once."""
    code = _normalise(code)
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
        )
        if device is None:
            raise SecondFactorRefused(_("Start again: open the set-up page to get a new key."))
        if not (code.isdigit() and len(code) == TOTP_DIGITS and device.verify_token(code)):
            accepted = False
        else:
            accepted = True
            # One app and one set of backup codes per person: the new ones replace any old.
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            StaticDevice.objects.filter(user=user).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            backup = StaticDevice.objects.create(user=user, name=str(_("Backup codes")), confirmed=True)
            codes = [StaticToken.random_token() for _i in range(settings.MFA_BACKUP_CODE_COUNT)]
            StaticToken.objects.bulk_create(StaticToken(device=backup, token=token) for token in codes)
            SecurityEvent.objects.create(user=user, by=user, kind=SecurityEventKind.ENROLLED)
    if not accepted:
        raise SecondFactorRefused(
            _("That code is not right. Check that your phone's clock is set automatically and try again.")
        )
    return device, codes


def second_factor_disable(*, user: User, by: User) -> None:
    """An applicant turns their second factor off; staff and reviewers cannot."""
    if by.pk != user.pk:
        raise SecondFactorRefused(_("Only the account's owner can turn two-step verification off."))
    if needs_second_factor(user):
        raise SecondFactorRefused(
            _("Your role gives access to other people's data, so two-step verification stays on.")
        )
    with transaction.atomic():
        _devices_delete(user)
        SecurityEvent.objects.create(user=user, by=by, kind=SecurityEventKind.DISABLED)


def second_factor_reset(*, user: User, by: User) -> None:
    """A superuser clears someone's app and backup codes (a lost phone); they enrol again."""
    if not is_superuser(by):
        raise SecondFactorRefused(_("Only a superuser can reset two-step verification."))
    with transaction.atomic():
        _devices_delete(user)
        SecurityEvent.objects.create(user=user, by=by, kind=SecurityEventKind.RESET)


def _devices_delete(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
