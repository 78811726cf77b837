"""Review of applications: reviewers' ties, assignments, reviews with rubric scores, releases."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from leadership.models import Community, FocusArea
from programs.models import Criterion, Round

from .application import Application

if TYPE_CHECKING:
    from leadership.roles import AnyUser

SCORE_MIN, SCORE_MAX = 1, 5
# The labelled anchors reviewers score against, the same for every criterion.
SCORE_ANCHORS: dict[int, str] = {
    1: _("1 — Poor: does not address the criterion"),
    2: _("2 — Weak: addresses it with major gaps"),
    3: _("3 — Adequate: addresses it, with some gaps"),
    4: _("4 — Strong: convincing, minor gaps"),
    5: _("5 — Outstanding: exemplary on every point"),
}


class Recommendation(models.TextChoices):
    STRONGLY_SUPPORT = "strongly_support", _("Strongly support")
    SUPPORT = "support", _("Support")
    NEUTRAL = "neutral", _("Neutral")
    DO_NOT_SUPPORT = "do_not_support", _("Do not support")


class AssignmentState(models.TextChoices):
    TO_DO = "to_do", _("To do")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    CONFLICT = "conflict", _("Conflict declared")


class ReviewerProfile(models.Model):
    """What a reviewer knows (expertise) and what they are tied to (treated as conflicts)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviewer_profile"
    )
    expertise = models.ManyToManyField(
        FocusArea,
        blank=True,
        related_name="+",
        verbose_name=_("expertise"),
        help_text=_("Focus areas you know well; you are preferably given applications in them."),
    )
    communities = models.ManyToManyField(
        Community,
        blank=True,
        related_name="+",
        verbose_name=_("communities you belong to"),
        help_text=_("Communities you are a member of or close to; you will not review their applications."),
    )
    organisations = models.TextField(
        _("organisations you are tied to"),
        blank=True,
        help_text=_(
            "One per line: employers, boards, charities. Applications naming them are not given to you."
        ),
    )
    avoid_countries = CountryField(
        _("countries you prefer not to judge"),
        multiple=True,
        blank=True,
    )
    updated_at = models.DateTimeField(_("last updated"), default=timezone.now)

    class Meta:
        verbose_name = _("reviewer profile")
        verbose_name_plural = _("reviewer profiles")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def organisation_names(self) -> list[str]:
        return [line.strip() for line in self.organisations.splitlines() if len(line.strip()) >= 3]


class AssignmentQuerySet(models.QuerySet):
    def for_reviewer(self, user: AnyUser) -> AssignmentQuerySet:
        if not (user and user.is_authenticated):
            return self.none()
        return self.filter(reviewer=user)

    def for_round(self, round_: Round) -> AssignmentQuerySet:
        return self.filter(application__round=round_)

    def active(self) -> AssignmentQuerySet:
        """Assignments that still count: the reviewer has not declared a conflict."""
        return self.filter(conflict_declared_at__isnull=True)

    def unfinished(self) -> AssignmentQuerySet:
        return self.active().filter(Q(review__isnull=True) | Q(review__submitted_at__isnull=True))

    def with_state(self) -> AssignmentQuerySet:
        return self.annotate(
            state=Case(
                When(conflict_declared_at__isnull=False, then=Value(AssignmentState.CONFLICT.value)),
                When(review__submitted_at__isnull=False, then=Value(AssignmentState.SUBMITTED.value)),
                When(review__isnull=False, then=Value(AssignmentState.IN_PROGRESS.value)),
                default=Value(AssignmentState.TO_DO.value),
                output_field=models.CharField(),
            )
        )

    def with_listing(self) -> AssignmentQuerySet:
        return self.select_related(
            "application__round__program", "application__community", "reviewer", "review"
        ).with_state()


class ReviewAssignment(models.Model):
    """A reviewer asked to review one application. A declared conflict keeps the row, released."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="review_assignments",
        verbose_name=_("application"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="review_assignments",
        verbose_name=_("reviewer"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    conflict_declared_at = models.DateTimeField(_("conflict declared at"), null=True, blank=True)
    conflict_reason = models.TextField(_("conflict of interest"), blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        ordering = ["-assigned_at", "-id"]
        # The admin list's default order, read from an index instead of sorting 60k joined rows.
        indexes = [models.Index(fields=["-assigned_at", "-id"], name="assignment_newest_first")]
        constraints = [
            # One review per reviewer per application, and a released (conflicted) row blocks
            # the same pair from ever being assigned again.
            models.UniqueConstraint(fields=["reviewer", "application"], name="one_assignment_per_reviewer"),
        ]
        permissions = [("manage_reviews", _("Can assign reviewers and read every review"))]

    def __str__(self) -> str:
        return _("%(reviewer)s on application #%(application)s") % {
            "reviewer": self.reviewer,
            "application": self.application_id,
        }

    @property
    def has_conflict(self) -> bool:
        return self.conflict_declared_at is not None

    @property
    def review_or_none(self) -> Review | None:
        try:
            return self.review
        except Review.DoesNotExist:
            return None

    @property
    def is_submitted(self) -> bool:
        review = self.review_or_none
        return review is not None and review.submitted_at is not None

    @property
    def current_state(self) -> str:
        if self.has_conflict:
            return AssignmentState.CONFLICT
        review = self.review_or_none
        if review is None:
            return AssignmentState.TO_DO
        return AssignmentState.SUBMITTED if review.submitted_at else AssignmentState.IN_PROGRESS

    def application_label(self) -> str:
        """How the application is named to its reviewer: never the community in blind review."""
        application = self.application
        title = application.title or _("Untitled initiative")
        if application.round.blind_review:
            return _("#%(id)s — %(title)s") % {"id": application.pk, "title": title}
        return _("#%(id)s — %(title)s (%(community)s)") % {
            "id": application.pk,
            "title": title,
            "community": application.community.name,
        }


class ReviewQuerySet(models.QuerySet):
    def totals_store(self) -> int:
        """Write each review's weighted total, Σ wᵢ·sᵢ / Σ wᵢ over its scored criteria, in one UPDATE.

        The ranking reads the stored figure instead of re-aggregating every score of the round.
        """
        scored = (
            Score.objects.filter(review=OuterRef("pk"), value__isnull=False)
            .order_by()
            .values("review")
            .annotate(
                total=Cast(Sum(F("value") * F("criterion__weight")), models.FloatField())
                / Cast(Sum("criterion__weight"), models.FloatField())
            )
            .values("total")
        )
        stored = self.update(weighted_total=Subquery(scored))
        # The totals are the ranking's input: its cached copy for these rounds is now stale.
        Round.objects.filter(applications__review_assignments__review__in=self.values("pk")).ranking_changed()
        return stored


class Review(models.Model):
    """A reviewer's scores, comment and recommendation for one assignment; frozen once submitted."""

    assignment = models.OneToOneField(ReviewAssignment, on_delete=models.CASCADE, related_name="review")
    overall_comment = models.TextField(_("overall comment"), blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=20, choices=Recommendation.choices, blank=True
    )
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    updated_at = models.DateTimeField(_("last saved"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # Stored when the review is submitted (ReviewQuerySet.totals_store); None while no score is set.
    weighted_total = models.FloatField(_("weighted total"), null=True, blank=True, editable=False)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["assignment_id"]
        # Which assignments are done, from the index alone (the review rounds page counts 60k).
        indexes = [models.Index(fields=["assignment"], include=["submitted_at"], name="review_submitted")]
        constraints = [
            models.CheckConstraint(
                condition=Q(recommendation__in=["", *Recommendation.values]),
                name="review_recommendation_valid",
            ),
        ]

    def __str__(self) -> str:
        return _("Review of application #%(id)s") % {"id": self.assignment.application_id}

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Score(models.Model):
    """A review's score on one rubric criterion, 1 to 5, with the reviewer's comment."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(
        _("score"),
        null=True,
        blank=True,
        validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)],
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=SCORE_MIN, value__lte=SCORE_MAX),
                name="score_between_1_and_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value or '–'}"


class DecisionRelease(models.Model):
    """The moment staff told a round's applicants their outcome; there is only ever one."""

    round = models.OneToOneField(Round, on_delete=models.PROTECT, related_name="decision_release")
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    released_at = models.DateTimeField(_("released at"), default=timezone.now)
    applications_told = models.PositiveIntegerField(_("applications told"), default=0)
    early_reason = models.TextField(
        _("reason for releasing early"),
        blank=True,
        help_text=_("Given when decisions went out before the round closed and its reviews were due."),
    )

    class Meta:
        verbose_name = _("decision release")
        verbose_name_plural = _("decision releases")

    def __str__(self) -> str:
        return str(self.round)
