"""The staff page of the retention policy: what it will anonymise or delete by the end of the month."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Max, OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from leadership.roles import is_program_staff

from ..models import RetentionAction, RetentionEvent
from ..retention import (
    anonymisation_due_on,
    draft_deletion_on,
    due_for_anonymising,
    end_of_month,
    inactive_drafts,
    retention_due,
)

PAGE_SIZE = 50


def _last_warning() -> Subquery:
    return Subquery(
        RetentionEvent.objects.filter(
            application_id=OuterRef("pk"), action=RetentionAction.DRAFT_WARNED, at__gte=OuterRef("updated_at")
        )
        .order_by()
        .values("application_id")
        .annotate(last=Max("at"))
        .values("last")
    )


@login_required
def retention_page(request: HttpRequest) -> HttpResponse:
    """Counts, then the applications due to be anonymised and the inactive drafts, each paginated."""
    if not is_program_staff(request.user):
        raise Http404
    month_end = end_of_month(timezone.now())
    anonymise = Paginator(
        due_for_anonymising(now=month_end)
        .select_related("round__program", "round__decision_release", "community")
        .order_by("retention_base", "pk"),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    drafts = Paginator(
        inactive_drafts(now=month_end)
        .select_related("round__program", "community")
        .annotate(warned_at=_last_warning())
        .order_by("updated_at", "pk"),
        PAGE_SIZE,
    ).get_page(request.GET.get("drafts"))
    context = {
        "due": retention_due(),
        "anonymise": anonymise,
        "anonymise_rows": [(a, anonymisation_due_on(a)) for a in anonymise],
        "drafts": drafts,
        "draft_rows": [(d, draft_deletion_on(d, warned_at=d.warned_at), d.warned_at) for d in drafts],
    }
    return render(request, "applications/staff/retention.html", context)
