"""Applications to a round, their attachments and their status history."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leadership.models import Community
from programs.models import MONEY, Round

if TYPE_CHECKING:
    from datetime import datetime

    from leadership.roles import AnyUser


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    AWARDED = "awarded", _("Awarded")
    DECLINED = "declined", _("Declined")
    WAITLISTED = "waitlisted", _("Waitlisted")
    INELIGIBLE = "ineligible", _("Ineligible")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Decisions staff take quietly: until the round's decisions are released the applicant still
# sees the application as under review (applications.disclosure), so they may still withdraw it.
QUIET_DECISIONS = (Status.SHORTLISTED, Status.DECLINED, Status.WAITLISTED, Status.INELIGIBLE)


class ApplicationQuerySet(models.QuerySet):
    def for_applicant(self, user: AnyUser) -> ApplicationQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(community__memberships__user=user)

    def for_round(self, round_: Round) -> ApplicationQuerySet:
        return self.filter(round=round_)

    def live(self) -> ApplicationQuerySet:
        return self.exclude(status=Status.WITHDRAWN)

    def submitted(self) -> ApplicationQuerySet:
        return self.exclude(status__in=[Status.DRAFT, Status.WITHDRAWN])

    def with_listing(self) -> ApplicationQuerySet:
        return self.select_related("round__program", "community")


class Application(models.Model):
    """A community's request for a grant in one round."""

    # The allowed moves, as data; applications.workflow is the only writer of the status field.
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.DRAFT: frozenset({Status.SUBMITTED, Status.WITHDRAWN}),
        Status.SUBMITTED: frozenset({Status.IN_REVIEW, Status.INELIGIBLE, Status.WITHDRAWN}),
        Status.IN_REVIEW: frozenset(
            {Status.SHORTLISTED, Status.DECLINED, Status.WAITLISTED, Status.WITHDRAWN}
        ),
        Status.SHORTLISTED: frozenset({Status.AWARDED, Status.DECLINED, Status.WAITLISTED, Status.WITHDRAWN}),
        Status.WAITLISTED: frozenset({Status.SHORTLISTED, Status.AWARDED, Status.DECLINED, Status.WITHDRAWN}),
        Status.DECLINED: frozenset({Status.WITHDRAWN}),
        Status.INELIGIBLE: frozenset({Status.WITHDRAWN}),
    }
    # Moves an admin of the applying community may make; every other move is staff's. Withdrawing
    # from a quiet decision is allowed only until the round's decisions are released.
    APPLICANT_MOVES: ClassVar[frozenset[tuple[str, str]]] = frozenset(
        {
            (Status.DRAFT, Status.SUBMITTED),
            (Status.DRAFT, Status.WITHDRAWN),
            (Status.SUBMITTED, Status.WITHDRAWN),
            (Status.IN_REVIEW, Status.WITHDRAWN),
            *((decision, Status.WITHDRAWN) for decision in QUIET_DECISIONS),
        }
    )

    SECTION_FIELDS: dict[str, tuple[str, ...]] = {
        "community": ("community_story", "trust_and_safety"),
        "leaders": ("leaders", "leadership_experience"),
        "initiative": ("title", "summary", "plan"),
        "impact": ("impact", "measurement"),
        "budget": ("amount_requested", "budget_summary"),
    }
    REQUIRED_FIELDS: tuple[str, ...] = (
        "community_story",
        "leaders",
        "title",
        "summary",
        "plan",
        "impact",
        "measurement",
        "amount_requested",
        "budget_summary",
    )

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="applications")
    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="applications")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    eligibility = models.JSONField(_("eligibility answers"), default=dict, blank=True)

    community_story = models.TextField(
        _("your community and why members trust it"),
        blank=True,
        help_text=_(
            "What brings members together, how active they are, and how you keep the group safe and welcoming."
        ),
    )
    trust_and_safety = models.TextField(
        _("rules and moderation"),
        blank=True,
        help_text=_("The rules of the group and how admins enforce them."),
    )
    leaders = models.TextField(
        _("the leaders"),
        blank=True,
        help_text=_("Names and roles of the admins and volunteers who will lead the initiative."),
    )
    leadership_experience = models.TextField(
        _("leadership experience"),
        blank=True,
        help_text=_("What the team has already led: events, campaigns, collective action."),
    )
    title = models.CharField(_("initiative title"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True, help_text=_("Two or three sentences."))
    plan = models.TextField(
        _("plan and timeline"),
        blank=True,
        help_text=_("What you will do, in which order, and who does it."),
    )
    impact = models.TextField(
        _("positive impact"),
        blank=True,
        help_text=_("Who benefits and how their lives change."),
    )
    measurement = models.TextField(
        _("how impact will be measured"),
        blank=True,
        help_text=_("The figures you will track and report."),
    )
    amount_requested = models.DecimalField(
        _("amount requested"),
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("1"))],
        **MONEY,
    )
    budget_summary = models.TextField(
        _("budget summary"),
        blank=True,
        help_text=_("The main lines of spending."),
    )

    # Bumped on every write: an edit says which version it was based on, so a co-admin's newer
    # change is never silently overwritten (applications.services.submissions).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("last saved"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    # Set only by applications.services.extensions (its DeadlineExtension rows are the history).
    extended_closes_at = models.DateTimeField(_("extended deadline"), null=True, blank=True, editable=False)
    status_changed_at = models.DateTimeField(default=timezone.now, editable=False)
    # Set when the retention policy replaced the texts (applications.services.retention).
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)
    decision_note = models.TextField(
        _("note to the applicant"),
        blank=True,
        help_text=_(
            "Shown to the applicant when decisions are released (reason for ineligibility or decline)."
        ),
    )
    decision_message = models.ForeignKey(
        "applications.MessageTemplate",
        verbose_name=_("decision message"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The pre-written message the applicant gets when decisions are released."),
    )
    decline_reason = models.ForeignKey(
        "applications.DeclineReason",
        verbose_name=_("decline reason"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "round"],
                condition=~Q(status="withdrawn"),
                name="one_live_application_per_community_round",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in Status]), name="application_status_valid"
            ),
        ]
        indexes = [
            # With the community and the id: the ranking's country choices, counts by status and
            # the review rounds' counts by round are read from the index alone, not from wide rows.
            models.Index(
                fields=["round", "status", "community"], include=["id"], name="application_round_status"
            ),
            # The admin list's default order (newest submission first), read from an index.
            models.Index(fields=["-submitted_at", "-created_at", "-id"], name="application_newest_submitted"),
        ]

    def __str__(self) -> str:
        return self.title or _("Untitled application from %(community)s") % {"community": self.community.name}

    def get_absolute_url(self) -> str:
        return reverse("application_detail", args=[self.pk])

    @property
    def deadline(self) -> datetime:
        """When this application must be submitted: the round's close, or its own extension."""
        if self.extended_closes_at and self.extended_closes_at > self.round.closes_at:
            return self.extended_closes_at
        return self.round.closes_at

    @property
    def is_extended(self) -> bool:
        return self.deadline != self.round.closes_at

    def is_open_at(self, moment: datetime) -> bool:
        return self.round.opens_at <= moment < self.deadline

    @property
    def is_open(self) -> bool:
        return self.is_open_at(timezone.now())

    @property
    def has_closed(self) -> bool:
        return timezone.now() >= self.deadline

    @property
    def is_editable(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def can_withdraw(self) -> bool:
        return self.can_move_to(Status.WITHDRAWN) and not self.decision_stands

    @property
    def decision_stands(self) -> bool:
        """A quiet decision the round has released: the applicant knows it, and it is final for them."""
        return self.status in QUIET_DECISIONS and self.decisions_released

    @property
    def decisions_released(self) -> bool:
        """Whether staff have told this round's applicants their outcome."""
        try:
            return self.round.decision_release is not None
        except ObjectDoesNotExist:
            return False

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, frozenset())

    def is_applicant_move(self, status: str) -> bool:
        """Whether moving to `status` from here is the applying community's move, not staff's."""
        return (self.status, status) in self.APPLICANT_MOVES


def attachment_path(instance: Attachment, filename: str) -> str:
    # Stored under a random name: the original name is kept only as data.
    return f"attachments/{instance.application_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A file supporting an application; served only to its community's admins and staff."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("attachment_download", args=[self.application_id, self.pk])


class StatusChange(models.Model):
    """One move of an application's status: who, from what, to what, when, why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="status_changes")
    old_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    new_status = models.CharField(max_length=20, choices=Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.old_status or '∅'} → {self.new_status}"


class DeadlineExtension(models.Model):
    """More time for one application (an outage, an accessibility need): who gave it, until when, why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="deadline_extensions")
    closes_at = models.DateTimeField(_("new deadline"))
    previous_closes_at = models.DateTimeField(_("previous deadline"))
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("given at"), default=timezone.now)

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="deadline_extension_has_reason"),
        ]

    def __str__(self) -> str:
        return f"#{self.application_id} → {self.closes_at:%Y-%m-%d %H:%M %Z}"
