"""The slate as an integer program: choose applications maximising the total normalised score.

One binary variable per candidate. Each rule staff set is a *group* of linear constraints
(the award count, the budget, the cap per country, one minimum per region or focus area,
the pinned and the excluded applications), so that when the rules cannot all hold, a
deletion filter over the groups finds a small set that conflicts: drop each group in turn
and keep it out if the rest still conflict; what remains is minimal (removing any one group
makes the others feasible).

Pure data in, pure data out: no database, so the benchmark and the property tests call it
directly. Money is in integer cents, exact in the solver's floating point up to 2⁵³.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

# HiGHS stops at a relative gap of 1e-4 by default; a slate must be the optimum, not nearly.
SOLVER_OPTIONS = {"mip_rel_gap": 0.0, "time_limit": 30.0}
OPTIMAL, INFEASIBLE = 0, 2


@dataclass(frozen=True)
class Candidate:
    id: int
    score: float
    cost_cents: int
    country: str
    region: str | None
    focus_areas: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Rules:
    size: int  # the number of awards to fill, at most the catalogue's slots left
    budget_cents: int  # the money left in the catalogue's budget
    max_per_country: int | None = None
    min_per_region: Mapping[str, int] = field(default_factory=dict)
    min_per_focus: Mapping[str, int] = field(default_factory=dict)
    pinned: frozenset[int] = frozenset()
    excluded: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Group:
    """One rule staff set, as named in an explanation: ("region", "oceania"), ("budget", "")."""

    kind: str
    key: str = ""


SIZE, BUDGET, COUNTRY, REGION, FOCUS, PINNED, EXCLUDED = (
    "size",
    "budget",
    "country",
    "region",
    "focus",
    "pinned",
    "excluded",
)


@dataclass(frozen=True)
class Solution:
    chosen: tuple[int, ...]  # candidate ids, in the order the candidates were given
    total: float
    conflicts: tuple[Group, ...] = ()

    @property
    def feasible(self) -> bool:
        return not self.conflicts


def groups_of(rules: Rules) -> list[Group]:
    """The rules in force, catalogue first."""
    groups = [Group(SIZE), Group(BUDGET)]
    if rules.max_per_country is not None:
        groups.append(Group(COUNTRY))
    groups += [Group(REGION, key) for key, n in sorted(rules.min_per_region.items()) if n > 0]
    groups += [Group(FOCUS, key) for key, n in sorted(rules.min_per_focus.items()) if n > 0]
    if rules.pinned:
        groups.append(Group(PINNED))
    if rules.excluded:
        groups.append(Group(EXCLUDED))
    return groups


class _Program:
    """The constraint rows of each group, built once and combined per solve."""

    def __init__(self, candidates: Sequence[Candidate], rules: Rules) -> None:
        self.candidates = candidates
        self.rules = rules
        n = len(candidates)
        self.n = n
        self.scores = np.array([c.score for c in candidates], dtype=float)
        ids = {c.id: i for i, c in enumerate(candidates)}
        self.pinned = [ids[pk] for pk in rules.pinned if pk in ids]
        self.excluded = [ids[pk] for pk in rules.excluded if pk in ids]
        self.rows: dict[Group, tuple[list[list[int]], list[list[float]], list[float], list[float]]] = {}
        everyone = list(range(n))
        self.rows[Group(SIZE)] = ([everyone], [[1.0] * n], [rules.size], [rules.size])
        costs = [float(c.cost_cents) for c in candidates]
        self.rows[Group(BUDGET)] = ([everyone], [costs], [-np.inf], [float(rules.budget_cents)])
        if rules.max_per_country is not None:
            by_country = _index(c.country for c in candidates)
            members = list(by_country.values())
            cap = float(rules.max_per_country)
            self.rows[Group(COUNTRY)] = (
                members,
                [[1.0] * len(m) for m in members],
                [-np.inf] * len(members),
                [cap] * len(members),
            )
        by_region = _index(c.region or "" for c in candidates)
        for key, least in rules.min_per_region.items():
            if least > 0:
                members_r = by_region.get(key, [])
                self.rows[Group(REGION, key)] = ([members_r], [[1.0] * len(members_r)], [least], [np.inf])
        by_focus: dict[str, list[int]] = {}
        for i, c in enumerate(candidates):
            for area in c.focus_areas:
                by_focus.setdefault(area, []).append(i)
        for key, least in rules.min_per_focus.items():
            if least > 0:
                members_f = by_focus.get(key, [])
                self.rows[Group(FOCUS, key)] = ([members_f], [[1.0] * len(members_f)], [least], [np.inf])

    def solve(self, groups: Iterable[Group], *, optimise: bool) -> tuple[int, np.ndarray | None]:
        groups = set(groups)
        lower, upper = np.zeros(self.n), np.ones(self.n)
        if Group(PINNED) in groups:
            lower[self.pinned] = 1.0
        if Group(EXCLUDED) in groups:
            upper[self.excluded] = 0.0
        if (lower > upper).any():
            return INFEASIBLE, None
        data: list[float] = []
        columns: list[int] = []
        pointers = [0]
        lbs: list[float] = []
        ubs: list[float] = []
        for group, (members, coefficients, lb, ub) in self.rows.items():
            if group not in groups:
                continue
            for row_members, row_coefficients in zip(members, coefficients, strict=True):
                columns += row_members
                data += row_coefficients
                pointers.append(len(columns))
            lbs += lb
            ubs += ub
        constraints = []
        if lbs:
            matrix = csr_array((data, columns, pointers), shape=(len(lbs), self.n))
            constraints.append(LinearConstraint(matrix, lbs, ubs))
        objective = -self.scores if optimise else np.zeros(self.n)
        if self.n == 0:
            # Nothing to choose: feasible exactly when every row accepts an empty slate.
            return (
                (OPTIMAL, np.zeros(0))
                if all(lo <= 0 <= hi for lo, hi in zip(lbs, ubs, strict=True))
                else (
                    INFEASIBLE,
                    None,
                )
            )
        result = milp(
            objective,
            integrality=np.ones(self.n),
            bounds=Bounds(lower, upper),
            constraints=constraints,
            options=SOLVER_OPTIONS,
        )
        if result.status == OPTIMAL and result.x is not None:
            return OPTIMAL, result.x
        return INFEASIBLE, None


def _index(keys: Iterable[str]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        found.setdefault(key, []).append(i)
    return found


def solve(candidates: Sequence[Candidate], rules: Rules) -> Solution:
    """The slate of greatest total score under the rules, or the smallest set of rules that conflict."""
    groups = groups_of(rules)
    status, x, kept = _attempt(candidates, rules, groups, optimise=True)
    if status == OPTIMAL and x is not None:
        chosen = [kept[i] for i in range(len(kept)) if x[i] > 0.5]
        return Solution(chosen=tuple(c.id for c in chosen), total=float(sum(c.score for c in chosen)))
    return Solution(chosen=(), total=0.0, conflicts=tuple(_conflicting(candidates, rules, groups)))


def _attempt(
    candidates: Sequence[Candidate], rules: Rules, groups: list[Group], *, optimise: bool
) -> tuple[int, np.ndarray | None, list[Candidate]]:
    kept = [candidates[i] for i in _undominated(candidates, rules, groups)]
    status, x = _Program(kept, rules).solve(groups, optimise=optimise)
    return status, x, kept


def _conflicting(candidates: Sequence[Candidate], rules: Rules, groups: list[Group]) -> list[Group]:
    """A deletion filter: keep a group only if the others are feasible without it."""
    core = list(groups)
    for group in groups:
        trial = [g for g in core if g != group]
        if _attempt(candidates, rules, trial, optimise=False)[0] != OPTIMAL:
            core = trial
    return core


def _undominated(candidates: Sequence[Candidate], rules: Rules, groups: list[Group]) -> list[int]:
    """Indices of the candidates a slate under these groups may need, in their order.

    j dominates i when both are from one country, j scores at least as much, costs at most as
    much and covers every focus area of i (ties broken by position). A candidate with as many
    dominators as its country can hold (the cap, or the award count) is never needed: in any
    slate holding it one dominator is left out, and swapping them keeps every rule and loses no
    score; so pruning keeps the optimum, and keeps a feasible problem feasible. Excluded
    candidates go; pinned ones stay. Most of 6,000 candidates go, which is what keeps the solve
    inside its time budget.
    """
    active = {g.kind for g in groups}
    # A pinned candidate always stays, even excluded: the solve must see that contradiction.
    excluded = rules.excluded - rules.pinned if EXCLUDED in active else frozenset()
    bounds = [rules.size] if SIZE in active else []
    if COUNTRY in active and rules.max_per_country is not None:
        bounds.append(rules.max_per_country)
    if not bounds:  # nothing bounds a country's share: every candidate may be needed
        return [i for i, c in enumerate(candidates) if c.id not in excluded]
    room = min(bounds)
    areas = sorted({a for c in candidates for a in c.focus_areas})
    if len(areas) > 62:
        return [i for i, c in enumerate(candidates) if c.id not in excluded]
    bit = {area: 1 << k for k, area in enumerate(areas)}
    by_country = _index(c.country for c in candidates)
    kept: list[int] = []
    for members in by_country.values():
        members = [i for i in members if candidates[i].id not in excluded]
        if len(members) <= room:
            kept += members
            continue
        score = np.array([candidates[i].score for i in members])
        cost = np.array([candidates[i].cost_cents for i in members], dtype=np.int64)
        mask = np.array([sum(bit[a] for a in candidates[i].focus_areas) for i in members], dtype=np.int64)
        order = np.arange(len(members))
        # Row j, column i: does j dominate i?
        weakly = (
            (score[:, None] >= score[None, :])
            & (cost[:, None] <= cost[None, :])
            & ((mask[:, None] & mask[None, :]) == mask[None, :])
        )
        strictly = (
            (score[:, None] > score[None, :])
            | (cost[:, None] < cost[None, :])
            | (mask[:, None] != mask[None, :])
            | (order[:, None] < order[None, :])
        )
        dominators = (weakly & strictly).sum(axis=0)
        kept += [
            i
            for i, n in zip(members, dominators, strict=True)
            if n < room or candidates[i].id in rules.pinned
        ]
    return sorted(kept)


def top_by_rank(candidates: Sequence[Candidate], rules: Rules) -> tuple[int, ...]:
    """The plain list: down the ranking, each candidate that still fits the award count and the budget."""
    chosen: list[int] = []
    spent = 0
    for candidate in candidates:
        if len(chosen) == rules.size:
            break
        if spent + candidate.cost_cents <= rules.budget_cents:
            chosen.append(candidate.id)
            spent += candidate.cost_cents
    return tuple(chosen)
