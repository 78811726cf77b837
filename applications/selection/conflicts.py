"""Conflicting slate rules, said in words a program manager can act on."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leadership.models import FocusAreaCode
from programs.money import format_money

from .candidates import CENTS, CandidateRow
from .regions import Region
from .solver import BUDGET, COUNTRY, EXCLUDED, FOCUS, PINNED, REGION, SIZE, Group, Rules


def conflict_messages(
    groups: Sequence[Group], rows: Sequence[CandidateRow], rules: Rules, currency: str
) -> list[str]:
    """One sentence per conflict: a known pair said together, then each remaining rule with its facts."""
    kinds = {g.kind for g in groups}
    left = list(groups)
    messages = []
    pinned = [r for r in rows if r.id in rules.pinned]
    if {BUDGET, PINNED} <= kinds:
        cost = sum((r.amount for r in pinned), Decimal(0))
        messages.append(
            _(
                "The budget left, %(budget)s, cannot fund the pinned applications (%(names)s: %(cost)s together)."
            )
            % {
                "budget": _money(rules.budget_cents, currency),
                "names": _names(pinned),
                "cost": format_money(cost, currency),
            }
        )
        left = [g for g in left if g.kind not in (BUDGET, PINNED)]
    if {SIZE, PINNED} <= kinds and len(pinned) > rules.size:
        messages.append(
            ngettext(
                "The slate has %(size)d award, but %(n)d applications are pinned.",
                "The slate has %(size)d awards, but %(n)d applications are pinned.",
                rules.size,
            )
            % {"size": rules.size, "n": len(pinned)}
        )
        left = [g for g in left if g.kind not in (SIZE, PINNED)]
    minimums = [g for g in left if g.kind in (REGION, FOCUS)]
    if COUNTRY in kinds and minimums:
        # A minimum that the cap per country starves: said together, with the reachable count.
        messages += [_capped_minimum(g, rows, rules) for g in minimums]
        left = [g for g in left if g.kind != COUNTRY and g not in minimums]
    messages += [_describe(g, rows, rules, currency) for g in left]
    return messages


def _capped_minimum(group: Group, rows: Sequence[CandidateRow], rules: Rules) -> str:
    members = [r for r in rows if r.id not in rules.excluded and _in_group(r, group)]
    per_country = Counter(r.candidate.country for r in members)
    cap = rules.max_per_country or 0
    most = sum(min(cap, n) for n in per_country.values())
    least = (rules.min_per_region if group.kind == REGION else rules.min_per_focus).get(group.key, 0)
    return ngettext(
        "At least %(least)d in %(label)s, but its candidates come from %(n)d country and at most %(cap)d "
        "per country are allowed: at most %(most)d in %(label)s.",
        "At least %(least)d in %(label)s, but its candidates come from %(n)d countries and at most %(cap)d "
        "per country are allowed: at most %(most)d in %(label)s.",
        len(per_country),
    ) % {"least": least, "label": _label(group), "n": len(per_country), "cap": cap, "most": most}


def _in_group(row: CandidateRow, group: Group) -> bool:
    if group.kind == REGION:
        return row.candidate.region == group.key
    return group.key in row.candidate.focus_areas


def _label(group: Group) -> str:
    return _region_label(group.key) if group.kind == REGION else _focus_label(group.key)


def _describe(group: Group, rows: Sequence[CandidateRow], rules: Rules, currency: str) -> str:
    available = [r for r in rows if r.id not in rules.excluded]
    if group.kind == SIZE:
        return ngettext(
            "The slate fills %(size)d award (%(n)d candidates are not excluded).",
            "The slate fills %(size)d awards (%(n)d candidates are not excluded).",
            rules.size,
        ) % {"size": rules.size, "n": len(available)}
    if group.kind == BUDGET:
        cheapest = sorted(r.amount for r in available)[: rules.size]
        return _("The budget left is %(budget)s; the %(size)d cheapest candidates alone cost %(cost)s.") % {
            "budget": _money(rules.budget_cents, currency),
            "size": len(cheapest),
            "cost": format_money(sum(cheapest, Decimal(0)), currency),
        }
    if group.kind == COUNTRY:
        countries = len({r.candidate.country for r in available})
        cap = rules.max_per_country or 0
        return ngettext(
            "At most %(cap)d per country, and the candidates come from %(n)d country: at most %(most)d awards.",
            "At most %(cap)d per country, and the candidates come from %(n)d countries: at most %(most)d awards.",
            countries,
        ) % {"cap": cap, "n": countries, "most": cap * countries}
    if group.kind == REGION:
        least = rules.min_per_region.get(group.key, 0)
        there = sum(1 for r in available if r.candidate.region == group.key)
        return _at_least(least, _region_label(group.key), there)
    if group.kind == FOCUS:
        least = rules.min_per_focus.get(group.key, 0)
        there = sum(1 for r in available if group.key in r.candidate.focus_areas)
        return _at_least(least, _focus_label(group.key), there)
    if group.kind == PINNED:
        return _("Pinned: %(names)s.") % {"names": _names([r for r in rows if r.id in rules.pinned])}
    if group.kind == EXCLUDED:
        return _("Excluded: %(names)s.") % {"names": _names([r for r in rows if r.id in rules.excluded])}
    return group.kind


def _at_least(least: int, label: str, there: int) -> str:
    return (
        ngettext(
            "At least %(least)d in %(label)s, but only %(n)d candidate is in %(label)s.",
            "At least %(least)d in %(label)s, but only %(n)d candidates are in %(label)s.",
            there,
        )
        % {"least": least, "label": label, "n": there}
        if there < least
        else _("At least %(least)d in %(label)s.") % {"least": least, "label": label}
    )


def _names(rows: Sequence[CandidateRow]) -> str:
    return ", ".join(f"#{r.id} {r.title}" for r in rows)


def _money(value_cents: int, currency: str) -> str:
    return format_money(Decimal(value_cents) / CENTS, currency)


def _region_label(key: str) -> str:
    return str(Region(key).label) if key in Region.values else key


def _focus_label(key: str) -> str:
    return str(FocusAreaCode(key).label) if key in FocusAreaCode.values else key
