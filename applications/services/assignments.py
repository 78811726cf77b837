"""Who reviews what: the reviewer pool, conflicts and ties, assignment, and a reviewer's conflict."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leadership.models import CommunityAdmin
from leadership.roles import REVIEWERS, is_reviewer, program_staff_users
from notifications.services import notification_send
from programs.models import Round

from ..assignment import plan_assignments
from ..models import Application, Review, ReviewAssignment, ReviewerProfile, Status
from .refusals import ReviewRefused, require_own_assignment, require_program_staff

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from leadership.models import User

# --- Who can be asked -----------------------------------------------------------------------


def reviewer_pool() -> QuerySet[User]:
    return get_user_model().objects.filter(groups__name=REVIEWERS, is_active=True).distinct()


# --- Conflicts and ties ---------------------------------------------------------------------


@dataclass
class Conflicts:
    """Why a reviewer should not review an application: hard conflicts block, ties are suggestions."""

    hard: list[str] = field(default_factory=list)
    ties: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.hard or self.ties)


def conflicts_index(
    applications: Iterable[Application], reviewers: Iterable
) -> dict[tuple[int, int], Conflicts]:
    """(reviewer id, application id) → its conflicts, in a constant number of queries."""
    applications = list(applications)
    reviewers = list(reviewers)
    by_community: dict[int, list[Application]] = defaultdict(list)
    for application in applications:
        by_community[application.community_id].append(application)
    reviewer_ids = [r.pk for r in reviewers]
    index: dict[tuple[int, int], Conflicts] = defaultdict(Conflicts)

    for user_id, community_id in CommunityAdmin.objects.filter(
        user_id__in=reviewer_ids, community_id__in=by_community
    ).values_list("user_id", "community_id"):
        for application in by_community[community_id]:
            index[user_id, application.pk].hard.append(_("administers this community"))
    for user_id, community_id in (
        ReviewAssignment.objects.filter(
            reviewer_id__in=reviewer_ids,
            conflict_declared_at__isnull=False,
            application__community_id__in=by_community,
        )
        .values_list("reviewer_id", "application__community_id")
        .distinct()
    ):
        for application in by_community[community_id]:
            index[user_id, application.pk].hard.append(_("declared a conflict with this community"))

    profiles = ReviewerProfile.objects.filter(user_id__in=reviewer_ids).prefetch_related("communities")
    for profile in profiles:
        tied = {c.pk for c in profile.communities.all()}
        countries = {str(c) for c in profile.avoid_countries}
        organisations = [name.casefold() for name in profile.organisation_names]
        for application in applications:
            community = application.community
            key = (profile.user_id, application.pk)
            if community.pk in tied:
                index[key].ties.append(_("belongs to this community"))
            if str(community.country) in countries:
                index[key].ties.append(
                    _("prefers not to judge %(country)s") % {"country": community.country.name}
                )
            if organisations:
                text = " ".join(
                    [
                        community.name,
                        community.description,
                        application.leaders,
                        application.community_story,
                        application.title,
                        application.summary,
                    ]
                ).casefold()
                for name in organisations:
                    if name in text:
                        index[key].ties.append(_("tied to %(organisation)s") % {"organisation": name})
    return {key: value for key, value in index.items() if value}


# --- Assignment -----------------------------------------------------------------------------


@dataclass
class AssignmentResult:
    created: list[ReviewAssignment]
    uncovered: dict[int, int]  # application id → reviewers still missing
    loads: dict[int, int]  # reviewer id → active assignments in the round


def reviewers_assign(
    *,
    round: Round,
    by: User,
    per_application: int = 3,
    reviewers: Iterable | None = None,
) -> AssignmentResult:
    """Give every in-review application of the round `per_application` reviewers, balancing loads.

    Re-running tops up (after a conflict, or with more reviewers); it never duplicates.
    `by` is None when an operator runs it from the command line.
    """
    if by is not None:
        require_program_staff(by)
    if per_application < 1:
        raise ReviewRefused(_("Ask for at least one reviewer per application."))
    with transaction.atomic():
        # Serialise runs on the same round so two staff pressing the button add nothing twice.
        Round.objects.select_for_update().get(pk=round.pk)
        applications = list(
            Application.objects.for_round(round)
            .filter(status=Status.IN_REVIEW)
            .select_related("community")
            .prefetch_related("community__focus_areas")
        )
        pool = list(
            (
                reviewer_pool()
                if reviewers is None
                else get_user_model().objects.filter(pk__in=[r.pk for r in reviewers])
            ).prefetch_related("reviewer_profile__expertise")
        )
        if not pool:
            raise ReviewRefused(_("There are no active reviewers in the Reviewers group."))
        pairs = list(
            ReviewAssignment.objects.for_round(round).values_list(
                "reviewer_id", "application_id", "conflict_declared_at"
            )
        )
        existing = [(rev, app) for rev, app, conflict in pairs if conflict is None]
        forbidden = {(rev, app) for rev, app, _conflict in pairs} | set(conflicts_index(applications, pool))
        plan = plan_assignments(
            applications={a.pk: [f.pk for f in a.community.focus_areas.all()] for a in applications},
            reviewers={r.pk: _expertise(r) for r in pool},
            per_application=per_application,
            forbidden=forbidden,
            existing=existing,
            seed=round.pk,
        )
        created = ReviewAssignment.objects.bulk_create(
            [ReviewAssignment(reviewer_id=rev, application_id=app, assigned_by=by) for rev, app in plan.new]
        )
        _tell_reviewers([a.pk for a in created])
    return AssignmentResult(created=created, uncovered=plan.uncovered, loads=plan.loads)


def _expertise(user: User) -> list[int]:
    try:
        return [area.pk for area in user.reviewer_profile.expertise.all()]
    except ReviewerProfile.DoesNotExist:
        return []


def assignments_create(
    *, application: Application, reviewers: Iterable, by: User, allow_ties: bool = False
) -> list[ReviewAssignment]:
    """Assign chosen reviewers to one application; ties need `allow_ties`, hard conflicts are refused."""
    require_program_staff(by)
    reviewers = list(reviewers)
    if not reviewers:
        raise ReviewRefused(_("Choose at least one reviewer."))
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        locked = Application.objects.select_related("community", "round").get(pk=locked.pk)
        if locked.status != Status.IN_REVIEW:
            raise ReviewRefused(_("Only applications in review can be given reviewers; screen it first."))
        problems = []
        for reviewer in reviewers:
            if not is_reviewer(reviewer):
                problems.append(_("%(name)s is not in the Reviewers group.") % {"name": reviewer})
        taken = set(locked.review_assignments.values_list("reviewer_id", flat=True))
        conflicts = conflicts_index([locked], reviewers)
        for reviewer in reviewers:
            found = conflicts.get((reviewer.pk, locked.pk))
            if reviewer.pk in taken:
                problems.append(
                    _("%(name)s is already assigned (or released after a conflict).") % {"name": reviewer}
                )
            elif found and found.hard:
                problems.append(_("%(name)s %(why)s.") % {"name": reviewer, "why": "; ".join(found.hard)})
            elif found and found.ties and not allow_ties:
                problems.append(
                    _("%(name)s %(why)s — confirm to assign anyway.")
                    % {"name": reviewer, "why": "; ".join(found.ties)}
                )
        if problems:
            raise ReviewRefused(problems)
        created = ReviewAssignment.objects.bulk_create(
            [
                ReviewAssignment(reviewer=reviewer, application=locked, assigned_by=by)
                for reviewer in reviewers
            ]
        )
        _tell_reviewers([a.pk for a in created])
    return created


def _tell_reviewers(assignment_ids: list[int]) -> None:
    """One email per reviewer, listing all of their new assignments."""
    if not assignment_ids:
        return
    per_reviewer: dict[int, list[ReviewAssignment]] = defaultdict(list)
    for assignment in ReviewAssignment.objects.filter(pk__in=assignment_ids).with_listing().order_by("id"):
        per_reviewer[assignment.reviewer_id].append(assignment)
    for assignments in per_reviewer.values():
        notification_send(
            event="reviewer_assigned", to=[assignments[0].reviewer], context={"assignments": assignments}
        )


# --- A reviewer's conflict ------------------------------------------------------------------


def conflict_declare(*, assignment: ReviewAssignment, by: User, reason: str) -> ReviewAssignment:
    """Release the assignment for good, drop any draft, and tell staff so they can top up."""
    require_own_assignment(assignment, by)
    reason = reason.strip()
    if not reason:
        raise ReviewRefused(_("Say briefly what ties you to this application; only staff read it."))
    with transaction.atomic():
        locked = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
        if locked.has_conflict:
            raise ReviewRefused(_("You already declared a conflict on this application."))
        review = Review.objects.filter(assignment=locked).first()
        if review is not None and review.is_submitted:
            raise ReviewRefused(_("You submitted this review already; write to program staff instead."))
        if review is not None:
            review.delete()  # a conflicted reviewer's half-made judgment must not count
        locked.conflict_declared_at, locked.conflict_reason = timezone.now(), reason
        locked.save(update_fields=["conflict_declared_at", "conflict_reason"])
        locked = ReviewAssignment.objects.with_listing().get(pk=locked.pk)
        notification_send(
            event="conflict_declared", to=list(program_staff_users()), context={"assignment": locked}
        )
    assignment.conflict_declared_at, assignment.conflict_reason = locked.conflict_declared_at, reason
    return assignment
