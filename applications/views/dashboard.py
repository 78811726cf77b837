"""The applicant's home: their communities, their applications and the rounds open now."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from leadership.models import Community
from programs.models import Round

from ..models import Application, Status


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Three queries whatever the number of rows: communities, applications, open rounds."""
    user = request.user
    open_rounds = list(Round.objects.open().select_related("program").order_by("closes_at"))
    applications = list(
        Application.objects.for_applicant(user)
        .with_listing()
        # The shown status depends on the round's decision release (applications.disclosure).
        .select_related("round__decision_release")
        .order_by("-created_at")
    )
    for application in applications:
        # Reuse makes sense for an application whose round is over or that was withdrawn.
        application.reusable = bool(open_rounds) and (
            application.status == Status.WITHDRAWN or not application.round.is_open
        )
    communities = list(Community.objects.administered_by(user).order_by("name"))
    live = {(a.community_id, a.round_id) for a in applications if a.status != Status.WITHDRAWN}
    for round_ in open_rounds:
        # One live application per community and round: offer the round while one is free.
        round_.can_apply = any((community.pk, round_.pk) not in live for community in communities)
    context = {
        "communities": communities,
        "applications": applications,
        "open_rounds": open_rounds,
    }
    return render(request, "applications/dashboard.html", context)
