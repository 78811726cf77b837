"""Fair reviewer assignment: who may review what, and a balanced plan for a whole round.

The planner is a pure function over ids so it can be checked on thousands of random rounds;
`applications.services.assignments` feeds it from the database and writes its plan.

How the plan is made:
1. Applications are served most-constrained first (fewest eligible reviewers), one reviewer
   per pass, until each has `per_application` active reviewers.
2. Each slot goes to the eligible reviewer with the lowest load in the round (existing
   active assignments count); among equals, one whose expertise matches a focus area of the
   application; then a seeded shuffle, so ties do not always favour the same person.
3. Repair: while some reviewer carries two or more reviews more than the least-loaded one,
   move a new assignment along a chain of reviewers who could each take over the previous
   one's application (a breadth-first search, as in augmenting-path matching). When no chain
   exists the conflicts themselves forbid a more even spread.
Pairs in `forbidden` (conflicts, ties, existing assignments of any state) are never planned.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

Pair = tuple[int, int]  # (reviewer_id, application_id)


@dataclass
class Plan:
    new: list[Pair] = field(default_factory=list)
    uncovered: dict[int, int] = field(default_factory=dict)  # application id → reviewers missing
    loads: dict[int, int] = field(default_factory=dict)  # reviewer id → active load after the plan


def plan_assignments(
    *,
    applications: Mapping[int, Iterable[int]],
    reviewers: Mapping[int, Iterable[int]],
    per_application: int,
    forbidden: Iterable[Pair] = (),
    existing: Iterable[Pair] = (),
    seed: int = 0,
) -> Plan:
    """Plan new (reviewer, application) pairs so each application reaches `per_application`.

    `applications` maps application id → focus area ids; `reviewers` maps reviewer id →
    expertise (focus area ids); `existing` are active assignments already made (they count
    toward coverage and load and are never moved); `forbidden` pairs are never planned.
    """
    focus = {app: frozenset(areas) for app, areas in applications.items()}
    expertise = {rev: frozenset(areas) for rev, areas in reviewers.items()}
    blocked = set(forbidden)
    assigned: dict[int, set[int]] = {app: set() for app in focus}
    loads = dict.fromkeys(expertise, 0)
    for rev, app in existing:
        blocked.add((rev, app))
        if app in assigned:
            assigned[app].add(rev)
        if rev in loads:
            loads[rev] += 1

    rng = random.Random(seed)
    order = list(expertise)
    rng.shuffle(order)
    tiebreak = {rev: i for i, rev in enumerate(order)}

    def eligible(rev: int, app: int) -> bool:
        return (rev, app) not in blocked and rev not in assigned[app]

    candidates = {app: [rev for rev in order if eligible(rev, app)] for app in focus}
    pending = sorted(focus, key=lambda app: (len(candidates[app]), app))
    new: set[Pair] = set()
    for _pass in range(per_application):
        for app in pending:
            if len(assigned[app]) >= per_application:
                continue
            options = [rev for rev in candidates[app] if rev not in assigned[app]]
            if not options:
                continue
            best = min(
                options, key=lambda rev: (loads[rev], not (expertise[rev] & focus[app]), tiebreak[rev])
            )
            assigned[app].add(best)
            loads[best] += 1
            new.add((best, app))

    _rebalance(new, loads, assigned, eligible)
    uncovered = {
        app: per_application - len(revs) for app, revs in assigned.items() if len(revs) < per_application
    }
    return Plan(new=sorted(new), uncovered=uncovered, loads=loads)


def _rebalance(new: set[Pair], loads: dict[int, int], assigned: dict[int, set[int]], eligible) -> None:
    """Move new assignments along chains until no reviewer leads the lightest by two or more."""
    if not loads:
        return
    while True:
        lightest = min(loads.values())
        if max(loads.values()) - lightest <= 1:
            return
        path = _chain(new, loads, assigned, eligible, lightest)
        if path is None:
            return
        # path: [(taker, app, giver), ...] from a lightest reviewer back to a heavy one.
        for taker, app, giver in path:
            new.discard((giver, app))
            new.add((taker, app))
            assigned[app].discard(giver)
            assigned[app].add(taker)
        loads[path[0][0]] += 1
        loads[path[-1][2]] -= 1


def _chain(new, loads, assigned, eligible, lightest):
    held: dict[int, list[int]] = {}
    for rev, app in new:
        held.setdefault(rev, []).append(app)
    starts = [rev for rev, load in loads.items() if load == lightest]
    came_from: dict[int, tuple[int, int] | None] = dict.fromkeys(starts)
    queue = deque(starts)
    while queue:
        taker = queue.popleft()
        for giver, apps in held.items():
            if giver in came_from:
                continue
            app = next((a for a in apps if eligible(taker, a)), None)
            if app is None:
                continue
            came_from[giver] = (taker, app)
            if loads[giver] >= lightest + 2:
                return _walk_back(came_from, giver)
            queue.append(giver)
    return None


def _walk_back(came_from, heavy: int) -> list[tuple[int, int, int]]:
    steps = []
    giver = heavy
    while came_from[giver] is not None:
        taker, app = came_from[giver]
        steps.append((taker, app, giver))
        giver = taker
    # Apply from the lightest end first so every intermediate reviewer holds each app once.
    return steps[::-1]
