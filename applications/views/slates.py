"""Staff pages of the portfolio slate: build one for a round, save it, look at it, apply it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from programs.models import Round

from ..models import Application, Slate, Status
from ..ranking import RANKED_STATUSES
from ..selection.candidates import CandidateRow, Catalogue, catalogue_of, round_candidates
from ..selection.comparison import slate_plan
from ..selection.forms import SlateForm, SlateSaveForm, query_of, rules_in_words
from ..services import few_reviews_warning, slate_apply, slate_save
from .staff import require_staff, round_or_404

RECENT_SLATES = 10


@login_required
def slate_rounds(request: HttpRequest) -> HttpResponse:
    """Every round with its ranked applications and saved slates: where a slate is built."""
    require_staff(request.user)
    rounds = Round.objects.select_related("program").annotate(
        ranked=Count("applications", filter=Q(applications__status__in=RANKED_STATUSES), distinct=True),
        saved=Count("slates", distinct=True),
    )
    return render(request, "applications/staff/slate_rounds.html", {"rounds": rounds})


@login_required
def slate_build(request: HttpRequest, round_id: int) -> HttpResponse:
    """The slate that maximises the total score under the rules in the query, beside the plain list."""
    round_ = round_or_404(request.user, round_id)
    rows, catalogue = round_candidates(round_), catalogue_of(round_)
    form = SlateForm(request.GET if "size" in request.GET else None, rows=rows, catalogue=catalogue)
    return _build_page(request, round_, form, rows, catalogue)


@login_required
@require_POST
def slate_save_view(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = round_or_404(request.user, round_id)
    rows, catalogue = round_candidates(round_), catalogue_of(round_)
    form = SlateSaveForm(request.POST, rows=rows, catalogue=catalogue)
    if form.is_valid():
        try:
            slate = slate_save(
                round=round_, by=request.user, name=form.cleaned_data["name"], rules=form.rules()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Slate “%(name)s” saved.") % {"name": slate.name})
            return redirect("slate_detail", pk=slate.pk)
    return _build_page(request, round_, form, rows, catalogue)


def _build_page(
    request: HttpRequest, round_: Round, form: SlateForm, rows: list[CandidateRow], catalogue: Catalogue
) -> HttpResponse:
    valid = form.is_valid() if form.is_bound else True
    plan = slate_plan(rows, form.rules(), catalogue) if valid and rows and catalogue.slots_left else None
    save_form = form if isinstance(form, SlateSaveForm) else SlateSaveForm(rows=rows, catalogue=catalogue)
    slates = list(Slate.objects.filter(round=round_).select_related("created_by")[:RECENT_SLATES])
    context = {"round": round_, "form": form, "save_form": save_form, "plan": plan, "catalogue": catalogue}
    return render(request, "applications/staff/slate_build.html", {**context, "slates": slates, "rows": rows})


def _slate_or_404(request: HttpRequest, pk: int) -> Slate:
    require_staff(request.user)
    slate = Slate.objects.select_related("round__program", "created_by", "applied_by").filter(pk=pk).first()
    if slate is None:
        raise Http404
    return slate


@login_required
def slate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A saved slate: its rules, who saved it and when, its applications, and the apply button."""
    slate = _slate_or_404(request, pk)
    members = list(
        Application.objects.filter(slates=slate)
        .select_related("community")
        .order_by("community__country", "pk")
    )
    query = QueryDict(mutable=True)
    query.update(query_of(slate.constraints))
    released = hasattr(slate.round, "decision_release")
    context = {"slate": slate, "members": members, "builder_query": query.urlencode(), "released": released}
    context["rules"] = rules_in_words(slate.constraints)
    pending = [a for a in members if a.status != Status.SHORTLISTED]
    context["few_reviews"] = "" if released or slate.applied_at else few_reviews_warning(pending, slate.round)
    return render(request, "applications/staff/slate_detail.html", context)


@login_required
@require_POST
def slate_apply_view(request: HttpRequest, pk: int) -> HttpResponse:
    slate = _slate_or_404(request, pk)
    try:
        decided = slate_apply(
            slate=slate,
            by=request.user,
            few_reviews_confirmed=request.POST.get("few_reviews_confirmed") == "on",
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            ngettext(
                "Slate applied: %(n)d application shortlisted. Applicants hear of it when decisions are released.",
                "Slate applied: %(n)d applications shortlisted. Applicants hear of it when decisions are released.",
                decided,
            )
            % {"n": decided},
        )
    return redirect("slate_detail", pk=slate.pk)
