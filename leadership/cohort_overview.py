"""Extra per-member columns on the staff cohort overview, filled by apps above leadership.

leadership imports no other app, yet the overview should show, say, each resident's budget
proposal, which lives in grants. So grants registers a column from its AppConfig.ready():

    register_member_column(key="budget_proposal", label=_("Budget proposal"), values=budget_states)

where ``budget_states(cohort, user_ids)`` returns ``{user_id: "Submitted"}`` in a constant
number of queries (the cohort's key, e.g. "residency:3", names the round).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

ColumnValues = Callable[[Any, Sequence[int]], Mapping[int, str]]


@dataclass(frozen=True)
class MemberColumn:
    key: str
    label: Any  # a lazy translation
    values: ColumnValues


_COLUMNS: dict[str, MemberColumn] = {}


def register_member_column(*, key: str, label, values: ColumnValues) -> None:
    """Add (or replace) a column of the cohort overview; idempotent, so ready() may run twice."""
    _COLUMNS[key] = MemberColumn(key=key, label=label, values=values)


def member_columns() -> list[MemberColumn]:
    return list(_COLUMNS.values())


def column_cells(cohort, user_ids: Sequence[int]) -> tuple[list[Any], dict[int, list[str]]]:
    """The registered columns' labels, and for each user id its cells in the same order."""
    columns = member_columns()
    values = [column.values(cohort, user_ids) for column in columns]
    cells = {uid: [str(v.get(uid, "—")) for v in values] for uid in user_ids}
    return [column.label for column in columns], cells
