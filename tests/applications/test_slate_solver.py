"""The slate solver without the database: optimal against brute force, and conflicts named."""

from __future__ import annotations

import itertools
import random
from collections import Counter
from decimal import Decimal

import pytest
from django_countries import countries
from hypothesis import given, settings
from hypothesis import strategies as st

from applications.selection.candidates import CandidateRow
from applications.selection.conflicts import conflict_messages
from applications.selection.regions import region_of
from applications.selection.solver import (
    BUDGET,
    COUNTRY,
    EXCLUDED,
    FOCUS,
    PINNED,
    REGION,
    SIZE,
    Candidate,
    Group,
    Rules,
    groups_of,
    solve,
    top_by_rank,
)
from grants.scale.vocabulary import COUNTRIES as SCALE_COUNTRIES

COUNTRIES = ("FR", "KE", "BR", "IN")
AREAS = ("health", "education", "environment")


def _holds(subset: list[Candidate], rules: Rules, groups: set[Group]) -> bool:
    """Whether a set of candidates keeps every rule in `groups` (the brute force's check)."""
    ids = {c.id for c in subset}
    for group in groups:
        if group.kind == SIZE and len(subset) != rules.size:
            return False
        if group.kind == BUDGET and sum(c.cost_cents for c in subset) > rules.budget_cents:
            return False
        if group.kind == COUNTRY and any(
            n > (rules.max_per_country or 0) for n in Counter(c.country for c in subset).values()
        ):
            return False
        if (
            group.kind == REGION
            and sum(c.region == group.key for c in subset) < rules.min_per_region[group.key]
        ):
            return False
        if (
            group.kind == FOCUS
            and sum(group.key in c.focus_areas for c in subset) < rules.min_per_focus[group.key]
        ):
            return False
        if group.kind == PINNED and not rules.pinned <= ids:
            return False
        if group.kind == EXCLUDED and rules.excluded & ids:
            return False
    return True


def _feasible_sets(candidates: list[Candidate], rules: Rules, groups: set[Group]):
    for size in range(len(candidates) + 1):
        for subset in itertools.combinations(candidates, size):
            if _holds(list(subset), rules, groups):
                yield subset


@st.composite
def cases(draw):
    n = draw(st.integers(min_value=0, max_value=9))
    candidates = [
        Candidate(
            id=i + 1,
            score=draw(st.floats(min_value=-3, max_value=3, allow_nan=False).map(lambda x: round(x, 3))),
            cost_cents=draw(st.integers(min_value=1, max_value=10)) * 100_00,
            country=(country := draw(st.sampled_from(COUNTRIES))),
            region=region_of(country),
            focus_areas=frozenset(draw(st.sets(st.sampled_from(AREAS), max_size=2))),
        )
        for i in range(n)
    ]
    ids = [c.id for c in candidates]
    pinned = draw(st.sets(st.sampled_from(ids), max_size=2)) if ids else set()
    excluded = draw(st.sets(st.sampled_from(ids), max_size=2)) if ids else set()  # may overlap pinned
    rules = Rules(
        size=draw(st.integers(min_value=1, max_value=max(n, 1))),
        budget_cents=draw(st.integers(min_value=0, max_value=40)) * 100_00,
        max_per_country=draw(st.none() | st.integers(min_value=1, max_value=3)),
        min_per_region=draw(
            st.dictionaries(st.sampled_from(["europe", "africa"]), st.integers(0, 3), max_size=2)
        ),
        min_per_focus=draw(st.dictionaries(st.sampled_from(AREAS), st.integers(0, 3), max_size=2)),
        pinned=frozenset(pinned),
        excluded=frozenset(excluded),
    )
    return candidates, rules


@settings(max_examples=300, deadline=None)
@given(cases())
def test_the_solver_total_equals_brute_force_and_conflicts_are_minimal(case):
    candidates, rules = case
    groups = set(groups_of(rules))
    best = max((sum(c.score for c in s) for s in _feasible_sets(candidates, rules, groups)), default=None)
    solution = solve(candidates, rules)
    if best is None:
        assert not solution.feasible
        core = set(solution.conflicts)
        # The named rules conflict on their own, and dropping any one of them leaves a slate.
        assert next(_feasible_sets(candidates, rules, core), None) is None
        for group in core:
            assert next(_feasible_sets(candidates, rules, core - {group}), None) is not None
    else:
        assert solution.feasible
        chosen = [c for c in candidates if c.id in solution.chosen]
        assert _holds(chosen, rules, groups)
        assert solution.total == pytest.approx(best, abs=1e-6)


def _scaled(n: int, seed: int = 7) -> list[Candidate]:
    rng = random.Random(seed)
    codes = SCALE_COUNTRIES  # the 2018 program's 46, a few large first
    areas = [f"area{i}" for i in range(10)]
    return [
        Candidate(
            id=i + 1,
            score=round(rng.gauss(0, 1), 4),
            cost_cents=50_000_00,
            country=(country := rng.choice(codes[: 6 if i % 3 else 46])),  # a few countries dominate
            region=region_of(country),
            focus_areas=frozenset({areas[0] if i % 2 else rng.choice(areas)}),  # one area dominates
        )
        for i in range(n)
    ]


def test_at_most_3_per_country_at_least_10_per_focus_area_is_feasible_and_optimal():
    candidates = sorted(_scaled(1_500), key=lambda c: -c.score)
    areas = sorted({a for c in candidates for a in c.focus_areas})
    rules = Rules(
        size=100,
        budget_cents=100 * 50_000_00,
        max_per_country=3,
        min_per_focus=dict.fromkeys(areas, 10),
    )
    plain = top_by_rank(candidates, rules)
    assert max(Counter(c.country for c in candidates if c.id in plain).values()) > 3  # the rules bite
    solution = solve(candidates, rules)
    assert solution.feasible
    chosen = [c for c in candidates if c.id in solution.chosen]
    assert len(chosen) == 100
    assert max(Counter(c.country for c in chosen).values()) <= 3
    assert all(sum(a in c.focus_areas for c in chosen) >= 10 for a in areas)
    # Optimal: no swap of one chosen candidate for one left out keeps the rules and scores more.
    by_country = Counter(c.country for c in chosen)
    by_area = Counter(a for c in chosen for a in c.focus_areas)
    chosen_ids = set(solution.chosen)
    for out in chosen:
        for inn in candidates:
            if inn.id in chosen_ids or inn.score <= out.score + 1e-9:
                continue
            country_ok = inn.country == out.country or by_country[inn.country] < 3
            areas_ok = all(by_area[a] - 1 >= 10 for a in out.focus_areas - inn.focus_areas)
            assert not (country_ok and areas_ok), (out, inn)
    assert solution.total == pytest.approx(sum(c.score for c in chosen))


def _rows(candidates: list[Candidate]) -> list[CandidateRow]:
    return [
        CandidateRow(
            rank=i + 1,
            title=f"Initiative {c.id}",
            community_name=f"Community {c.id}",
            status="in_review",
            amount=Decimal(c.cost_cents) / 100,
            candidate=c,
        )
        for i, c in enumerate(candidates)
    ]


def test_an_impossible_minimum_names_the_region_and_its_candidates():
    candidates = _scaled(200)
    oceania = [c for c in candidates if c.region == "oceania"]
    assert 0 < len(oceania) < 10
    rules = Rules(size=20, budget_cents=20 * 50_000_00, max_per_country=3, min_per_region={"oceania": 10})
    solution = solve(candidates, rules)
    assert solution.conflicts == (Group(REGION, "oceania"),)
    messages = conflict_messages(solution.conflicts, _rows(candidates), rules, "USD")
    assert messages == [f"At least 10 in Oceania, but only {len(oceania)} candidates are in Oceania."]


def test_a_budget_that_cannot_fund_the_pinned_applications_says_so():
    candidates = _scaled(30)
    pinned = frozenset(c.id for c in candidates[:3])
    rules = Rules(size=5, budget_cents=120_000_00, pinned=pinned, max_per_country=5)
    solution = solve(candidates, rules)
    assert set(solution.conflicts) == {Group(BUDGET), Group(PINNED)}
    (message,) = conflict_messages(solution.conflicts, _rows(candidates), rules, "USD")
    assert message.startswith(
        "The budget left, $120,000, cannot fund the pinned applications (#1 Initiative 1"
    )
    assert message.endswith("$150,000 together).")


def test_a_country_cap_too_tight_for_the_award_count_names_both():
    candidates = [c for c in _scaled(300) if c.country in {"KE", "FR"}]
    rules = Rules(size=5, budget_cents=10**12, max_per_country=2)
    solution = solve(candidates, rules)
    assert set(solution.conflicts) == {Group(SIZE), Group(COUNTRY)}
    messages = conflict_messages(solution.conflicts, _rows(candidates), rules, "USD")
    assert "The slate fills 5 awards" in messages[0]
    assert messages[1] == "At most 2 per country, and the candidates come from 2 countries: at most 4 awards."


def test_the_plain_list_walks_the_ranking_within_count_and_budget():
    a, b, c, d = (
        Candidate(id=i, score=5 - i, cost_cents=cost, country="FR", region="europe")
        for i, cost in ((1, 60), (2, 50), (3, 30), (4, 10))
    )
    assert top_by_rank([a, b, c, d], Rules(size=2, budget_cents=100)) == (1, 3)


def test_every_country_has_a_region_but_antarctica():
    missing = [code for code in countries.countries if region_of(code) is None]
    assert missing == ["AQ"]
    assert [region_of(c) for c in ("FR", "KE", "BR", "IN", "AU", "fr")] == [
        "europe",
        "africa",
        "americas",
        "asia",
        "oceania",
        "europe",
    ]


def test_the_bench_scenario_has_the_2018_shape_and_solves():
    from bench.slate import scenario

    candidates, rules = scenario()
    assert len(candidates) == 6_000
    assert len({c.country for c in candidates}) == 46
    assert len({a for c in candidates for a in c.focus_areas}) == 10
    solution = solve(candidates, rules)
    assert solution.feasible and len(solution.chosen) == 115


def test_a_minimum_the_country_cap_starves_is_said_with_what_the_cap_allows():
    candidates = _scaled(400)
    australians = sum(c.country == "AU" for c in candidates)
    assert australians > 3 and all(c.country == "AU" for c in candidates if c.region == "oceania")
    rules = Rules(size=20, budget_cents=10**12, max_per_country=3, min_per_region={"oceania": 4})
    solution = solve(candidates, rules)
    assert set(solution.conflicts) == {Group(COUNTRY), Group(REGION, "oceania")}
    assert conflict_messages(solution.conflicts, _rows(candidates), rules, "USD") == [
        "At least 4 in Oceania, but its candidates come from 1 country and at most 3 per country are "
        "allowed: at most 3 in Oceania."
    ]
