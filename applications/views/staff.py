"""Staff pages of the review workflow: rounds, the ranking, an application's reviews, release."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from leadership.models import FocusArea
from leadership.roles import can_manage_reviews
from programs.models import Program, Round

from ..access_log import access_note
from ..decision_forms import BatchDecideForm, DecideForm, ReleaseForm, ScreenForm
from ..decline_summary import decline_summary
from ..models import AccessAction, Application, DecisionRelease, Review, ReviewAssignment, Status
from ..ranking import DISAGREEMENT_SPREAD, RANKED_STATUSES, Ranking, round_ranking, weighted_total
from ..score_display import shown_scores
from ..services import few_reviews_warning as reviews_warning
from ..services.decisions import UNDECIDED

if TYPE_CHECKING:
    from leadership.roles import AnyUser

PAGE_SIZE = 100
AWAITING_SHOWN = 50


def require_staff(user: AnyUser) -> None:
    if not can_manage_reviews(user):
        raise Http404


def round_or_404(user: AnyUser, round_id: int) -> Round:
    require_staff(user)
    round_ = (
        Round.objects.select_related("program", "decision_release__released_by").filter(pk=round_id).first()
    )
    if round_ is None:
        raise Http404
    return round_


class RoundFilterForm(forms.Form):
    program = forms.ModelChoiceField(
        label=gettext_lazy("Program"),
        queryset=Program.objects.all(),
        required=False,
        empty_label=gettext_lazy("All programs"),
    )


class RankingFilterForm(forms.Form):
    country = forms.ChoiceField(label=gettext_lazy("Country"), required=False)
    focus_area = forms.ModelChoiceField(
        label=gettext_lazy("Focus area"),
        queryset=FocusArea.objects.all(),
        required=False,
        empty_label=gettext_lazy("All focus areas"),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("All statuses")), *[(s.value, s.label) for s in RANKED_STATUSES]],
    )

    def __init__(self, *args, country_codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries"))] + [
            (code, countries.name(code)) for code in country_codes
        ]


@login_required
def review_rounds(request: HttpRequest) -> HttpResponse:
    """Every round with its review progress, filtered by program."""
    require_staff(request.user)
    form = RoundFilterForm(request.GET or None)
    rounds = Round.objects.select_related("program", "decision_release")
    if form.is_valid() and form.cleaned_data["program"]:
        rounds = rounds.filter(program=form.cleaned_data["program"])
    # One grouped pass per table, each counting by round; no DISTINCT over a join.
    in_review = dict(
        Application.objects.filter(status=Status.IN_REVIEW)
        .values("round_id")
        .annotate(n=Count("id"))
        .values_list("round_id", "n")
    )
    progress = {
        row["application__round_id"]: (row["n"], row["done"])
        for row in ReviewAssignment.objects.active()
        .values("application__round_id")
        .annotate(n=Count("id"), done=Count("id", filter=Q(review__submitted_at__isnull=False)))
    }
    rows = []
    for round_ in rounds:
        round_.in_review = in_review.get(round_.pk, 0)
        rows.append((round_, *progress.get(round_.pk, (0, 0))))
    return render(request, "applications/staff/round_list.html", {"form": form, "rows": rows})


@login_required
def ranking(request: HttpRequest, round_id: int) -> HttpResponse:
    """The round's applications by normalised score, with filters; one query for the rows."""
    round_ = round_or_404(request.user, round_id)
    return ranking_page(request, round_)


def ranking_filters(request: HttpRequest, round_: Round) -> RankingFilterForm:
    """The ranking's filter form, bound to the query string (the batch form carries it too)."""
    country_codes = (
        Application.objects.for_round(round_)
        .filter(status__in=RANKED_STATUSES)
        .order_by()
        .values_list("community__country", flat=True)
        .distinct()
    )
    return RankingFilterForm(request.GET or None, country_codes=sorted(set(country_codes)))


def filter_applications(applications: QuerySet[Application], filters: dict) -> QuerySet[Application]:
    """The ranking's filters (country, focus area, status) as an ORM filter on applications."""
    if filters.get("country"):
        applications = applications.filter(community__country=filters["country"])
    if filters.get("focus_area"):
        applications = applications.filter(community__focus_areas=filters["focus_area"])
    if filters.get("status"):
        applications = applications.filter(status=filters["status"])
    return applications


def ranking_page(
    request: HttpRequest,
    round_: Round,
    *,
    batch_form: BatchDecideForm | None = None,
    release_form: ReleaseForm | None = None,
    few_reviews_warning: str = "",
) -> HttpResponse:
    """The ranking page; a refused batch or release shows it again with what was typed."""
    form = ranking_filters(request, round_)
    filters = form.cleaned_data if form.is_valid() else {}
    page_number = request.GET.get("page", "1")
    page_number = int(page_number) if page_number.isdigit() and int(page_number) > 0 else 1
    result: Ranking = round_ranking(
        round_,
        country=filters.get("country") or None,
        focus_area=filters.get("focus_area"),
        status=filters.get("status") or None,
        limit=PAGE_SIZE,
        offset=(page_number - 1) * PAGE_SIZE,
    )
    paginator = Paginator(range(result.total), PAGE_SIZE)
    page: Page = paginator.get_page(page_number)
    query = request.GET.copy()
    query.pop("page", None)
    undecided = Application.objects.for_round(round_).filter(status__in=UNDECIDED)
    # The list follows the page's filters; the count (what blocks the release) is the round's.
    awaiting = (
        filter_applications(undecided, filters).select_related("community").order_by("submitted_at", "id")
    )
    ticked = {str(pk) for pk in batch_form.data.getlist("applications")} if batch_form is not None else set()
    return render(
        request,
        "applications/staff/round_ranking.html",
        {
            "round": round_,
            "form": form,
            "rows": shown_scores(result.rows, round_),
            "ticked": ticked,
            "page": page,
            "total": result.total,
            "query": query.urlencode(),
            "awaiting": awaiting[:AWAITING_SHOWN],
            "undecided": undecided.count(),
            "threshold": DISAGREEMENT_SPREAD,
            "release": _release_of(round_),
            "release_is_early": not round_.is_ready_for_release_at(timezone.now()),
            "release_form": release_form or ReleaseForm(),
            "batch_form": batch_form or BatchDecideForm(),
            "few_reviews_warning": few_reviews_warning,
            "decline_summary": decline_summary(round_),
        },
        status=400 if (batch_form is not None or release_form is not None) else 200,
    )


def _release_of(round_: Round) -> DecisionRelease | None:
    try:
        return round_.decision_release
    except DecisionRelease.DoesNotExist:
        return None


@login_required
def application_reviews(request: HttpRequest, application_id: int) -> HttpResponse:
    """Every review of one application, with names, and the staff's actions on it."""
    require_staff(request.user)
    return application_page(request, staff_application_or_404(application_id))


def staff_application_or_404(application_id: int) -> Application:
    application = (
        Application.objects.select_related(
            "community", "round__program", "decision_message", "decline_reason"
        )
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        raise Http404
    return application


def application_page(
    request: HttpRequest,
    application: Application,
    *,
    screen_form: ScreenForm | None = None,
    decide_form: DecideForm | None = None,
) -> HttpResponse:
    """The staff page of one application; a refused action shows it again with what was typed."""
    access_note(request, action=AccessAction.STAFF_REVIEWS, application_id=application.pk)
    assignments = list(
        ReviewAssignment.objects.filter(application=application).with_listing().order_by("assigned_at", "id")
    )
    reviews = {
        r.assignment_id: r
        for r in Review.objects.filter(assignment__application=application).prefetch_related(
            "scores__criterion"
        )
    }
    criteria = list(application.round.program.criteria.all())
    rows = []
    for assignment in assignments:
        review = reviews.get(assignment.pk)
        scores = {s.criterion_id: s for s in review.scores.all()} if review else {}
        pairs = [(s.value, s.criterion.weight) for s in scores.values() if s.value is not None]
        rows.append(
            {
                "assignment": assignment,
                "review": review,
                "scores": [scores.get(c.pk) for c in criteria],
                "total": round(weighted_total(pairs), 2)
                if review and review.is_submitted and pairs
                else None,
            }
        )
    may_decide = any(
        application.can_move_to(s) for s in (Status.SHORTLISTED, Status.DECLINED, Status.WAITLISTED)
    )
    return render(
        request,
        "applications/staff/application_reviews.html",
        {
            "application": application,
            "criteria": criteria,
            "rows": rows,
            "may_screen": application.status == Status.SUBMITTED,
            "may_decide": may_decide,
            "screen_form": screen_form or ScreenForm(),
            "decide_form": decide_form
            or DecideForm(
                initial={
                    "message": application.decision_message_id,
                    "decline_reason": application.decline_reason_id,
                }
            ),
            "few_reviews_warning": reviews_warning([application], application.round) if may_decide else "",
        },
        status=400 if (screen_form is not None or decide_form is not None) else 200,
    )
