"""Awards: the money a program commits to a community, its schedule and history."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.bilingual import InReadersLanguage
from programs.models import MONEY, Program

if TYPE_CHECKING:
    from leadership.roles import AnyUser


class AwardStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    DECLINED_BY_GRANTEE = "declined_by_grantee", _("Declined by the grantee")
    CANCELLED = "cancelled", _("Cancelled")


# Awards that no longer hold a slot or undisbursed money.
RELEASED_STATUSES = (AwardStatus.DECLINED_BY_GRANTEE, AwardStatus.CANCELLED)
# Awards whose money is flowing: tranches can be paid and reports filed.
RUNNING_STATUSES = (AwardStatus.ACCEPTED, AwardStatus.ACTIVE)


class AwardQuerySet(models.QuerySet):
    def live(self) -> AwardQuerySet:
        return self.exclude(status__in=RELEASED_STATUSES)

    def running(self) -> AwardQuerySet:
        return self.filter(status__in=RUNNING_STATUSES)

    def for_grantee(self, user: AnyUser) -> AwardQuerySet:
        if not (user and user.is_authenticated):
            return self.none()
        return self.filter(application__community__memberships__user=user)

    def with_listing(self) -> AwardQuerySet:
        return self.select_related("program", "application__round", "application__community")

    def listed_publicly(self) -> AwardQuerySet:
        return self.filter(
            list_publicly=True,
            status__in=[AwardStatus.ACCEPTED, AwardStatus.ACTIVE, AwardStatus.COMPLETED],
        )


class Award(models.Model):
    """Money a program commits to one application, from offer to completion."""

    # The allowed moves, as data; grants.services.lifecycle is the only writer of the status field.
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        AwardStatus.OFFERED: frozenset(
            {AwardStatus.ACCEPTED, AwardStatus.DECLINED_BY_GRANTEE, AwardStatus.CANCELLED}
        ),
        AwardStatus.ACCEPTED: frozenset({AwardStatus.ACTIVE, AwardStatus.CANCELLED}),
        AwardStatus.ACTIVE: frozenset({AwardStatus.COMPLETED, AwardStatus.CANCELLED}),
    }
    # Days a grantee is given to answer an offer; shown as "Accept or decline by ...".
    RESPONSE_DAYS: ClassVar[int] = 30
    # Moves the community's admins make; every other move is staff's.
    GRANTEE_MOVES: ClassVar[frozenset[tuple[str, str]]] = frozenset(
        {
            (AwardStatus.OFFERED, AwardStatus.ACCEPTED),
            (AwardStatus.OFFERED, AwardStatus.DECLINED_BY_GRANTEE),
        }
    )

    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="awards"
    )
    # The program is the application's; kept here so the cap lock and the sums need no join.
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="awards")
    amount = models.DecimalField(_("amount"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY)
    status = models.CharField(
        _("status"),
        max_length=24,
        choices=AwardStatus.choices,
        default=AwardStatus.OFFERED,
        editable=False,
    )
    agreement = models.TextField(_("grant agreement"), blank=True, editable=False)
    agreement_fr = models.TextField(_("grant agreement in French"), blank=True, editable=False)
    offered_at = models.DateTimeField(_("decided at"), default=timezone.now, editable=False)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True, editable=False)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    list_publicly = models.BooleanField(
        _("listed publicly"),
        default=False,
        help_text=_("The community agreed to appear on the public list of awarded communities."),
    )
    status_changed_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AwardQuerySet.as_manager()

    # The copy of the agreement kept with the award, in the grantee's language.
    localized_agreement = InReadersLanguage("agreement")

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-offered_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["application"], name="one_award_per_application"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="award_amount_positive"),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in AwardStatus]), name="award_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["accepted", "active", "completed"])
                | Q(accepted_at__isnull=False, accepted_by__isnull=False),
                name="award_acceptance_recorded",
            ),
        ]
        indexes = [models.Index(fields=["program", "status"])]

    def __str__(self) -> str:
        return str(
            _("%(program)s award to %(community)s")
            % {"program": self.program.localized_name, "community": self.application.community.name}
        )

    def get_absolute_url(self) -> str:
        return reverse("award_detail", args=[self.pk])

    def get_staff_url(self) -> str:
        return reverse("staff_award_detail", args=[self.pk])

    @property
    def community(self):
        return self.application.community

    @property
    def is_live(self) -> bool:
        return self.status not in RELEASED_STATUSES

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_STATUSES

    @property
    def can_respond(self) -> bool:
        return self.status == AwardStatus.OFFERED

    @property
    def respond_by(self):
        """The date by which the grantee is asked to accept or decline the offer."""
        return self.offered_at + timedelta(days=self.RESPONSE_DAYS)

    @property
    def can_cancel(self) -> bool:
        return self.can_move_to(AwardStatus.CANCELLED)

    @property
    def can_complete(self) -> bool:
        return self.can_move_to(AwardStatus.COMPLETED)

    @property
    def can_amend(self) -> bool:
        return self.status in (AwardStatus.OFFERED, *RUNNING_STATUSES)

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, frozenset())

    def is_grantee_move(self, status: str) -> bool:
        """Whether moving to `status` from here is the grantee's move, not staff's."""
        return (self.status, status) in self.GRANTEE_MOVES

    @property
    def disbursed_amount(self) -> Decimal:
        """Paid so far; uses the prefetched tranches when there are any."""
        return sum((t.amount for t in self.tranches.all() if t.is_paid), Decimal("0"))

    @property
    def remaining_amount(self) -> Decimal:
        """Still to pay; nothing once the award is declined or cancelled."""
        if not self.is_live:
            return Decimal("0")
        return self.amount - self.disbursed_amount


class AwardStatusChange(models.Model):
    """One move of an award's status: who, from what, to what, when, why."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="status_changes")
    old_status = models.CharField(max_length=24, choices=AwardStatus.choices, blank=True)
    new_status = models.CharField(max_length=24, choices=AwardStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("award status change")
        verbose_name_plural = _("award status changes")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.old_status or '∅'} → {self.new_status}"


class AwardAmendment(models.Model):
    """A change of an award's amount, with its reason; the history is kept and exported."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="amendments")
    old_amount = models.DecimalField(_("old amount"), **MONEY)
    new_amount = models.DecimalField(_("new amount"), **MONEY)
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    budget_version = models.ForeignKey(
        "grants.BudgetProposalVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
    )

    class Meta:
        verbose_name = _("award amendment")
        verbose_name_plural = _("award amendments")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(new_amount__gt=0), name="amendment_amount_positive"),
            models.CheckConstraint(condition=~Q(reason=""), name="amendment_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.old_amount} → {self.new_amount}"


class TrancheQuerySet(models.QuerySet):
    def paid(self) -> TrancheQuerySet:
        return self.filter(paid_on__isnull=False)

    def unpaid(self) -> TrancheQuerySet:
        return self.filter(paid_on__isnull=True)

    def overdue(self, today=None) -> TrancheQuerySet:
        """Unpaid tranches past due on awards whose money is flowing."""
        today = today or timezone.localdate()
        return self.unpaid().filter(due_date__lt=today, award__status__in=RUNNING_STATUSES)


class Tranche(models.Model):
    """One payment of an award: an amount due on a date, paid on a date with a reference."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="tranches")
    number = models.PositiveSmallIntegerField(_("number"))
    amount = models.DecimalField(_("amount"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY)
    due_date = models.DateField(_("due on"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    paid_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    paid_recorded_at = models.DateTimeField(null=True, blank=True)

    objects = TrancheQuerySet.as_manager()

    class Meta:
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        ordering = ["award", "number"]
        constraints = [
            models.UniqueConstraint(fields=["award", "number"], name="one_tranche_number_per_award"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="tranche_amount_positive"),
            models.CheckConstraint(
                condition=Q(paid_on__isnull=True) | ~Q(payment_reference=""),
                name="paid_tranche_has_reference",
            ),
        ]
        indexes = [
            models.Index(fields=["due_date"], condition=Q(paid_on__isnull=True), name="unpaid_tranche_due")
        ]

    def __str__(self) -> str:
        return str(_("Tranche %(number)s") % {"number": self.number})

    @property
    def is_paid(self) -> bool:
        return self.paid_on is not None

    @property
    def is_overdue(self) -> bool:
        return not self.is_paid and self.due_date < timezone.localdate()
