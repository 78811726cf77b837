"""The portfolio slate's solver at the 2018 program's size: 6,000 candidates, 46 countries, 10 focus areas.

    python -m bench.slate

Rules: 115 awards inside the budget (requests between $20,000 and $100,000 against
115 times $50,000), at most 3 per country, at least 10 in each focus area and 5 in each region.
Fails (non-zero) when the best of REPEATS solves takes more than BUDGET_SECONDS. The solver needs no database.
"""

from __future__ import annotations

import os
import random
import sys
import time

CANDIDATES, COUNTRY_COUNT, AREA_COUNT, AWARDS = 6_000, 46, 10, 115
BUDGET_SECONDS = 2.0
REPEATS = 3


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def scenario(seed: int = 2018):
    """Candidates and rules like the 2018 cycle's: a few large countries, an uneven spread of areas."""
    from applications.selection.regions import Region, region_of
    from applications.selection.solver import Candidate, Rules
    from grants.scale.vocabulary import COUNTRIES

    rng = random.Random(seed)
    # The scale dataset lists 45; New Zealand makes the 2018 program's 46 (and a second in Oceania).
    countries = [*COUNTRIES, *(c for c in ("NZ", "FJ") if c not in COUNTRIES)][:COUNTRY_COUNT]
    weights = [1 / (i + 1) for i in range(len(countries))]
    areas = [f"area{i}" for i in range(AREA_COUNT)]
    area_weights = [1 / (i + 1) for i in range(AREA_COUNT)]
    candidates = []
    for i in range(CANDIDATES):
        country = countries[i] if i < len(countries) else rng.choices(countries, weights)[0]
        candidates.append(
            Candidate(
                id=i + 1,
                score=rng.gauss(0, 1),
                cost_cents=rng.randrange(20_000, 100_001) * 100,
                country=country,
                region=region_of(country),
                focus_areas=frozenset(rng.choices(areas, area_weights, k=rng.choice((1, 1, 2)))),
            )
        )
    candidates.sort(key=lambda c: -c.score)  # rank order
    rules = Rules(
        size=AWARDS,
        budget_cents=AWARDS * 50_000 * 100,
        max_per_country=3,
        min_per_region={region.value: 5 for region in Region},
        min_per_focus=dict.fromkeys(areas, 10),
    )
    return candidates, rules


def main() -> int:
    _setup()
    from collections import Counter

    from applications.selection.solver import solve, top_by_rank

    candidates, rules = scenario()
    runs = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        solution = solve(candidates, rules)
        runs.append(time.perf_counter() - started)
    # The best of a few runs: on a shared machine the others measure the neighbours' load.
    seconds = min(runs)
    plain = top_by_rank(candidates, rules)
    by_score = {c.id: c.score for c in candidates}
    chosen = [c for c in candidates if c.id in set(solution.chosen)]
    print(
        f"slate: {len(candidates)} candidates, {len({c.country for c in candidates})} countries, "
        f"{len({a for c in candidates for a in c.focus_areas})} focus areas → {len(chosen)} awards "
        f"in {seconds:.2f} s, best of {', '.join(f'{run:.2f}' for run in runs)} (budget {BUDGET_SECONDS:.1f} s)"
    )
    if not solution.feasible:
        print(f"slate: infeasible, conflicts {solution.conflicts}")
        return 1
    most = max(Counter(c.country for c in chosen).values())
    print(
        f"slate: total score {solution.total:.2f} against {sum(by_score[pk] for pk in plain):.2f} "
        f"for the plain top by rank; at most {most} per country"
    )
    return 0 if seconds <= BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
