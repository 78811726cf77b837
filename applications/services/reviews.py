"""A reviewer's own work: saving and submitting a review, and the reminders before the deadline."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import notification_send, reminder_claim

from ..models import SCORE_MAX, SCORE_MIN, Recommendation, Review, ReviewAssignment, Score, Status
from .refusals import ReviewRefused, require_own_assignment

if TYPE_CHECKING:
    from leadership.models import User

# --- Reviews --------------------------------------------------------------------------------


def _locked_assignment(assignment: ReviewAssignment, by: User) -> ReviewAssignment:
    require_own_assignment(assignment, by)
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
    by: User,
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
    by: User,
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
        Review.objects.filter(pk=review.pk).totals_store()
        review.refresh_from_db(fields=["weighted_total"])
    return review


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
