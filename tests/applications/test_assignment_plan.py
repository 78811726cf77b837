"""The assignment planner on random rounds (hypothesis), without the database."""

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from applications.assignment import plan_assignments


@st.composite
def rounds(draw):
    n_apps = draw(st.integers(min_value=0, max_value=25))
    n_reviewers = draw(st.integers(min_value=1, max_value=9))
    per_application = draw(st.integers(min_value=1, max_value=4))
    areas = st.frozensets(st.integers(min_value=1, max_value=6), max_size=3)
    applications = {100 + a: draw(areas) for a in range(n_apps)}
    reviewers = {r: draw(areas) for r in range(1, n_reviewers + 1)}
    pairs = [(r, a) for r in reviewers for a in applications]
    forbidden = draw(st.sets(st.sampled_from(pairs), max_size=len(pairs) // 4)) if pairs else set()
    return applications, reviewers, per_application, forbidden


@settings(max_examples=60, deadline=None)
@given(rounds(), st.integers(min_value=0, max_value=1000))
def test_random_rounds_are_covered_fairly_without_conflicts_or_duplicates(round_, seed):
    applications, reviewers, per_application, forbidden = round_
    plan = plan_assignments(
        applications=applications,
        reviewers=reviewers,
        per_application=per_application,
        forbidden=forbidden,
        seed=seed,
    )
    # Never a conflict, never a duplicate.
    assert not set(plan.new) & set(forbidden)
    assert len(plan.new) == len(set(plan.new))
    per_app = Counter(app for _rev, app in plan.new)
    for app in applications:
        eligible = sum(1 for rev in reviewers if (rev, app) not in forbidden)
        # Every application covered when enough reviewers exist; never more than asked.
        assert per_app[app] == min(per_application, eligible)
        assert plan.uncovered.get(app, 0) == per_application - per_app[app]
    loads = Counter(rev for rev, _app in plan.new)
    assert plan.loads == {rev: loads[rev] for rev in reviewers}
    if not forbidden:
        assert max(plan.loads.values()) - min(plan.loads.values()) <= 1


@settings(max_examples=40, deadline=None)
@given(
    st.integers(min_value=1, max_value=30),
    st.integers(min_value=2, max_value=8),
    st.integers(min_value=1, max_value=3),
    st.lists(st.tuples(st.integers(1, 8), st.integers(0, 29)), max_size=8),
    st.integers(0, 1000),
)
def test_load_spread_is_at_most_one_with_sparse_conflicts(
    n_apps, n_reviewers, per_application, conflicts, seed
):
    """Conflicts at most one per reviewer and per application always leave a balanced plan possible."""
    per_application = min(per_application, n_reviewers - 1)
    applications = {a: frozenset() for a in range(n_apps)}
    reviewers = {r: frozenset() for r in range(1, n_reviewers + 1)}
    forbidden, used_reviewers, used_apps = set(), set(), set()
    for r, a in conflicts:
        if r in reviewers and a in applications and r not in used_reviewers and a not in used_apps:
            forbidden.add((r, a))
            used_reviewers.add(r)
            used_apps.add(a)
    plan = plan_assignments(
        applications=applications,
        reviewers=reviewers,
        per_application=per_application,
        forbidden=forbidden,
        seed=seed,
    )
    assert not plan.uncovered
    assert not set(plan.new) & forbidden
    assert max(plan.loads.values()) - min(plan.loads.values()) <= 1


@settings(max_examples=30, deadline=None)
@given(rounds(), st.integers(0, 1000))
def test_rerunning_tops_up_and_never_duplicates(round_, seed):
    applications, reviewers, per_application, forbidden = round_
    first = plan_assignments(
        applications=applications,
        reviewers=reviewers,
        per_application=per_application,
        forbidden=forbidden,
        seed=seed,
    )
    again = plan_assignments(
        applications=applications,
        reviewers=reviewers,
        per_application=per_application,
        forbidden=forbidden,
        existing=first.new,
        seed=seed,
    )
    assert again.new == []
    # One reviewer released (a declared conflict): the top-up replaces exactly those slots.
    if first.new:
        released = first.new[0]
        kept = [p for p in first.new if p != released]
        top_up = plan_assignments(
            applications=applications,
            reviewers=reviewers,
            per_application=per_application,
            forbidden={*forbidden, released},
            existing=kept,
            seed=seed,
        )
        assert released not in top_up.new
        assert not set(top_up.new) & set(kept)
        assert len(top_up.new) <= 1


def test_expertise_is_preferred_when_loads_are_equal():
    plan = plan_assignments(
        applications={1: {7}, 2: {8}},
        reviewers={10: {8}, 11: {7}},
        per_application=1,
    )
    assert sorted(plan.new) == [(10, 2), (11, 1)]


def test_heavy_conflicts_are_rebalanced_along_a_chain():
    # Reviewer 3 may only review application 1; the plan must leave application 1 to them.
    applications = {1: set(), 2: set(), 3: set(), 4: set()}
    reviewers = {1: set(), 2: set(), 3: set()}
    forbidden = {(3, 2), (3, 3), (3, 4)}
    plan = plan_assignments(
        applications=applications, reviewers=reviewers, per_application=1, forbidden=forbidden
    )
    assert (3, 1) in plan.new
    assert max(plan.loads.values()) - min(plan.loads.values()) <= 1
