"""The staff home: one round at a time, what is in the pipeline and what needs doing next."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from programs.models import Round

from ..models import Status
from ..staff_home import (
    READY_SHOWN,
    REVIEWERS_SHOWN,
    extended_drafts,
    next_deadline,
    pipeline,
    ready_count,
    ready_to_decide,
    review_progress,
    round_for_home,
    staff_home_panels,
)
from .staff import _release_of, require_staff


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    """A constant number of queries whatever the round's size (tests/applications/test_staff_home.py)."""
    require_staff(request.user)
    now = timezone.now()
    rounds = list(Round.objects.select_related("program", "decision_release").order_by("-closes_at"))
    round_ = round_for_home(rounds, request.GET.get("round"), now=now)
    context: dict = {"rounds": rounds, "round": round_}
    if round_ is not None:
        stages = pipeline(round_)
        counts = {status: n for status, _label, n in stages}
        ready = ready_to_decide(round_)
        progress = review_progress(round_, now=now)
        context.update(
            pipeline=stages,
            total=sum(counts.values()),
            to_screen=counts[Status.SUBMITTED],
            in_review=counts[Status.IN_REVIEW],
            shortlisted=counts[Status.SHORTLISTED],
            ready=list(ready.order_by("pk")[:READY_SHOWN]),
            ready_count=ready_count(round_),
            progress=progress,
            reviewers=progress.reviewers[:REVIEWERS_SHOWN],
            more_reviewers=max(0, len(progress.reviewers) - REVIEWERS_SHOWN),
            deadline=next_deadline(round_, now=now),
            extended=extended_drafts(round_, now=now),
            release=_release_of(round_),
            panels=staff_home_panels(round_),
        )
    return render(request, "applications/staff/home.html", context)
