"""Per-request rules about the signed-in person: idle sign-out, the second factor, preferences."""

import time
import zoneinfo
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, resolve_url
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.http import urlencode

from .roles import may_enter_admin
from .second_factor import has_second_factor, is_verified, needs_second_factor, second_factor_and_roles_read

if TYPE_CHECKING:
    from leadership.roles import AnyUser

LAST_ACTIVITY_KEY = "last_activity"
SIGNED_OUT_IDLE_KEY = "signed_out_idle_seconds"

# Pages a signed-in person reaches before passing the second factor: the factor's own pages,
# and the ways out.
SECOND_FACTOR_OPEN_PAGES = frozenset(
    {"mfa_verify", "mfa_enrol", "mfa_backup_codes", "logout", "set_language", "session_keepalive"}
)


def idle_limit_seconds(user: "AnyUser") -> int:
    return settings.SESSION_IDLE_STAFF_SECONDS if may_enter_admin(user) else settings.SESSION_IDLE_SECONDS


class IdleSessionMiddleware:
    """Sign out a session left without any request (page, autosave, keep-alive) past its limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            # Read once for this request (leadership.backends reads it with the user); the
            # second factor's middleware asks next.
            if getattr(user, "_second_factor_on", None) is None:
                user._second_factor_on = second_factor_and_roles_read(user)
            limit = idle_limit_seconds(user)
            now = int(time.time())
            last = request.session.get(LAST_ACTIVITY_KEY)
            if last is not None and now - last > limit:
                logout(request)
                # Read by the log-in page, which says why the person has to log in again.
                request.session[SIGNED_OUT_IDLE_KEY] = limit
                return redirect_to_login(_page_to_come_back_to(request), settings.LOGIN_URL)
            if last is None or now - last >= settings.SESSION_ACTIVITY_RESOLUTION_SECONDS:
                request.session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)


def _page_to_come_back_to(request) -> str:
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    # A POST's address (an autosave, a form) is no page to come back to; the page that sent it is.
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.path and referer.netloc == request.get_host():
        return referer.path + (f"?{referer.query}" if referer.query else "")
    return resolve_url(settings.LOGIN_REDIRECT_URL)


class SecondFactorMiddleware:
    """Hold a password-only session at the code page: every page for staff and reviewers (and
    for anyone who turned the second factor on), the admin included.

    Staff and reviewers without an app yet are sent to set one up first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not user.is_authenticated or is_verified(user):
            return self.get_response(request)
        on = getattr(user, "_second_factor_on", None)
        if has_second_factor(user) if on is None else on:
            page = "mfa_verify"
        elif needs_second_factor(user):
            page = "mfa_enrol"
        else:
            return self.get_response(request)
        # Resolving the path costs more than the checks above: only for a session to be held.
        if self._is_open(request):
            return self.get_response(request)
        return self._to(page, request)

    @staticmethod
    def _is_open(request) -> bool:
        try:
            return resolve(request.path_info).url_name in SECOND_FACTOR_OPEN_PAGES
        except Resolver404:
            return False

    @staticmethod
    def _to(name: str, request):
        response = redirect(name)
        if request.method in ("GET", "HEAD"):
            response["Location"] += "?" + urlencode({"next": request.get_full_path()})
        return response


class UserPreferencesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        # Visitors' browsers report their zone in a cookie (static/js/timezone.js).
        zone = user.time_zone if user.is_authenticated else unquote(request.COOKIES.get("tz", ""))
        try:
            timezone.activate(zoneinfo.ZoneInfo(zone))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()
        if user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


# Reached without having accepted the notice in force: the notice itself, and the ways out
# (sign out, take one's data, ask for erasure), besides the second factor's own pages.
CONSENT_OPEN_PAGES = SECOND_FACTOR_OPEN_PAGES | {
    "privacy_notice",
    "privacy_consent",
    "privacy_data",
    "privacy_export_request",
    "privacy_export_status",
    "privacy_export_download",
    "privacy_erasure",
    "privacy_erasure_cancel",
}
CONSENT_SESSION_KEY = "privacy_notice_accepted"


class ConsentMiddleware:
    """Send a signed-in person to the privacy notice in force until they accept it.

    The version in force comes from the shared cache and the version this session accepted from
    the session, so the usual request runs no query; only a mismatch asks the database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .privacy.consent import current_version, has_accepted

        user = request.user
        # Only page loads are held: a form or an autosave posted while staff published a new
        # version goes through (nothing typed is lost), and the page it leads to asks.
        if request.method not in ("GET", "HEAD") or not user.is_authenticated:
            return self.get_response(request)
        version = current_version()
        if not version or request.session.get(CONSENT_SESSION_KEY) == version:
            return self.get_response(request)
        # Only now resolve the path (the second factor's pages and the ways out are open).
        if self._is_open(request):
            return self.get_response(request)
        # The cache may lag a publication (or a rollback); the database decides.
        version = current_version(fresh=True)
        if not version or has_accepted(user, version):
            request.session[CONSENT_SESSION_KEY] = version
            return self.get_response(request)
        return SecondFactorMiddleware._to("privacy_consent", request)

    @staticmethod
    def _is_open(request) -> bool:
        try:
            return resolve(request.path_info).url_name in CONSENT_OPEN_PAGES
        except Resolver404:
            return False
