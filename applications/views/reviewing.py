"""The reviewer's queue, "My reviews": their assignments by round, with each scoring page one click away."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from leadership.roles import is_reviewer
from programs.models import Round

from ..models import AssignmentState, ReviewAssignment

PAGE_SIZE = 50
# The queue's order inside a round: what is left to do first, what is done last.
STATE_ORDER = Case(
    When(state=AssignmentState.IN_PROGRESS.value, then=Value(0)),
    When(state=AssignmentState.TO_DO.value, then=Value(1)),
    When(state=AssignmentState.SUBMITTED.value, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


@dataclass
class RoundQueue:
    round: Round
    to_do: int = 0
    drafts: int = 0
    submitted: int = 0
    conflicts: int = 0
    assignments: list[ReviewAssignment] = field(default_factory=list)


@login_required
def my_reviews(request: HttpRequest) -> HttpResponse:
    """Three queries whatever the queue's length: counts per round, the page's count and its assignments."""
    if not is_reviewer(request.user):
        raise Http404
    mine = ReviewAssignment.objects.for_reviewer(request.user)
    counts = (
        mine.with_state()
        .order_by()
        .values("application__round_id", "state")
        .annotate(n=Count("id"))
        .values_list("application__round_id", "state", "n")
    )
    assignments = (
        mine.with_listing()
        .annotate(state_order=STATE_ORDER)
        .order_by("-application__round__review_closes_at", "application__round_id", "state_order", "id")
    )
    page = Paginator(assignments, PAGE_SIZE).get_page(request.GET.get("page"))
    queues: dict[int, RoundQueue] = {}
    for assignment in page.object_list:
        round_ = assignment.application.round
        queues.setdefault(round_.pk, RoundQueue(round=round_)).assignments.append(assignment)
    attribute = {
        AssignmentState.TO_DO: "to_do",
        AssignmentState.IN_PROGRESS: "drafts",
        AssignmentState.SUBMITTED: "submitted",
        AssignmentState.CONFLICT: "conflicts",
    }
    for round_id, state, n in counts:
        if round_id in queues:
            setattr(queues[round_id], attribute[AssignmentState(state)], n)
    context = {"queues": list(queues.values()), "page": page, "now": timezone.now()}
    return render(request, "applications/my_reviews.html", context)
