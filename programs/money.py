"""Money arithmetic for awards: splitting into tranches and showing amounts in messages."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_DOWN, Decimal

from django.utils import formats, translation

CENT = Decimal("0.01")
SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}


def format_money(amount: Decimal | int | None, currency: str = "USD", *, always_cents: bool = False) -> str:
    """`$1,000,000` in English, `1 000 000 $` in French; cents when there are some (or always)."""
    if amount is None or amount == "":
        return ""
    amount = Decimal(amount)
    places = 2 if always_cents or amount != amount.to_integral_value() else 0
    number = formats.number_format(amount, places, use_l10n=True, force_grouping=True)
    code = (currency or "USD").upper()
    symbol = SYMBOLS.get(code, code)
    if (translation.get_language() or "en").startswith("en"):
        return f"{symbol}{number}" if len(symbol) == 1 else f"{symbol}\u00a0{number}"
    return f"{number}\u00a0{symbol}"


def money_display(amount: Decimal, currency: str = "USD") -> str:
    """An amount to the cent, for messages about caps and budgets."""
    return format_money(amount, currency, always_cents=True)


def split_amount(amount: Decimal, weights: Sequence[Decimal | int]) -> list[Decimal]:
    """Split an amount by weights into cents; the last part takes the rounding so the sum is exact."""
    total_weight = sum(Decimal(w) for w in weights)
    parts = [(amount * Decimal(w) / total_weight).quantize(CENT, rounding=ROUND_DOWN) for w in weights[:-1]]
    parts.append(amount - sum(parts, Decimal("0")))
    return parts


def cents(value: Decimal | None) -> Decimal:
    """A sum from the database, to the cent (SQLite returns computed sums with float noise digits)."""
    return Decimal(value or 0).quantize(CENT)
