"""Admin columns that show an amount as people write money: `$650,000`, `650 000 $`.

`amount_display = money_column("amount", _("amount"), currency_from="program")` in a ModelAdmin
or inline; list it (and, on change pages, make it read-only) instead of the raw field.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import reduce
from typing import Any

from django.contrib import admin
from django.utils.functional import Promise

from .money import format_money


def _follow(obj: Any, path: str) -> Any:
    return reduce(lambda value, name: getattr(value, name, None), path.split("."), obj) if path else obj


def money_column(
    field: str, description: str | Promise, *, currency_from: str, ordering: str | None = None
) -> Callable[[Any, Any], str]:
    """A column showing obj.<field> in the currency of obj.<currency_from> (a Program, by a dotted path)."""

    @admin.display(description=description, ordering=ordering or field)
    def column(model_admin: Any, obj: Any) -> str:
        amount: Decimal | None = getattr(obj, field)
        program = _follow(obj, currency_from)
        return format_money(amount, getattr(program, "currency", "USD"), always_cents=False)

    column.__name__ = f"{field}_display"
    return column
