"""Staff pages: budget dashboard, making awards, and running an award (payments, reports, budget)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.models import Application
from applications.models import Status as ApplicationStatus

from .. import dashboard
from ..forms import (
    AwardAmendForm,
    AwardMakeForm,
    NoteForm,
    ReasonForm,
    TrancheFormSet,
    TranchePaidForm,
)
from ..models import Award, BudgetProposal, BudgetProposalVersion
from ..permissions import (
    get_award_for_staff,
    get_awardable_application,
    get_proposal_for_staff,
    get_report_for_staff,
    get_tranche_for_staff,
    staff_required,
)
from ..services import (
    award_amend,
    award_cancel,
    award_complete,
    award_make,
    budget_proposal_approve,
    budget_proposal_request_changes,
    program_usage,
    report_accept,
    report_request_changes,
    tranche_mark_paid,
    tranches_update,
)
from ..services.tranches import TrancheRow
from .awards import show_error


@staff_required
def budget_dashboard(request: HttpRequest) -> HttpResponse:
    context = {
        "programs": dashboard.program_budgets(),
        "countries": dashboard.by_country(),
        "focus_areas": dashboard.by_focus_area(),
        "overdue_tranches": dashboard.overdue_tranches(),
        "overdue_reports": dashboard.overdue_reports(),
        "waiting_reports": dashboard.waiting_reviews(),
        "chart_labels": {
            "awarded": _("Committed, to pay"),
            "disbursed": _("Disbursed"),
            "remaining": _("Remaining"),
            "used": _("Slots used"),
            "left": _("Slots left"),
            "amount": _("Amount"),
        },
    }
    return render(request, "grants/staff/dashboard.html", context)


@staff_required
def dashboard_data(request: HttpRequest) -> JsonResponse:
    return JsonResponse(dashboard.dashboard_json())


@staff_required
def shortlist(request: HttpRequest) -> HttpResponse:
    """Shortlisted and waitlisted applications without an award yet."""
    applications = (
        Application.objects.with_listing()
        .filter(status__in=[ApplicationStatus.SHORTLISTED, ApplicationStatus.WAITLISTED], awards__isnull=True)
        .order_by("round__program__display_order", "round__closes_at", "community__name")
    )
    page = Paginator(applications, 50).get_page(request.GET.get("page"))
    return render(request, "grants/staff/shortlist.html", {"page": page})


@staff_required
def award_make_view(request: HttpRequest, application_pk: int) -> HttpResponse:
    application = get_awardable_application(request.user, application_pk)
    program = application.round.program
    form = AwardMakeForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        try:
            award = award_make(application=application, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_error(form, error)
        else:
            messages.success(
                request, _("Award offered to %(community)s.") % {"community": application.community.name}
            )
            return redirect(award.get_staff_url())
    context = {"application": application, "program": program, "form": form, "usage": program_usage(program)}
    return render(request, "grants/staff/award_make.html", context)


def _award_page(request: HttpRequest, award: Award, **bound) -> HttpResponse:
    award = (
        Award.objects.with_listing()
        .prefetch_related(
            "tranches",
            "reports",
            "amendments__by",
            "status_changes__by",
            Prefetch(
                "budget_proposal__versions",
                queryset=BudgetProposalVersion.objects.order_by("-number").prefetch_related("lines"),
            ),
        )
        .get(pk=award.pk)
    )
    context = {
        "award": award,
        "proposal": BudgetProposal.objects.filter(award=award).first(),
        "amend_form": bound.get("amend_form") or AwardAmendForm(initial={"amount": award.amount}),
        "cancel_form": bound.get("cancel_form") or ReasonForm(),
        "paid_form": TranchePaidForm(),
        "note_form": NoteForm(),
        "action_form": bound.get("action_form"),
    }
    status = 400 if bound else 200
    return render(request, "grants/staff/award_detail.html", context, status=status)


@staff_required
def award_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _award_page(request, get_award_for_staff(request.user, pk))


def _act(
    request: HttpRequest, award: Award, form, call: Callable[[dict], object], done: str, key: str
) -> HttpResponse:
    """The shape of every staff action: bind, call the service, report, redirect (or show the refusal)."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationError as error:
            show_error(form, error)
        else:
            messages.success(request, done)
            return redirect(award.get_staff_url())
    return _award_page(request, award, **{key: form})


@staff_required
@require_POST
def award_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    award = get_award_for_staff(request.user, pk)
    return _act(
        request,
        award,
        ReasonForm(request.POST),
        lambda data: award_cancel(award=award, by=request.user, reason=data["reason"]),
        _("The award was cancelled; its slot and undisbursed money are free."),
        "cancel_form",
    )


@staff_required
@require_POST
def award_amend_view(request: HttpRequest, pk: int) -> HttpResponse:
    award = get_award_for_staff(request.user, pk)
    return _act(
        request,
        award,
        AwardAmendForm(request.POST),
        lambda data: award_amend(award=award, by=request.user, **data),
        _("The award was amended and its unpaid tranches adjusted."),
        "amend_form",
    )


@staff_required
@require_POST
def award_complete_view(request: HttpRequest, pk: int) -> HttpResponse:
    award = get_award_for_staff(request.user, pk)
    return _act(
        request,
        award,
        NoteForm(request.POST),
        lambda data: award_complete(award=award, by=request.user, note=data["note"]),
        _("The award is complete."),
        "action_form",
    )


@staff_required
@require_POST
def tranche_paid_view(request: HttpRequest, pk: int, tranche_pk: int) -> HttpResponse:
    tranche = get_tranche_for_staff(request.user, pk, tranche_pk)
    return _act(
        request,
        tranche.award,
        TranchePaidForm(request.POST),
        lambda data: tranche_mark_paid(tranche=tranche, by=request.user, **data),
        _("Tranche %(number)s recorded as paid.") % {"number": tranche.number},
        "action_form",
    )


@staff_required
def tranches_edit(request: HttpRequest, pk: int) -> HttpResponse:
    award = get_award_for_staff(request.user, pk)
    unpaid = award.tranches.unpaid().order_by("number")
    initial = [{"pk": t.pk, "amount": t.amount, "due_date": t.due_date} for t in unpaid]
    formset = TrancheFormSet(request.POST or None, initial=initial, prefix="tranches")
    if request.method == "POST" and formset.is_valid():
        rows = [
            TrancheRow(
                pk=f.cleaned_data.get("pk"),
                amount=f.cleaned_data["amount"],
                due_date=f.cleaned_data["due_date"],
            )
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        try:
            tranches_update(award=award, by=request.user, rows=rows)
        except ValidationError as error:
            formset._non_form_errors = formset.error_class(error.messages)
        else:
            messages.success(request, _("The payment schedule was saved."))
            return redirect(award.get_staff_url())
    paid = award.tranches.paid().order_by("number")
    return render(
        request, "grants/staff/tranches_form.html", {"award": award, "formset": formset, "paid": paid}
    )


@staff_required
@require_POST
def report_accept_view(request: HttpRequest, pk: int, report_pk: int) -> HttpResponse:
    report = get_report_for_staff(request.user, pk, report_pk)
    return _act(
        request,
        report.award,
        NoteForm(request.POST),
        lambda data: report_accept(report=report, by=request.user, note=data["note"]),
        _("“%(report)s” accepted.") % {"report": report.title},
        "action_form",
    )


@staff_required
@require_POST
def report_changes_view(request: HttpRequest, pk: int, report_pk: int) -> HttpResponse:
    report = get_report_for_staff(request.user, pk, report_pk)
    return _act(
        request,
        report.award,
        NoteForm(request.POST),
        lambda data: report_request_changes(report=report, by=request.user, note=data["note"]),
        _("Changes requested to “%(report)s”.") % {"report": report.title},
        "action_form",
    )


@staff_required
@require_POST
def proposal_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_staff(request.user, pk)
    return _act(
        request,
        proposal.award,
        NoteForm(request.POST),
        lambda data: budget_proposal_approve(proposal=proposal, by=request.user, note=data["note"]),
        _("Budget approved; the award now follows its total."),
        "action_form",
    )


@staff_required
@require_POST
def proposal_changes_view(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_staff(request.user, pk)
    return _act(
        request,
        proposal.award,
        NoteForm(request.POST),
        lambda data: budget_proposal_request_changes(proposal=proposal, by=request.user, note=data["note"]),
        _("Changes requested to the budget."),
        "action_form",
    )
