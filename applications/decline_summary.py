"""Why a round's applications were declined: each staff-managed reason with its count."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from programs.models import Round

from .models import Application, DeclineReason, Status


@dataclass(frozen=True)
class ReasonCount:
    reason: DeclineReason | None  # None: declined with a note only (before reasons were kept)
    count: int
    share: float  # of the round's declined applications, 0-1


def decline_summary(round_: Round) -> list[ReasonCount]:
    """Declined applications of the round grouped by reason, most frequent first; two queries."""
    counts = list(
        Application.objects.for_round(round_)
        .filter(status=Status.DECLINED)
        .order_by()
        .values("decline_reason")
        .annotate(n=Count("id"))
        .values_list("decline_reason", "n")
    )
    total = sum(n for _reason, n in counts)
    if not total:
        return []
    reasons = DeclineReason.objects.in_bulk([pk for pk, _n in counts if pk is not None])
    rows = [ReasonCount(reasons.get(pk) if pk else None, n, n / total) for pk, n in counts]
    return sorted(rows, key=lambda row: (-row.count, row.reason.position if row.reason else 1_000_000))
