"""The second factor: set up an authenticator app, type its code after the password, turn it off."""

from __future__ import annotations

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice

from ..forms import SecondFactorCodeForm
from ..middleware import idle_limit_seconds
from ..second_factor import has_second_factor, is_verified, needs_second_factor, qr_svg, totp_secret
from ..services.second_factor import (
    SecondFactorRefused,
    second_factor_disable,
    second_factor_verify,
    totp_enrolment_confirm,
    totp_enrolment_start,
)
from .accounts import _safe_next

NEW_BACKUP_CODES_KEY = "mfa_new_backup_codes"


def _verified(request: HttpRequest, device) -> None:
    # A new session key once the second factor is passed, as Django does at log-in.
    request.session.cycle_key()
    django_otp.login(request, device)


@never_cache
@login_required
def mfa_verify(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request) or resolve_url(settings.LOGIN_REDIRECT_URL)
    if is_verified(request.user):
        return redirect(next_url)
    if not has_second_factor(request.user):
        return redirect("mfa_enrol")
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = second_factor_verify(user=request.user, code=form.cleaned_data["code"])
        except SecondFactorRefused as error:
            form.add_error("code", error)
        else:
            _verified(request, device)
            if isinstance(device, StaticDevice):
                messages.warning(
                    request, _("You used a backup code; it will not work again. Keep the others safe.")
                )
            return redirect(next_url)
    return render(
        request, "leadership/second_factor_verify.html", {"form": form, "next": _safe_next(request)}
    )


@never_cache
@login_required
def mfa_enrol(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request)
    if has_second_factor(request.user):
        return redirect(next_url or "profile") if is_verified(request.user) else redirect("mfa_verify")
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = totp_enrolment_confirm(user=request.user, code=form.cleaned_data["code"])
        except SecondFactorRefused as error:
            form.add_error("code", error)
        else:
            _verified(request, device)
            request.session[NEW_BACKUP_CODES_KEY] = codes
            response = redirect("mfa_backup_codes")
            if next_url:
                response["Location"] += "?" + urlencode({"next": next_url})
            return response
    device = totp_enrolment_start(user=request.user)
    context = {
        "form": form,
        "next": next_url,
        "secret": totp_secret(device),
        "otpauth_uri": device.config_url,
        "qr_svg": qr_svg(device.config_url),
        "required": needs_second_factor(request.user),
    }
    return render(request, "leadership/second_factor_enrol.html", context)


@never_cache
@login_required
def mfa_backup_codes(request: HttpRequest) -> HttpResponse:
    """The new backup codes, shown once right after set-up and never again."""
    codes = request.session.pop(NEW_BACKUP_CODES_KEY, None)
    next_url = _safe_next(request) or resolve_url(settings.LOGIN_REDIRECT_URL)
    if not codes:
        return redirect(next_url)
    return render(request, "leadership/second_factor_backup_codes.html", {"codes": codes, "next": next_url})


@require_POST
@login_required
def mfa_disable(request: HttpRequest) -> HttpResponse:
    try:
        second_factor_disable(user=request.user, by=request.user)
    except SecondFactorRefused as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Two-step verification is off."))
    return redirect("profile")


@require_POST
def session_keepalive(request: HttpRequest) -> HttpResponse:
    """The "stay signed in" button: any request counts as activity; this one says for how long."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False}, status=401)
    return JsonResponse({"signed_in": True, "idle_seconds": idle_limit_seconds(request.user)})
