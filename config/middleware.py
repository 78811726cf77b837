"""Request-wide middleware: a request id on every response and log line, and the body-size gate."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

import sentry_sdk
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

logger = logging.getLogger("config.requests")

REQUEST_ID_HEADER = "X-Request-ID"
# What we accept from the proxy: enough for UUIDs and most tracing formats, nothing that could
# forge a log line or a header (no spaces, no newlines).
_REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._:-]{1,128}")

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")


class RequestIdLogFilter(logging.Filter):
    """Give every log record the id of the request it was written for ("-" outside one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class RequestIdMiddleware:
    """Take the proxy's X-Request-ID or make one; answer it; log one line per failed request.

    Outermost in MIDDLEWARE, so redirects, 413s and error pages carry the id too.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if _REQUEST_ID_PATTERN.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        # Not reset on the way out: Django logs the response (django.request) after the
        # middleware chain returns, and that line should carry the id too. The next request
        # in this thread sets its own.
        request_id_var.set(request_id)
        sentry_sdk.set_tag("request_id", request_id)  # a no-op unless SENTRY_DSN is set
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        if response.status_code >= 500:
            error = getattr(request, "_request_id_exception", None)
            logger.error(
                "request failed: %s %s status=%s error=%s request_id=%s",
                request.method,
                request.path,
                response.status_code,
                type(error).__name__ if error is not None else "-",
                request_id,
            )
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        # Remember what went wrong for the failure line; Django still renders its 500 page.
        request._request_id_exception = exception


def _content_length(request: HttpRequest) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None


def _wants_json(request: HttpRequest) -> bool:
    """Autosave posts with fetch and asks for JSON; sendBeacon sets no header but is a fetch."""
    return (
        "application/json" in request.headers.get("Accept", "")
        or request.headers.get("X-Requested-With") == "XMLHttpRequest"
        or request.headers.get("Sec-Fetch-Dest") == "empty"
    )


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body exceeds MAX_REQUEST_BYTES before anything reads it.

    Placed before CsrfViewMiddleware, the first code that reads request.POST: a 60 MB upload
    is answered at once with 413 instead of being read to the end and then refused.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = _content_length(request)
        if length is not None and length > settings.MAX_REQUEST_BYTES:
            return self._refuse(request)
        return self.get_response(request)

    def _refuse(self, request: HttpRequest) -> HttpResponse:
        limit = filesizeformat(settings.MAX_ATTACHMENT_BYTES)
        message = _("This request is too large. Files may be up to %(limit)s; choose a smaller file.") % {
            "limit": limit
        }
        if _wants_json(request):
            # Same shape as the autosave answers, so autosave.js shows the message.
            return JsonResponse({"saved": False, "error": message}, status=413)
        return render(request, "413.html", {"message": message}, status=413)
