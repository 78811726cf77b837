"""Add, download and remove the files of an application."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import services
from ..access_log import access_note
from ..forms import ApplicationForm, AttachmentForm
from ..models import AccessAction
from ..permissions import get_application_for_user, get_attachment_for_user
from ..services import ApplicationRefused
from .rendering import render_edit


def _attachments_anchor(application) -> str:
    return reverse("application_edit", args=[application.pk]) + "#attachments"


@login_required
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Check the file by its content and attach it; a refusal is shown on the upload form."""
    application = get_application_for_user(request.user, pk, write=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not application.is_editable:
        messages.info(request, _("Files can only be added to a draft."))
        return redirect(application)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = services.attachment_add(
                application=application,
                by=request.user,
                upload=form.cleaned_data["upload"],
                description=form.cleaned_data["description"],
            )
        except ApplicationRefused as error:
            form.add_error(None, error)
        except ValidationError as error:
            form.add_error("upload", error)
        else:
            messages.success(request, _("%(name)s was attached.") % {"name": attachment.original_name})
            return redirect(_attachments_anchor(application))
    return render_edit(request, application, ApplicationForm(instance=application), attachment_form=form)


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    """Stream the stored file, as a download, to the community's admins and to staff only."""
    attachment = get_attachment_for_user(request.user, pk, attachment_pk)
    if request.method not in {"GET", "HEAD"}:
        return HttpResponseNotAllowed(["GET", "HEAD"])
    access_note(request, action=AccessAction.ATTACHMENT, application_id=pk, attachment_id=attachment.pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def attachment_delete(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    attachment = get_attachment_for_user(request.user, pk, attachment_pk, write=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.attachment_remove(attachment=attachment, by=request.user)
    except ApplicationRefused as error:
        messages.error(request, " ".join(error.messages))
        return redirect(attachment.application)
    messages.success(request, _("%(name)s was removed.") % {"name": attachment.original_name})
    return redirect(_attachments_anchor(attachment.application))
