"""Blind exports for outside evaluators: the same tables without the columns that name people.

A blind export drops names, emails, community names and free text about people, and shows a
stable pseudonym (leadership.pseudonyms) instead of each row's id. Money, scores, statuses,
countries and focus areas stay: they are what an evaluator weighs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _

from leadership.pseudonyms import pseudonym


def is_blind(filters: Mapping[str, Any] | None) -> bool:
    return bool(filters and filters.get("blind"))


def blind_header(header: Sequence[str], *, drop: frozenset[int], id_column: int) -> list[str]:
    columns = list(header)
    columns[id_column] = _("Pseudonymous ID")
    return [c for i, c in enumerate(columns) if i not in drop]


def blind_rows(
    rows: Iterable[Sequence[Any]], *, drop: frozenset[int], id_column: int, kind: str
) -> Iterator[list[Any]]:
    for row in rows:
        cells = list(row)
        cells[id_column] = pseudonym(kind, cells[id_column])
        yield [c for i, c in enumerate(cells) if i not in drop]
