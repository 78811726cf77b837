"""The applications of a round with their review scores and rank (from applications.ranking)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django_countries import countries

from applications.models import Application
from applications.ranking import round_ranking
from programs.models import Round

from .blind import blind_header, blind_rows, is_blind


def _round(filters: Mapping[str, Any]) -> Round:
    return Round.objects.select_related("program").get(pk=filters["round"])


def count(filters: Mapping[str, Any]) -> int:
    return round_ranking(_round(filters), limit=1).total


# Columns a blind export leaves out: the initiative's title and the community's name.
PERSONAL_COLUMNS = frozenset({2, 3})
ID_COLUMN = 1


def header(filters: Mapping[str, Any] | None = None) -> list[str]:
    columns = [
        _("Rank"),
        _("Application"),
        _("Initiative"),
        _("Community"),
        _("Country"),
        _("Status"),
        _("Amount requested"),
        _("Reviews"),
        _("Raw mean"),
        _("Spread"),
        _("Lowest"),
        _("Highest"),
        _("Normalised score"),
        _("Reviewers disagree"),
    ]
    if is_blind(filters):
        return blind_header(columns, drop=PERSONAL_COLUMNS, id_column=ID_COLUMN)
    return columns


def _score(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def rows(filters: Mapping[str, Any]) -> Iterator[list[Any]]:
    """The whole ranking in one query (it is computed once, not once per page) and the amounts in one more."""
    if is_blind(filters):
        return blind_rows(_rows(filters), drop=PERSONAL_COLUMNS, id_column=ID_COLUMN, kind="application")
    return _rows(filters)


def _rows(filters: Mapping[str, Any]) -> Iterator[list[Any]]:
    round_ = _round(filters)
    ranking = round_ranking(round_).rows
    requested = dict(Application.objects.filter(round=round_).values_list("pk", "amount_requested"))
    for row in ranking:
        yield [
            row.rank,
            row.application_id,
            row.title,
            row.community_name,
            countries.name(row.country) or row.country,
            row.status_label,
            requested.get(row.application_id),
            row.review_count,
            _score(row.raw_mean),
            _score(row.spread),
            _score(row.low),
            _score(row.high),
            _score(row.normalised),
            row.disagreement,
        ]
