"""Data rights pages: the privacy notice, accepting it, "My data" (a copy, erasure)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from ..forms import ConsentForm, ErasureForm
from ..middleware import CONSENT_SESSION_KEY
from ..models import DataExport, DataExportState
from ..privacy.consent import consent_accept, current_notice
from ..privacy.erasure import WrongPassword, erasure_cancel, erasure_request, pending_erasure
from ..privacy.export import (
    ExportLinkExpired,
    data_export_request,
    export_for_link,
    export_link,
    export_status,
    latest_export,
)
from ..services.communities import LeadershipRefused


def privacy_notice(request: HttpRequest) -> HttpResponse:
    return render(request, "leadership/privacy/notice.html", {"notice": current_notice()})


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "dashboard"


@login_required
@never_cache
def privacy_consent(request: HttpRequest) -> HttpResponse:
    notice = current_notice()
    if notice is None:
        return redirect(_next(request))
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        consent_accept(user=request.user, notice=notice)
        request.session[CONSENT_SESSION_KEY] = notice.version
        messages.success(request, _("Thank you: you accepted the privacy notice."))
        return redirect(_next(request))
    context = {"notice": notice, "form": form, "next": request.GET.get("next", "")}
    return render(request, "leadership/privacy/consent.html", context)


@login_required
def privacy_data(request: HttpRequest) -> HttpResponse:
    export = latest_export(request.user)
    context = {
        "export": export,
        "download_path": export_link(export) if export and export.state == DataExportState.READY else "",
        "erasure": pending_erasure(request.user),
        "link_days": settings.PRIVACY_EXPORT_LINK_DAYS,
    }
    return render(request, "leadership/privacy/my_data.html", context)


@login_required
@require_POST
def privacy_export_request(request: HttpRequest) -> HttpResponse:
    data_export_request(by=request.user)
    messages.success(
        request, _("We are preparing your copy. You can wait here, or we will email you the link.")
    )
    return redirect("privacy_data")


@login_required
def privacy_export_status(request: HttpRequest, pk: int) -> JsonResponse:
    return JsonResponse(export_status(get_object_or_404(DataExport, pk=pk, user=request.user)))


@login_required
def privacy_export_download(request: HttpRequest, token: str) -> HttpResponse:
    try:
        export = export_for_link(token=token, user=request.user)
    except ExportLinkExpired as error:
        return render(
            request, "leadership/privacy/link_expired.html", {"refusal": " ".join(error.messages)}, status=410
        )
    filename = f"my-data-{export.requested_at:%Y-%m-%d}.zip"
    return FileResponse(default_storage.open(export.file, "rb"), as_attachment=True, filename=filename)


@sensitive_post_parameters("password")
@login_required
def privacy_erasure(request: HttpRequest) -> HttpResponse:
    form = ErasureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            erasure_request(by=request.user, password=form.cleaned_data["password"])
        except LeadershipRefused as error:
            form.add_error("password" if isinstance(error, WrongPassword) else None, error)
        else:
            messages.success(
                request,
                _("Your request is sent. Staff confirm it within a month; we email you when it is done."),
            )
            return redirect("privacy_data")
    return render(
        request, "leadership/privacy/erasure.html", {"form": form, "erasure": pending_erasure(request.user)}
    )


@login_required
@require_POST
def privacy_erasure_cancel(request: HttpRequest) -> HttpResponse:
    pending = pending_erasure(request.user)
    if pending is None:
        messages.info(request, _("There is no erasure request to cancel."))
        return redirect("privacy_data")
    try:
        erasure_cancel(request=pending, by=request.user)
    except LeadershipRefused as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your erasure request is cancelled. Your account stays as it was."))
    return redirect("privacy_data")
