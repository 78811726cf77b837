"""The slate beside the plain top-by-rank list: who comes in, who goes out, and the spread of each."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django_countries import countries

from leadership.models import FocusAreaCode

from .candidates import CandidateRow, Catalogue
from .conflicts import conflict_messages
from .regions import Region
from .solver import Rules, solve, top_by_rank


@dataclass(frozen=True)
class Bar:
    label: str
    slate: int
    plain: int
    slate_width: float  # percent of the largest count in the chart
    plain_width: float


@dataclass(frozen=True)
class Spread:
    title: str
    bars: list[Bar]


@dataclass
class SlatePlan:
    rules: Rules
    catalogue: Catalogue
    candidate_count: int
    slate: list[CandidateRow] = field(default_factory=list)
    plain: list[CandidateRow] = field(default_factory=list)
    coming_in: list[CandidateRow] = field(default_factory=list)
    going_out: list[CandidateRow] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    spreads: list[Spread] = field(default_factory=list)

    @property
    def feasible(self) -> bool:
        return not self.conflicts

    @property
    def slate_total(self) -> float:
        return sum(r.score for r in self.slate)

    @property
    def plain_total(self) -> float:
        return sum(r.score for r in self.plain)

    @property
    def gain(self) -> float:
        """What the rules cost in total score (negative) against the plain list."""
        return self.slate_total - self.plain_total

    @property
    def in_total(self) -> float:
        return sum(r.score for r in self.coming_in)

    @property
    def out_total(self) -> float:
        return sum(r.score for r in self.going_out)

    @property
    def slate_cost(self) -> Decimal:
        return sum((r.amount for r in self.slate), Decimal(0))

    @property
    def plain_cost(self) -> Decimal:
        return sum((r.amount for r in self.plain), Decimal(0))


def slate_plan(rows: Sequence[CandidateRow], rules: Rules, catalogue: Catalogue) -> SlatePlan:
    """Solve the rules over the candidates (in rank order) and compare with the plain list."""
    plan = SlatePlan(rules=rules, catalogue=catalogue, candidate_count=len(rows))
    candidates = [row.candidate for row in rows]
    plain_ids = set(top_by_rank(candidates, rules))
    plan.plain = [row for row in rows if row.id in plain_ids]
    solution = solve(candidates, rules)
    if not solution.feasible:
        plan.conflicts = conflict_messages(solution.conflicts, rows, rules, catalogue.program.currency)
        return plan
    chosen = set(solution.chosen)
    plan.slate = [row for row in rows if row.id in chosen]
    plan.coming_in = [row for row in plan.slate if row.id not in plain_ids]
    plan.going_out = [row for row in plan.plain if row.id not in chosen]
    plan.spreads = [
        _spread(_("By region"), plan, lambda r: [_region(r.candidate.region)]),
        _spread(_("By focus area"), plan, lambda r: [_focus(a) for a in sorted(r.candidate.focus_areas)]),
        _spread(
            _("By country"), plan, lambda r: [str(countries.name(r.candidate.country) or r.candidate.country)]
        ),
    ]
    return plan


def _spread(title: str, plan: SlatePlan, keys: Callable[[CandidateRow], Iterable[str]]) -> Spread:
    slate = Counter(key for row in plan.slate for key in keys(row))
    plain = Counter(key for row in plan.plain for key in keys(row))
    labels = sorted(set(slate) | set(plain), key=lambda k: (-slate[k], -plain[k], k))
    top = max([*slate.values(), *plain.values(), 1])
    return Spread(
        title=title,
        bars=[
            Bar(
                label=label,
                slate=slate[label],
                plain=plain[label],
                slate_width=round(100 * slate[label] / top, 1),
                plain_width=round(100 * plain[label] / top, 1),
            )
            for label in labels
        ],
    )


def _region(key: str | None) -> str:
    return str(Region(key).label) if key in Region.values else _("No region")


def _focus(key: str) -> str:
    return str(FocusAreaCode(key).label) if key in FocusAreaCode.values else key
