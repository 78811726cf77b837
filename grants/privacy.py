"""Grants' part of a person's data: the awards of the communities they run, with tranches,
amendments, reports and budgets. Registered with leadership.privacy in AppConfig.ready().

Awards are never deleted by an erasure: the money is an audit record. What identifies the person
in their text (names, emails) is replaced by leadership's last pass over every text column.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from leadership.privacy.registry import Erasure, ExportPart, register

from .models import Award, AwardAmendment, BudgetProposalVersion, ProgressReport, Tranche

if TYPE_CHECKING:
    from leadership.models import User


def _awards(user: User):
    return Award.objects.filter(
        Q(application__community__memberships__user=user) | Q(accepted_by=user)
    ).distinct()


def export(user: User) -> ExportPart:
    ids = list(_awards(user).values_list("pk", flat=True))
    awards: dict[int, dict[str, Any]] = {
        row["id"]: {**row, "tranches": [], "amendments": [], "reports": [], "budget_versions": []}
        for row in Award.objects.filter(pk__in=ids)
        .order_by("pk")
        .values(
            "id",
            "application_id",
            "program__name",
            "program__currency",
            "amount",
            "status",
            "agreement",
            "offered_at",
            "accepted_at",
            "list_publicly",
        )
    }
    related = {
        "tranches": Tranche.objects.filter(award_id__in=ids).values(
            "award_id", "number", "amount", "due_date", "paid_on", "payment_reference"
        ),
        "amendments": AwardAmendment.objects.filter(award_id__in=ids).values(
            "award_id", "old_amount", "new_amount", "reason", "at"
        ),
        "reports": ProgressReport.objects.filter(award_id__in=ids).values(
            "award_id",
            "number",
            "title",
            "due_date",
            "status",
            "submitted_at",
            "narrative",
            "money_spent",
            "staff_note",
        ),
        "budget_versions": BudgetProposalVersion.objects.filter(proposal__award_id__in=ids).values(
            "proposal__award_id", "narrative", "total", "decision", "staff_note"
        ),
    }
    for key, rows in related.items():
        for row in rows:
            award_id = row.pop("award_id", None) or row.pop("proposal__award_id")
            awards[award_id][key].append(row)
    return ExportPart(sections={"awards": list(awards.values())})


def erase(erasure: Erasure) -> dict[str, int]:
    """Nothing is deleted: the awards stay for audit with their money; this only counts them."""
    return {"awards_kept_for_audit": _awards(erasure.user).count()}


def register_grants() -> None:
    register("grants", exporter=export, eraser=erase, order=10)
