"""Every write of the review workflow: screening, assignment, reviews, conflicts and decisions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.models import Round
from leadership.models import CommunityAdmin
from notifications.services import notification_send, reminder_claim

from ..assignment import plan_assignments
from ..models import (
    SCORE_MAX,
    SCORE_MIN,
    Application,
    DecisionRelease,
    Recommendation,
    Review,
    ReviewAssignment,
    ReviewerProfile,
    Score,
    Status,
)
from ..roles import PROGRAM_STAFF, REVIEWERS, is_program_staff, is_reviewer
from ..workflow import application_transition

DECISIONS = (Status.SHORTLISTED, Status.DECLINED, Status.WAITLISTED)
# What an applicant is told at release; submitted and in-review applications block it.
OUTCOMES = (Status.SHORTLISTED, Status.DECLINED, Status.WAITLISTED, Status.AWARDED, Status.INELIGIBLE)
UNDECIDED = (Status.SUBMITTED, Status.IN_REVIEW)


class ReviewRefused(ValidationError):
    """A review-workflow change the rules do not allow."""


def _require_staff(by) -> None:
    if not is_program_staff(by):
        raise ReviewRefused(_("Only program staff can do this."))


def _require_own(assignment: ReviewAssignment, by) -> None:
    if by is None or assignment.reviewer_id != by.pk:
        raise ReviewRefused(_("This review is assigned to someone else."))


def program_staff_users():
    return (
        get_user_model()
        .objects.filter(Q(is_superuser=True) | Q(is_staff=True, groups__name=PROGRAM_STAFF), is_active=True)
        .distinct()
    )


def reviewer_pool():
    return get_user_model().objects.filter(groups__name=REVIEWERS, is_active=True).distinct()


# --- Screening ------------------------------------------------------------------------------


def application_screen(*, application: Application, by, eligible: bool, reason: str = "") -> Application:
    """Send a submitted application on to review, or rule it ineligible with a reason for the applicant."""
    _require_staff(by)
    reason = reason.strip()
    if not eligible and not reason:
        raise ReviewRefused(_("Give the reason the application is ineligible; the applicant will read it."))
    with transaction.atomic():
        application_transition(
            application=application,
            to=Status.IN_REVIEW if eligible else Status.INELIGIBLE,
            by=by,
            note=reason,
        )
        if not eligible:
            application.decision_note = reason
            application.save(update_fields=["decision_note"])
            _tell_if_released(application)
    return application


# --- Decisions ------------------------------------------------------------------------------


def application_decide(
    *, application: Application, by, outcome: str, note_to_applicant: str = "", internal_note: str = ""
) -> Application:
    """Shortlist, decline or waitlist; the applicant hears of it only when the round's decisions are released."""
    _require_staff(by)
    if outcome not in DECISIONS:
        raise ReviewRefused(_("Choose shortlisted, declined or waitlisted."))
    note_to_applicant = note_to_applicant.strip()
    if outcome == Status.DECLINED and not note_to_applicant and not application.decision_note:
        raise ReviewRefused(
            _("Give the reason for declining; the applicant will read it when decisions are released.")
        )
    with transaction.atomic():
        application_transition(application=application, to=outcome, by=by, note=internal_note.strip())
        if note_to_applicant:
            application.decision_note = note_to_applicant
            application.save(update_fields=["decision_note"])
        _tell_if_released(application)
    return application


def _tell_if_released(application: Application) -> None:
    # A change after the round's release (a waitlisted application moved up) is told at once.
    if DecisionRelease.objects.filter(round_id=application.round_id).exists():
        _tell_outcome(Application.objects.with_listing().get(pk=application.pk))


def _tell_outcome(application: Application) -> None:
    notification_send(
        event="decision_released",
        to=list(application.community.admins.all()),
        context={
            "application": application,
            "round": application.round,
            "status": application.status,
            "show_reason": application.status in (Status.DECLINED, Status.INELIGIBLE),
            "feedback": application.round.share_feedback and application.status == Status.DECLINED,
        },
    )


def decisions_release(*, round: Round, by) -> DecisionRelease:
    """Tell every applicant of the round their outcome, once; refused while any is undecided."""
    _require_staff(by)
    with transaction.atomic():
        # The round lock and the one-to-one row make a second release (double click, two staff) impossible.
        locked = Round.objects.select_for_update().get(pk=round.pk)
        previous = DecisionRelease.objects.filter(round=locked).first()
        if previous is not None:
            raise ReviewRefused(
                _("Decisions for this round were already released on %(at)s.")
                % {"at": timezone.localtime(previous.released_at).strftime("%Y-%m-%d %H:%M %Z")}
            )
        undecided = Application.objects.for_round(locked).filter(status__in=UNDECIDED).count()
        if undecided:
            raise ReviewRefused(
                _("%(n)d application(s) still await screening or a decision; decide them before releasing.")
                % {"n": undecided}
            )
        applications = list(
            Application.objects.for_round(locked)
            .filter(status__in=OUTCOMES)
            .with_listing()
            .prefetch_related("community__admins")
        )
        for application in applications:
            _tell_outcome(application)
        release = DecisionRelease.objects.create(
            round=locked, released_by=by, applications_told=len(applications)
        )
    round.decision_release = release
    return release


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
    by,
    per_application: int = 3,
    reviewers: Iterable | None = None,
) -> AssignmentResult:
    """Give every in-review application of the round `per_application` reviewers, balancing loads.

    Re-running tops up (after a conflict, or with more reviewers); it never duplicates.
    `by` is None when an operator runs it from the command line.
    """
    if by is not None:
        _require_staff(by)
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


def _expertise(user) -> list[int]:
    try:
        return [area.pk for area in user.reviewer_profile.expertise.all()]
    except ReviewerProfile.DoesNotExist:
        return []


def assignments_create(
    *, application: Application, reviewers: Iterable, by, allow_ties: bool = False
) -> list[ReviewAssignment]:
    """Assign chosen reviewers to one application; ties need `allow_ties`, hard conflicts are refused."""
    _require_staff(by)
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


# --- Reviews and conflicts ------------------------------------------------------------------


def _locked_assignment(assignment: ReviewAssignment, by) -> ReviewAssignment:
    _require_own(assignment, by)
    locked = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
    locked = ReviewAssignment.objects.select_related("application__round__program").get(pk=locked.pk)
    if locked.has_conflict:
        raise ReviewRefused(
            _("You declared a conflict on this application; it is no longer yours to review.")
        )
    if locked.application.status not in (Status.IN_REVIEW,):
        raise ReviewRefused(_("This application is no longer in review."))
    if timezone.now() >= locked.application.round.review_closes_at:
        raise ReviewRefused(_("The review period of this round has closed."))
    return locked


def review_save(
    *,
    assignment: ReviewAssignment,
    by,
    scores: Mapping[int, tuple[int | None, str]],
    overall_comment: str = "",
    recommendation: str = "",
) -> Review:
    """Save the review as a draft: any score may still be missing."""
    with transaction.atomic():
        locked = _locked_assignment(assignment, by)
        review, _created = Review.objects.select_for_update().get_or_create(assignment=locked)
        if review.is_submitted:
            raise ReviewRefused(_("This review was submitted and can no longer be changed."))
        if recommendation and recommendation not in Recommendation.values:
            raise ReviewRefused(_("Choose one of the recommendations."))
        criteria = {c.pk: c for c in locked.application.round.program.criteria.all()}
        existing = {s.criterion_id: s for s in review.scores.all()}
        for criterion_id, (value, comment) in scores.items():
            if criterion_id not in criteria:
                raise ReviewRefused(_("This criterion is not part of the program's rubric."))
            if value is not None and not SCORE_MIN <= int(value) <= SCORE_MAX:
                raise ReviewRefused(
                    _("Scores go from %(min)d to %(max)d.") % {"min": SCORE_MIN, "max": SCORE_MAX}
                )
            score = existing.get(criterion_id) or Score(review=review, criterion_id=criterion_id)
            score.value, score.comment = (int(value) if value is not None else None), comment or ""
            score.save()
        review.overall_comment, review.recommendation = overall_comment or "", recommendation or ""
        review.updated_at = timezone.now()
        review.save(update_fields=["overall_comment", "recommendation", "updated_at"])
    return review


def review_missing(review: Review) -> list[str]:
    """What stands between a draft and a submittable review."""
    criteria = list(review.assignment.application.round.program.criteria.all())
    scored = {s.criterion_id for s in review.scores.all() if s.value is not None}
    missing = [_("Score “%(criterion)s”.") % {"criterion": c.name} for c in criteria if c.pk not in scored]
    if not criteria:
        missing.append(_("The program has no rubric yet; ask staff to add its criteria."))
    if not review.recommendation:
        missing.append(_("Choose a recommendation."))
    return missing


def review_submit(
    *,
    assignment: ReviewAssignment,
    by,
    scores: Mapping[int, tuple[int | None, str]],
    overall_comment: str = "",
    recommendation: str = "",
) -> Review:
    """Save and submit: every criterion scored and a recommendation chosen; read-only afterwards."""
    with transaction.atomic():
        review = review_save(
            assignment=assignment,
            by=by,
            scores=scores,
            overall_comment=overall_comment,
            recommendation=recommendation,
        )
        if missing := review_missing(review):
            raise ReviewRefused(missing)
        review.submitted_at = timezone.now()
        review.save(update_fields=["submitted_at"])
    return review


def conflict_declare(*, assignment: ReviewAssignment, by, reason: str) -> ReviewAssignment:
    """Release the assignment for good, drop any draft, and tell staff so they can top up."""
    _require_own(assignment, by)
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


# --- Reminders ------------------------------------------------------------------------------

REMINDER_EVENT = "review_reminder"
# Closest first: a reviewer assigned two days before the close gets the last-day reminder only.
REMINDER_THRESHOLDS = (("1d", timedelta(days=1), 1), ("3d", timedelta(days=3), 3))


def review_reminders_send(*, now: datetime | None = None) -> int:
    """Remind reviewers of unfinished reviews 3 days and 1 day before the review deadline, once each.

    Runs hourly from beat. Each (reviewer, round, threshold) is claimed in the outbox's
    reminder log, so reruns and overlapping runs send nothing twice; reviewers who turned
    reminders off get none. Returns the number of emails queued.
    """
    now = now or timezone.now()
    horizon = max(window for _label, window, _days in REMINDER_THRESHOLDS)
    unfinished = (
        ReviewAssignment.objects.unfinished()
        .filter(
            application__status=Status.IN_REVIEW,
            application__round__review_closes_at__gt=now,
            application__round__review_closes_at__lte=now + horizon,
        )
        .with_listing()
        .order_by("reviewer_id", "application__round_id", "id")
    )
    batches: dict[tuple[int, int], list[ReviewAssignment]] = defaultdict(list)
    for assignment in unfinished:
        batches[assignment.reviewer_id, assignment.application.round_id].append(assignment)
    queued = 0
    for (reviewer_id, round_id), assignments in batches.items():
        round_ = assignments[0].application.round
        due = next(
            (
                (label, days)
                for label, window, days in REMINDER_THRESHOLDS
                if round_.review_closes_at - now <= window
            ),
            None,
        )
        if due is None:
            continue
        label, days = due
        with transaction.atomic():
            if not reminder_claim(
                event=REMINDER_EVENT, key=f"reviewer:{reviewer_id}:round:{round_id}", threshold=label
            ):
                continue
            rows = notification_send(
                event=REMINDER_EVENT,
                to=[assignments[0].reviewer],
                context={"assignments": assignments, "round": round_, "days": days},
            )
        queued += len(rows)
    return queued
