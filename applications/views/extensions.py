"""Staff give one application more time: its own deadline, with a reason the applicant is sent."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from leadership.roles import is_program_staff

from ..forms import DeadlineExtensionForm
from ..models import Application
from ..services import application_deadline_extend


@login_required
def deadline_extend(request: HttpRequest, application_id: int) -> HttpResponse:
    if not is_program_staff(request.user):
        raise Http404
    application = (
        Application.objects.select_related("round__program", "community").filter(pk=application_id).first()
    )
    if application is None:
        raise Http404
    form = DeadlineExtensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            extension = application_deadline_extend(
                application=application, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            for field, errors in (
                error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
            ):
                form.add_error(field if field in form.fields else None, errors)
        else:
            when = formats.date_format(timezone.localtime(extension.closes_at), "j F Y, H:i T")
            messages.success(
                request,
                _("%(application)s can be submitted until %(when)s; its admins are emailed.")
                % {"application": application, "when": when},
            )
            return redirect("staff_deadline_extend", application_id=application.pk)
    history = application.deadline_extensions.select_related("by").order_by("-at", "-id")
    return render(
        request,
        "applications/staff/deadline_extend.html",
        {"application": application, "form": form, "history": history},
    )
