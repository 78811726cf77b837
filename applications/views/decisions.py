"""Staff decisions where they are made: the application's page, the ranking's batch, the release."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ..decision_forms import BatchDecideForm, DecideForm, ReleaseForm, ScreenForm
from ..models import Application
from ..ranking import RANKED_STATUSES
from ..services import (
    EarlyRelease,
    FewReviews,
    application_decide,
    application_screen,
    applications_decide,
    decisions_release,
)
from .staff import (
    application_page,
    filter_applications,
    ranking_filters,
    ranking_page,
    require_staff,
    round_or_404,
    staff_application_or_404,
)


@login_required
@require_POST
def application_screen_view(request: HttpRequest, application_id: int) -> HttpResponse:
    require_staff(request.user)
    application = staff_application_or_404(application_id)
    form = ScreenForm(request.POST)
    if form.is_valid():
        try:
            application_screen(application=application, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Screened: the application is now %(status)s.")
                % {"status": application.get_status_display().lower()},
            )
            return _back(request, application)
    return application_page(request, application, screen_form=form)


@login_required
@require_POST
def application_decide_view(request: HttpRequest, application_id: int) -> HttpResponse:
    require_staff(request.user)
    application = staff_application_or_404(application_id)
    form = DecideForm(request.POST)
    if form.is_valid():
        try:
            application_decide(application=application, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("few_reviews_confirmed" if isinstance(error, FewReviews) else None, error)
        else:
            messages.success(
                request,
                _("Decided: the application is now %(status)s. The applicant is told at release.")
                % {"status": application.get_status_display().lower()},
            )
            return _back(request, application)
    return application_page(request, application, decide_form=form)


def _back(request: HttpRequest, application: Application) -> HttpResponse:
    # The admin change page posts here too and asks to come back to itself.
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("staff_application_reviews", application_id=application.pk)


def _batch_ids(request: HttpRequest, round_, form: BatchDecideForm) -> list[int]:
    if not form.cleaned_data["all_filtered"]:
        return form.cleaned_data["applications"]
    filters = ranking_filters(request, round_)
    chosen = Application.objects.for_round(round_).filter(status__in=RANKED_STATUSES)
    if filters.is_valid():
        chosen = filter_applications(chosen, filters.cleaned_data)
    return list(chosen.values_list("pk", flat=True))


@login_required
@require_POST
def batch_decide(request: HttpRequest, round_id: int) -> HttpResponse:
    """Decide the ticked (or every filtered) application of the ranking with one message and reason."""
    round_ = round_or_404(request.user, round_id)
    form = BatchDecideForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = applications_decide(
                round=round_,
                application_ids=_batch_ids(request, round_, form),
                by=request.user,
                outcome=data["outcome"],
                message=data["message"],
                decline_reason=data["decline_reason"],
                note_to_applicant=data["note_to_applicant"],
                few_reviews_confirmed=data["few_reviews_confirmed"],
            )
        except ValidationError as error:
            form.add_error("few_reviews_confirmed" if isinstance(error, FewReviews) else None, error)
        else:
            n = len(result.decided)
            messages.success(
                request,
                ngettext(
                    "%(n)d application decided; the applicant is told at release.",
                    "%(n)d applications decided; the applicants are told at release.",
                    n,
                )
                % {"n": n},
            )
            for application, reason in result.refused[:20]:
                messages.warning(request, f"{application}: {reason}")
            query = f"?{request.GET.urlencode()}" if request.GET else ""
            return redirect(reverse("round_ranking", args=[round_.pk]) + query)
    return ranking_page(request, round_, batch_form=form)


@login_required
@require_POST
def release_decisions(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = round_or_404(request.user, round_id)
    form = ReleaseForm(request.POST)
    form.full_clean()
    try:
        release = decisions_release(
            round=round_, by=request.user, early_reason=form.cleaned_data["early_reason"]
        )
    except ValidationError as error:
        form.add_error("early_reason" if isinstance(error, EarlyRelease) else None, error)
        return ranking_page(request, round_, release_form=form)
    messages.success(
        request,
        ngettext(
            "Decisions released: %(n)d application was told its outcome.",
            "Decisions released: %(n)d applications were told their outcome.",
            release.applications_told,
        )
        % {"n": release.applications_told},
    )
    return redirect("round_ranking", round_id=round_.pk)
