"""Residents' budget proposals: versions of line items that set the award's final amount."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.models import MONEY

from .awards import Award


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")


class BudgetProposal(models.Model):
    """The budget a resident writes for their award; each filing is a new version."""

    # The allowed moves, as data; grants.services.budgets is the only writer of the status field.
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        ProposalStatus.SUBMITTED: frozenset({ProposalStatus.APPROVED, ProposalStatus.CHANGES_REQUESTED}),
        ProposalStatus.CHANGES_REQUESTED: frozenset({ProposalStatus.SUBMITTED}),
        ProposalStatus.APPROVED: frozenset({ProposalStatus.SUBMITTED}),
    }

    award = models.OneToOneField(Award, on_delete=models.CASCADE, related_name="budget_proposal")
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.SUBMITTED,
        editable=False,
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("budget proposal")
        verbose_name_plural = _("budget proposals")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in ProposalStatus]), name="proposal_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Budget proposal for %(award)s") % {"award": self.award})

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, frozenset())

    @property
    def is_awaiting_review(self) -> bool:
        return self.status == ProposalStatus.SUBMITTED

    @property
    def can_review(self) -> bool:
        return self.can_move_to(ProposalStatus.APPROVED)

    def latest_version(self) -> BudgetProposalVersion | None:
        return self.versions.order_by("-number").first()


class Decision(models.TextChoices):
    PENDING = "", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")


class BudgetProposalVersion(models.Model):
    """One filing of a budget proposal; kept for ever, never edited after filing."""

    proposal = models.ForeignKey(BudgetProposal, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    narrative = models.TextField(_("narrative"))
    total = models.DecimalField(_("total"), **MONEY)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(
        _("decision"), max_length=20, choices=Decision.choices, blank=True, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    staff_note = models.TextField(_("note from staff"), blank=True)

    class Meta:
        verbose_name = _("budget proposal version")
        verbose_name_plural = _("budget proposal versions")
        ordering = ["proposal", "number"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="one_budget_version_number"),
            models.CheckConstraint(condition=Q(total__gt=0), name="budget_total_positive"),
        ]

    def __str__(self) -> str:
        return str(_("Version %(number)s") % {"number": self.number})


class BudgetCategory(models.TextChoices):
    STAFF = "staff", _("Staff and stipends")
    EVENTS = "events", _("Events and venues")
    TRAINING = "training", _("Training")
    TRAVEL = "travel", _("Travel")
    EQUIPMENT = "equipment", _("Equipment and software")
    COMMUNICATION = "communication", _("Communication")
    OTHER = "other", _("Other")


class BudgetLine(models.Model):
    version = models.ForeignKey(BudgetProposalVersion, on_delete=models.CASCADE, related_name="lines")
    category = models.CharField(_("category"), max_length=20, choices=BudgetCategory.choices)
    description = models.CharField(_("description"), max_length=200)
    amount = models.DecimalField(_("amount"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["version", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="budget_line_amount_positive"),
        ]

    def __str__(self) -> str:
        return self.description
