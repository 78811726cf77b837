"""Grantee pages: the award, its terms and schedule, accepting it, filing reports and the budget."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from programs.models import ProgramTerms

from ..forms import (
    AwardAcceptForm,
    AwardDeclineForm,
    BudgetLineFormSet,
    BudgetProposalForm,
    ProgressReportForm,
)
from ..models import Award, BudgetProposal, BudgetProposalVersion
from ..permissions import get_award_for_grantee, get_report_for_grantee
from ..services import (
    award_accept,
    award_decline,
    budget_proposal_submit,
    report_submit,
)


def show_error(form, error: ValidationError) -> None:
    """Put a service's refusal on the form: on its field when it names one the form has."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _award_page(request: HttpRequest, award: Award, **forms) -> HttpResponse:
    award = (
        Award.objects.with_listing()
        .prefetch_related(
            "tranches",
            "reports",
            "amendments",
            "status_changes__by",
            Prefetch("budget_proposal__versions", queryset=BudgetProposalVersion.objects.order_by("-number")),
        )
        .get(pk=award.pk)
    )
    terms = ProgramTerms.objects.filter(program_id=award.program_id).first()
    proposal = BudgetProposal.objects.filter(award=award).first()
    context = {
        "award": award,
        "terms": terms,
        "proposal": proposal,
        "accept_form": forms.get("accept_form") or AwardAcceptForm(),
        "decline_form": forms.get("decline_form") or AwardDeclineForm(),
    }
    return render(request, "grants/awards/award_detail.html", context)


@login_required
def award_list(request: HttpRequest) -> HttpResponse:
    awards = (
        Award.objects.for_grantee(request.user)
        .with_listing()
        .prefetch_related("tranches", "reports")
        .distinct()
    )
    return render(request, "grants/awards/award_list.html", {"awards": awards})


@login_required
def award_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _award_page(request, get_award_for_grantee(request.user, pk))


@login_required
@require_POST
def award_accept_view(request: HttpRequest, pk: int) -> HttpResponse:
    award = get_award_for_grantee(request.user, pk)
    form = AwardAcceptForm(request.POST)
    if form.is_valid():
        try:
            award_accept(award=award, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("You accepted the award. Welcome to the program!"))
            return redirect(award)
    return _award_page(request, award, accept_form=form)


@login_required
@require_POST
def award_decline_view(request: HttpRequest, pk: int) -> HttpResponse:
    award = get_award_for_grantee(request.user, pk)
    form = AwardDeclineForm(request.POST)
    if form.is_valid():
        try:
            award_decline(award=award, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            show_error(form, error)
        else:
            messages.info(request, _("You declined the award. Thank you for letting us know."))
            return redirect(award)
    return _award_page(request, award, decline_form=form)


@login_required
def report_file(request: HttpRequest, award_pk: int, pk: int) -> HttpResponse:
    report = get_report_for_grantee(request.user, award_pk, pk)
    form = ProgressReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        try:
            report_submit(report=report, by=request.user, data=form.cleaned_data)
        except ValidationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Your report was filed. Staff will review it."))
            return redirect(report.award)
    return render(
        request, "grants/awards/report_form.html", {"form": form, "report": report, "award": report.award}
    )


@login_required
def budget_proposal(request: HttpRequest, pk: int) -> HttpResponse:
    award = get_award_for_grantee(request.user, pk)
    proposal = BudgetProposal.objects.filter(award=award).first()
    latest = proposal.latest_version() if proposal else None
    initial_lines = [
        {"category": line.category, "description": line.description, "amount": line.amount}
        for line in (latest.lines.all() if latest else [])
    ]
    form = BudgetProposalForm(request.POST or None, initial={"narrative": latest.narrative if latest else ""})
    lines = BudgetLineFormSet(request.POST or None, initial=initial_lines or None, prefix="lines")
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        try:
            budget_proposal_submit(
                award=award,
                by=request.user,
                narrative=form.cleaned_data["narrative"],
                lines=[
                    f.cleaned_data for f in lines.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
                ],
            )
        except ValidationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Your budget was filed. Staff will review it."))
            return redirect(award)
    context = {"award": award, "form": form, "lines": lines, "proposal": proposal, "latest": latest}
    return render(request, "grants/awards/budget_form.html", context)


def awarded_communities(request: HttpRequest) -> HttpResponse:
    """Public: communities that accepted an award and agreed to be listed."""
    awards = (
        Award.objects.listed_publicly()
        .with_listing()
        .prefetch_related("application__community__focus_areas")
        .order_by("program__display_order", "application__community__name")
    )
    page = Paginator(awards, 48).get_page(request.GET.get("page"))
    return render(request, "grants/awards/awarded_communities.html", {"page": page})
