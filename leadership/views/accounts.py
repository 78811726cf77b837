"""Accounts: sign up, profile, the rate-limit page and the rate-limited auth views."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django.views.i18n import set_language
from django_ratelimit.core import get_usage
from django_ratelimit.decorators import ratelimit

from ..forms import LocalisedPasswordResetForm, LoginForm, ProfileForm, SignupForm
from ..middleware import SIGNED_OUT_IDLE_KEY
from ..privacy.consent import current_notice
from ..second_factor import has_second_factor, needs_second_factor
from ..services.accounts import signup_confirm, signup_read, signup_request
from ..services.communities import LeadershipRefused, user_profile_update
from ..workplaces import landing_url_name
from ..zones import known_time_zone

# Per address (IP) and per account (the email posted). Log-in failures are django-axes' job.
SIGNUP_RATE_PER_ADDRESS = "10/h"
SIGNUP_RATE_PER_ACCOUNT = "5/h"
RESET_RATE_PER_ADDRESS = "10/h"
RESET_RATE_PER_ACCOUNT = "3/h"
# Failed log-ins per address whatever the usernames, against spraying one password over many
# accounts; django-axes still locks each account/address pair after a few failures.
LOGIN_FAILURES_PER_ADDRESS = "20/10m"
LOGIN_FAILURES_GROUP = "login-failures"
# Every log-in costs a strong password hash (~0.6 s of a worker), right or wrong. Attempts of any
# outcome per address are capped too, before the hash, so one address cannot keep workers busy
# with correct passwords either. Generous for an office or campus behind one address; not per
# account, which would let anyone lock a known applicant out on deadline day.
LOGIN_ATTEMPTS_PER_ADDRESS = "60/10m"
LOGIN_ATTEMPTS_GROUP = "login-attempts"


def posted_email(group: str, request: HttpRequest) -> str:
    """The account a POST is about, so one address cannot be hammered from many connections."""
    return request.POST.get("email", "").strip().lower()


def rate_limited(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Shown (429) when sign-up or password reset is tried too often; see RATELIMIT_VIEW."""
    return render(request, "registration/rate_limited.html", status=429)


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@sensitive_post_parameters("password1", "password2")
@ratelimit(key="ip", rate=SIGNUP_RATE_PER_ADDRESS, method="POST", block=True)
@ratelimit(key=posted_email, rate=SIGNUP_RATE_PER_ACCOUNT, method="POST", block=True)
@csrf_protect
@never_cache
def signup(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    initial = {
        "time_zone": known_time_zone(unquote(request.COOKIES.get("tz", ""))) or "UTC",
        "language": translation.get_language() or settings.LANGUAGE_CODE,
    }
    notice = current_notice()
    form = SignupForm(request.POST or None, initial=initial, notice_version=notice.version if notice else 0)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Known address or new, the answer is the same: the mailbox's owner learns which by email.
        signup_request(
            email=data["email"],
            password=data["password1"],
            full_name=data["full_name"],
            next_url=next_url,
            notice_version=notice.version if notice else 0,
            **form.profile(),
        )
        return redirect("signup_sent")
    return render(request, "registration/signup.html", {"form": form, "next": next_url, "notice": notice})


def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "registration/signup_sent.html")


@csrf_protect
@never_cache
def signup_confirm_view(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the sign-up email: shows the account to create; the button (POST) creates it."""
    try:
        pending = signup_read(token)
        if request.method == "POST":
            user = signup_confirm(token=token)
        else:
            return render(request, "registration/signup_confirm.html", {"pending": pending})
    except LeadershipRefused as error:
        return render(request, "registration/signup_confirm.html", {"refusal": " ".join(error.messages)})
    login(request, user, backend="leadership.backends.UserBackend")
    translation.activate(user.language)
    messages.success(
        request, _("Welcome, %(name)s. Your account is ready.") % {"name": user.get_short_name()}
    )
    next_url = pending.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    response = redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
    return response


@login_required
def landing(request: HttpRequest) -> HttpResponse:
    """Where log-in leads (LOGIN_REDIRECT_URL): each person to the page they work on."""
    return redirect(landing_url_name(request.user))


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = user_profile_update(user=request.user, by=request.user, data=form.cleaned_data)
        # The new language applies from this very message on, not from the next page.
        translation.activate(user.language)
        messages.success(request, _("Your profile is saved."))
        response = redirect("profile")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
        return response
    context = {
        "form": form,
        "second_factor_on": has_second_factor(request.user),
        "second_factor_required": needs_second_factor(request.user),
    }
    return render(request, "leadership/user_form.html", context)


class LoginView(auth_views.LoginView):
    """Django's log-in page, which also says why a person was signed out while idle."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        idle_seconds = self.request.session.pop(SIGNED_OUT_IDLE_KEY, None)
        if idle_seconds:
            context["signed_out_reason"] = idle_signed_out_message(idle_seconds)
        return context


def idle_signed_out_message(seconds: int) -> str:
    hours, minutes = divmod(seconds // 60, 60)
    if hours and not minutes:
        return ngettext(
            "You were signed out after %(count)d hour without activity. Log in again to continue.",
            "You were signed out after %(count)d hours without activity. Log in again to continue.",
            hours,
        ) % {"count": hours}
    minutes = seconds // 60
    return ngettext(
        "You were signed out after %(count)d minute without activity. Log in again to continue.",
        "You were signed out after %(count)d minutes without activity. Log in again to continue.",
        minutes,
    ) % {"count": minutes}


_login = LoginView.as_view()


def _login_failures(request: HttpRequest, *, increment: bool) -> int | None:
    usage = get_usage(
        request, group=LOGIN_FAILURES_GROUP, key="ip", rate=LOGIN_FAILURES_PER_ADDRESS, increment=increment
    )
    return None if usage is None else usage["count"] - usage["limit"]


def _login_attempt_refused(request: HttpRequest) -> bool:
    """Count this attempt against its address; True when it is over the limit."""
    usage = get_usage(
        request, group=LOGIN_ATTEMPTS_GROUP, key="ip", rate=LOGIN_ATTEMPTS_PER_ADDRESS, increment=True
    )
    return usage is not None and usage["should_limit"]


def login_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """Log in; an address that failed too often, whatever the accounts it tried, waits (429).

    Both limits are read before the form checks the password, so a refused attempt costs no hash.
    """
    if request.method != "POST":
        return _login(request, *args, **kwargs)
    over = _login_failures(request, increment=False)
    if (over is not None and over >= 0) or _login_attempt_refused(request):
        return rate_limited(request)
    response = _login(request, *args, **kwargs)
    if response.status_code != 302:  # the form again, or axes' lock-out: a failed attempt
        _login_failures(request, increment=True)
    return response


logout_view = auth_views.LogoutView.as_view()
password_change = auth_views.PasswordChangeView.as_view()
password_change_done = auth_views.PasswordChangeDoneView.as_view()
# The same page and redirect follow any address, known or not, so the form reveals no account.
password_reset = ratelimit(key="ip", rate=RESET_RATE_PER_ADDRESS, method="POST", block=True)(
    ratelimit(key=posted_email, rate=RESET_RATE_PER_ACCOUNT, method="POST", block=True)(
        auth_views.PasswordResetView.as_view(
            form_class=LocalisedPasswordResetForm, success_url=reverse_lazy("password_reset_done")
        )
    )
)
password_reset_done = auth_views.PasswordResetDoneView.as_view()
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view()
password_reset_complete = auth_views.PasswordResetCompleteView.as_view()


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """The footer's language switch; for a signed-in person it also becomes their preference."""
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        user_profile_update(user=request.user, by=request.user, data={"language": language})
    return set_language(request)
