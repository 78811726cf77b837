"""A round's slate candidates: its reviewed applications that may still be shortlisted, in rank order.

Three queries whatever their number: the ranking, the amounts, the communities' focus areas.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from leadership.models import Community
from programs.caps import program_usage
from programs.models import Program, Round

from ..models import Application, Status
from ..ranking import round_ranking
from .regions import region_of
from .solver import Candidate

# Reviewed and still open to shortlisting: awarded and declined applications are settled.
SELECTABLE = (Status.IN_REVIEW, Status.SHORTLISTED, Status.WAITLISTED)
CENTS = Decimal(100)


@dataclass(frozen=True)
class CandidateRow:
    """One candidate as the page shows it, with what the solver needs."""

    rank: int
    title: str
    community_name: str
    status: str
    amount: Decimal
    candidate: Candidate

    @property
    def id(self) -> int:
        return self.candidate.id

    @property
    def score(self) -> float:
        return self.candidate.score


@dataclass(frozen=True)
class Catalogue:
    """What the program still allows: awards and money not yet committed."""

    program: Program
    slots_left: int
    money_left: Decimal


def catalogue_of(round_: Round) -> Catalogue:
    usage = program_usage(round_.program)
    return Catalogue(
        program=round_.program,
        slots_left=usage.slots_left(round_.program),
        money_left=max(usage.money_left(round_.program), Decimal(0)),
    )


def cost_of(program: Program, requested: Decimal | None) -> Decimal:
    """What an award would cost: the fixed amount, or the request (at most the program's maximum)."""
    if program.amount_is_fixed or requested is None:
        return program.max_amount
    return min(requested, program.max_amount)


def round_candidates(round_: Round) -> list[CandidateRow]:
    """The round's selectable applications with a normalised score, best first."""
    rows = [
        row for row in round_ranking(round_).rows if row.status in SELECTABLE and row.normalised is not None
    ]
    amounts = dict(
        Application.objects.filter(round=round_, status__in=SELECTABLE).values_list("pk", "amount_requested")
    )
    through = Community.focus_areas.through
    areas: dict[int, set[str]] = {}
    for community_id, code in through.objects.filter(
        community__applications__round=round_, community__applications__status__in=SELECTABLE
    ).values_list("community_id", "focusarea__code"):
        areas.setdefault(community_id, set()).add(code)
    program = round_.program
    result = []
    for row in rows:
        amount = cost_of(program, amounts.get(row.application_id))
        result.append(
            CandidateRow(
                rank=row.rank,
                title=row.title,
                community_name=row.community_name,
                status=row.status,
                amount=amount,
                candidate=Candidate(
                    id=row.application_id,
                    score=float(row.normalised or 0.0),
                    cost_cents=int(amount * CENTS),
                    country=str(row.country),
                    region=region_of(row.country),
                    focus_areas=frozenset(areas.get(row.community_id, ())),
                ),
            )
        )
    return result
