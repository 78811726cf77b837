"""Start, edit, autosave, submit, read and withdraw an application."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from leadership.permissions import is_community_admin

from .. import services
from ..access_log import access_note
from ..disclosure import visible_history
from ..forms import ApplicationForm, ApplicationStartForm, WithdrawForm, saved_values
from ..models import AccessAction, Application
from ..permissions import get_application_for_user, get_draft_for_admin
from ..sections import read_sections
from ..services import AlreadySubmitted, ApplicationRefused, EditConflict, IncompleteInput
from .rendering import conflict_json, render_edit


def _query_int(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


def _start_initial(request: HttpRequest) -> dict:
    initial: dict = {"round": _query_int(request, "round")}
    if (previous_pk := _query_int(request, "from")) is not None:
        previous = get_application_for_user(request.user, previous_pk, write=True)
        initial.update(community=previous.community_id, copy_from=previous.pk)
    return initial


@login_required
def application_start(request: HttpRequest) -> HttpResponse:
    """Choose the community and round, confirm eligibility, then open a fresh draft."""
    if request.method != "POST":
        form = ApplicationStartForm(user=request.user, initial=_start_initial(request))
        return render(request, "applications/application_start.html", {"form": form})
    form = ApplicationStartForm(request.POST, user=request.user)
    if form.is_valid():
        if failed := form.failed_rules():
            return render(request, "applications/application_ineligible.html", {"failed": failed})
        try:
            application = services.application_create(
                community=form.cleaned_data["community"],
                round=form.cleaned_data["round"],
                by=request.user,
                eligibility=form.eligibility_answers(),
                copy_from=form.cleaned_data["copy_from"],
            )
        except ApplicationRefused as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your draft is ready. It is saved as you type."))
            return redirect("application_edit", pk=application.pk)
    return render(request, "applications/application_start.html", {"form": form})


def _not_editable(request: HttpRequest, application) -> HttpResponse:
    messages.info(request, _("This application has been submitted and can no longer be changed."))
    return redirect(application)


def _conflict(
    request: HttpRequest, application, form: ApplicationForm, conflict: EditConflict
) -> HttpResponse:
    """Nothing was saved: the form again with everything typed, and both values of each clash."""
    application.refresh_from_db()
    form.rebase(application, conflict)
    return render_edit(request, application, form, status=409)


@login_required
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The form in sections; "Save draft" keeps whatever is filled in, valid or not yet."""
    application = get_draft_for_admin(request.user, pk)
    if not application.is_editable:
        return _not_editable(request, application)
    if request.method != "POST":
        return render_edit(request, application, ApplicationForm(instance=application))
    form = ApplicationForm(request.POST, instance=application)
    form.is_valid()
    try:
        services.application_update(application=application, by=request.user, **form.edits())
    except EditConflict as conflict:
        return _conflict(request, application, form, conflict)
    except ApplicationRefused:
        return _not_editable(request, application)
    if form.errors:
        messages.warning(request, _("Your draft was saved, except the fields marked below."))
        return render_edit(request, application, form)
    messages.success(request, _("Draft saved."))
    return redirect("application_edit", pk=application.pk)


@login_required
def application_autosave(request: HttpRequest, pk: int) -> HttpResponse:
    """Save what the browser sends while the applicant types; a JSON answer for autosave.js.

    The access check, the row lock and the read the form compares with are one query
    (services.draft_held): the request deadline day repeats most.
    """
    if request.method != "POST":
        get_application_for_user(request.user, pk, write=True)  # someone else's: 404 first
        return HttpResponseNotAllowed(["POST"])
    try:
        with services.draft_held(pk=pk, by=request.user) as draft:
            form = ApplicationForm(request.POST, instance=draft.application)
            form.is_valid()
            application = draft.update(**form.edits())
    except Application.DoesNotExist:
        raise Http404 from None
    except EditConflict as conflict:
        # Nothing was written: the held row is the saved version the conflict is about.
        return JsonResponse(conflict_json(form, draft.application, conflict), status=409)
    except ApplicationRefused as error:
        return JsonResponse({"saved": False, "error": " ".join(error.messages)}, status=409)
    saved_at = formats.time_format(timezone.localtime(application.updated_at), "H:i")
    return JsonResponse(
        {
            "saved": True,
            "saved_at": application.updated_at.isoformat(),
            "message": _("Saved at %(time)s") % {"time": saved_at},
            "errors": {name: [str(m) for m in errors] for name, errors in form.errors.items()},
            "version": application.version,
            "values": saved_values(application),
        }
    )


@login_required
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the draft as typed and submit it, in one service call; the server alone decides whether it may."""
    application = get_application_for_user(request.user, pk, write=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not application.is_editable:
        return _already_submitted(request, application)
    form = ApplicationForm(request.POST, instance=application)
    form.is_valid()
    try:
        # Input that is not valid is never submitted: the rest is saved, and the refusal says what is missing.
        services.application_submit(
            application=application, by=request.user, invalid=tuple(form.errors), **form.edits()
        )
    except EditConflict as conflict:
        return _conflict(request, application, form, conflict)
    except AlreadySubmitted:
        return _already_submitted(request, application)
    except IncompleteInput as missing:
        form.add_submission_errors(missing.message_dict)
    except ApplicationRefused as error:
        form.add_error(None, error)
    if form.errors:
        messages.error(
            request, _("Your draft was saved but not submitted: please complete the fields marked below.")
        )
        return render_edit(request, application, form)
    messages.success(
        request, _("Your application was submitted. Every admin of the community gets a receipt by email.")
    )
    return redirect(application)


def _already_submitted(request: HttpRequest, application) -> HttpResponse:
    messages.info(request, _("This application was already submitted; nothing more to do."))
    return redirect(application)


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole application, read-only, with its files and status history."""
    application = get_application_for_user(request.user, pk)
    access_note(request, action=AccessAction.PAGE, application_id=application.pk)
    context = {
        "application": application,
        "sections": read_sections(application),
        "attachments": list(application.attachments.all()),
        "history": visible_history(application, application.status_changes.select_related("by")),
        "is_admin": is_community_admin(request.user, application.community_id),
    }
    return render(request, "applications/application_detail.html", context)


@login_required
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation page; the POST withdraws (with an optional reason)."""
    application = get_application_for_user(request.user, pk, write=True)
    if not application.can_withdraw:
        messages.info(request, _("This application can no longer be withdrawn."))
        return redirect(application)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            services.application_withdraw(
                application=application, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The application was withdrawn."))
            return redirect(application)
    return render(
        request, "applications/application_withdraw.html", {"application": application, "form": form}
    )
