"""The staff budget dashboard's figures, each computed by one SQL query."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Sum, Value
from django.db.models.functions import Coalesce
from django_countries import countries

from leadership.models import FocusAreaCode
from programs.models import Program
from programs.money import cents

from .models import Award, AwardStatus, ProgressReport, Tranche
from .services.caps import per_program, per_program_money, usage_annotations

ZERO = Decimal("0")
ACCEPTED = (AwardStatus.ACCEPTED, AwardStatus.ACTIVE, AwardStatus.COMPLETED)


@dataclass
class ProgramBudget:
    pk: int
    name: str
    slug: str
    currency: str
    max_awards: int
    total_budget: Decimal
    live_awards: int
    offered: int
    awarded: Decimal
    accepted: Decimal
    disbursed: Decimal
    committed: Decimal

    @property
    def slots_left(self) -> int:
        return max(0, self.max_awards - self.live_awards)

    @property
    def remaining(self) -> Decimal:
        """Budget not yet committed to a live award (or already paid to a cancelled one)."""
        return self.total_budget - self.committed

    @property
    def to_disburse(self) -> Decimal:
        return self.committed - self.disbursed

    @property
    def percent_committed(self) -> int:
        return int(100 * self.committed / self.total_budget) if self.total_budget else 0

    def as_json(self) -> dict[str, Any]:
        data = {k: (str(v) if isinstance(v, Decimal) else v) for k, v in asdict(self).items()}
        data.update(
            slots_left=self.slots_left, remaining=str(self.remaining), to_disburse=str(self.to_disburse)
        )
        return data


def program_budgets() -> list[ProgramBudget]:
    awards = Award.objects.filter(program_id=OuterRef("pk"))
    usage = usage_annotations()
    rows = Program.objects.order_by("display_order", "name").annotate(
        **usage,
        offered=Coalesce(
            per_program(awards.filter(status=AwardStatus.OFFERED), "program_id", Count("id")),
            Value(0),
            output_field=IntegerField(),
        ),
        accepted=per_program_money(awards.filter(status__in=ACCEPTED), "program_id"),
        disbursed=per_program_money(
            Tranche.objects.paid().filter(award__program_id=OuterRef("pk")), "award__program_id"
        ),
    )
    return [
        ProgramBudget(
            pk=p.pk,
            name=p.name,
            slug=p.slug,
            currency=p.currency,
            max_awards=p.max_awards,
            total_budget=p.total_budget,
            live_awards=p.live_awards,
            offered=p.offered,
            awarded=cents(p.awarded),
            accepted=cents(p.accepted),
            disbursed=cents(p.disbursed),
            committed=cents(p.committed),
        )
        for p in rows
    ]


def by_country() -> list[dict[str, Any]]:
    rows = (
        Award.objects.live()
        .values("application__community__country")
        .annotate(awards=Count("id"), amount=Sum("amount"))
        .order_by("-amount", "application__community__country")
    )
    return [
        {
            "code": r["application__community__country"],
            "name": countries.name(r["application__community__country"])
            or r["application__community__country"],
            "awards": r["awards"],
            "amount": cents(r["amount"]),
        }
        for r in rows
    ]


def by_focus_area() -> list[dict[str, Any]]:
    labels = dict(FocusAreaCode.choices)
    rows = (
        Award.objects.live()
        .filter(application__community__focus_areas__isnull=False)
        .values("application__community__focus_areas__code")
        .annotate(awards=Count("id"), amount=Sum("amount"))
        .order_by("-amount")
    )
    return [
        {
            "code": r["application__community__focus_areas__code"],
            "name": str(labels.get(r["application__community__focus_areas__code"], "")),
            "awards": r["awards"],
            "amount": cents(r["amount"]),
        }
        for r in rows
    ]


def overdue_tranches(limit: int = 50):
    return list(
        Tranche.objects.overdue()
        .select_related("award__program", "award__application__community")
        .order_by("due_date", "pk")[:limit]
    )


def overdue_reports(limit: int = 50):
    return list(
        ProgressReport.objects.overdue()
        .select_related("award__program", "award__application__community")
        .order_by("due_date", "pk")[:limit]
    )


def waiting_reviews(limit: int = 50):
    """Reports and budget proposals filed and waiting for staff."""
    return list(
        ProgressReport.objects.filter(status="submitted")
        .select_related("award__program", "award__application__community")
        .order_by("submitted_at")[:limit]
    )


def dashboard_json() -> dict[str, Any]:
    return {
        "programs": [p.as_json() for p in program_budgets()],
        "countries": [{**r, "amount": str(r["amount"])} for r in by_country()],
        "focus_areas": [{**r, "amount": str(r["amount"])} for r in by_focus_area()],
    }
