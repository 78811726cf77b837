"""The applicant's home: their communities, their applications and the rounds open now."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from leadership.models import Community
from programs.open_now import rounds_open_now

from ..disclosure import visible_status
from ..models import Application, Status
from ..next_steps import next_steps_for

# What the applicant sees instead of the round's deadline once an application has left the draft.
DECIDED = (Status.SHORTLISTED, Status.AWARDED, Status.DECLINED, Status.WAITLISTED, Status.INELIGIBLE)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Constant queries whatever the number of rows: communities, applications, open rounds, and
    the next steps' providers (grants: awards, their open reports and unpaid tranches)."""
    user = request.user
    open_rounds = rounds_open_now()
    communities = list(Community.objects.administered_by(user).order_by("name"))
    # The applications of the communities just read (Application.objects.for_applicant's rule),
    # by their ids: a lighter query than joining the memberships again, and none without one.
    by_pk = {community.pk: community for community in communities}
    applications = (
        list(
            Application.objects.filter(community_id__in=by_pk)
            # The shown status depends on the round's decision release (applications.disclosure).
            .select_related("round__program", "round__decision_release")
            .order_by("-created_at")
        )
        if by_pk
        else []
    )
    for application in applications:
        application.community = by_pk[application.community_id]
    steps = next_steps_for(user, applications)
    for application in applications:
        # Reuse makes sense for an application whose round is over or that was withdrawn.
        application.reusable = bool(open_rounds) and (
            application.status == Status.WITHDRAWN or not application.round.is_open
        )
        # After a (released) decision the old deadline means nothing: the decision is shown instead.
        application.decided = visible_status(application) in DECIDED
        application.steps = [s for s in steps if s.application_id == application.pk]
    live = {(a.community_id, a.round_id) for a in applications if a.status != Status.WITHDRAWN}
    for round_ in open_rounds:
        # One live application per community and round: offer the round while one is free.
        round_.can_apply = any((community.pk, round_.pk) not in live for community in communities)
    context = {
        "communities": communities,
        "applications": applications,
        "open_rounds": open_rounds,
        "next_steps": [s for s in steps if s.kind != "award"],
    }
    return render(request, "applications/dashboard.html", context)
