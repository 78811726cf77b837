"""The grant catalogue: programs, their terms, their rounds and their rubrics."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .bilingual import InReadersLanguage

MONEY = {"max_digits": 12, "decimal_places": 2}
FRENCH_HELP = _("Shown to French readers; the English one if empty.")


class Program(models.Model):
    """A grant program with a cap on the number of awards and a total budget."""

    name = models.CharField(_("name"), max_length=200)
    name_fr = models.CharField(_("name in French"), max_length=200, blank=True, help_text=FRENCH_HELP)
    slug = models.SlugField(_("slug"), unique=True)
    description = models.TextField(_("description"))
    description_fr = models.TextField(_("description in French"), blank=True, help_text=FRENCH_HELP)
    max_awards = models.PositiveIntegerField(_("maximum number of awards"))
    max_amount = models.DecimalField(
        _("maximum amount per award"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY
    )
    amount_is_fixed = models.BooleanField(
        _("amount is fixed"),
        default=False,
        help_text=_("Every award is exactly the maximum amount."),
    )
    total_budget = models.DecimalField(
        _("total budget"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY
    )
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    display_order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["display_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_amount__lte=F("total_budget")),
                name="program_max_amount_within_budget",
            ),
        ]

    localized_name = InReadersLanguage("name")
    localized_description = InReadersLanguage("description")

    def __str__(self) -> str:
        return str(self.localized_name)

    def get_absolute_url(self) -> str:
        return reverse("program_detail", args=[self.slug])


class RoundQuerySet(models.QuerySet):
    def open(self) -> RoundQuerySet:
        now = timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)

    def upcoming(self) -> RoundQuerySet:
        return self.filter(opens_at__gt=timezone.now())

    def ranking_changed(self) -> int:
        """Give these rounds a new ranking stamp, so no process serves a ranking computed before.

        Called in the transaction of every change to the ranking's inputs or outputs: a review's
        stored total, a conflict, an application's move into, out of or within the ranked statuses.
        """
        return self.update(ranking_version=uuid.uuid4())


class Round(models.Model):
    """A call for applications to one program, open between two instants (UTC)."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="rounds")
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("Without the program's name, which pages show beside it: e.g. “Open call 2027”."),
    )
    title_fr = models.CharField(_("title in French"), max_length=200, blank=True, help_text=FRENCH_HELP)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    review_closes_at = models.DateTimeField(_("review closes at"))
    blind_review = models.BooleanField(
        _("blind review"),
        default=False,
        help_text=_("Reviewers do not see the community's name, link or admins."),
    )
    share_feedback = models.BooleanField(
        _("share scores with declined applicants"),
        default=False,
    )
    reviews_required = models.PositiveSmallIntegerField(
        _("reviews asked per application"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_(
            "Deciding an application with fewer submitted reviews asks for a confirmation, "
            "and the ranking marks its score."
        ),
    )
    # Part of the cache key of the round's ranking (applications.ranking): a UUID, not a counter,
    # so a cached entry from another database (a test run, a restored copy) never matches.
    ranking_version = models.UUIDField(_("ranking version"), default=uuid.uuid4, editable=False)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["-closes_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="round_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=Q(review_closes_at__gte=F("closes_at")),
                name="round_review_after_close",
            ),
        ]

    localized_title = InReadersLanguage("title")

    def __str__(self) -> str:
        """The full name, "Program — Round", for places that do not show the program beside it."""
        return f"{self.program.localized_name} — {self.localized_title}"

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("A round must close after it opens.")})
        if self.closes_at and self.review_closes_at and self.review_closes_at < self.closes_at:
            raise ValidationError({"review_closes_at": _("Reviews cannot close before applications do.")})

    def is_open_at(self, moment) -> bool:
        return self.opens_at <= moment < self.closes_at

    @property
    def is_open(self) -> bool:
        return self.is_open_at(timezone.now())

    @property
    def has_closed(self) -> bool:
        return timezone.now() >= self.closes_at

    def is_ready_for_release_at(self, moment) -> bool:
        """Closed to applications and past the review deadline: decisions may go out without a reason."""
        return moment >= self.closes_at and moment >= self.review_closes_at


class Criterion(models.Model):
    """One line of a program's review rubric."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=200)
    name_fr = models.CharField(_("name in French"), max_length=200, blank=True, help_text=FRENCH_HELP)
    guidance = models.TextField(_("guidance for reviewers"), blank=True)
    guidance_fr = models.TextField(_("guidance in French"), blank=True, help_text=FRENCH_HELP)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["program", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
        ]

    localized_name = InReadersLanguage("name")
    localized_guidance = InReadersLanguage("guidance")

    def __str__(self) -> str:
        return str(self.localized_name)


def default_split() -> list[int]:
    return [50, 50]


class ProgramTerms(models.Model):
    """How a program pays and what its grantees agree to: one row per program."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="terms")
    tranche_split = models.JSONField(
        _("tranche split (percent)"),
        default=default_split,
        help_text=_(
            "Percentages of the award paid in each tranche, e.g. [40, 30, 30]. They must add up to 100."
        ),
    )
    first_tranche_days = models.PositiveSmallIntegerField(
        _("first tranche due after (days)"),
        default=30,
    )
    tranche_interval_days = models.PositiveSmallIntegerField(
        _("days between tranches"),
        default=180,
    )
    report_lead_days = models.PositiveSmallIntegerField(
        _("report due before the next tranche (days)"),
        default=21,
    )
    payments_follow_results = models.BooleanField(
        _("payments follow results"),
        default=False,
        help_text=_("A tranche after the first is paid only once the report due before it is accepted."),
    )
    budget_proposals = models.BooleanField(
        _("grantees write a budget proposal"),
        default=False,
        help_text=_("The award's final amount follows the budget the grantee writes during training."),
    )
    agreement = models.TextField(
        _("grant agreement"),
        blank=True,
        help_text=_("The terms a grantee accepts online. A copy is kept with each award."),
    )
    agreement_fr = models.TextField(_("grant agreement in French"), blank=True, help_text=FRENCH_HELP)

    localized_agreement = InReadersLanguage("agreement")

    class Meta:
        verbose_name = _("program terms")
        verbose_name_plural = _("program terms")

    def __str__(self) -> str:
        return str(_("Terms of %(program)s") % {"program": self.program})

    def clean(self) -> None:
        split = self.tranche_split
        if (
            not isinstance(split, list)
            or not split
            or not all(isinstance(p, int) and p > 0 for p in split)
            or sum(split) != 100
        ):
            raise ValidationError(
                {"tranche_split": _("Give whole positive percentages that add up to 100, e.g. [40, 30, 30].")}
            )
