"""Money arithmetic for awards: splitting into tranches and showing amounts in messages."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_DOWN, Decimal

CENT = Decimal("0.01")


def money_display(amount: Decimal, currency: str = "USD") -> str:
    text = f"{Decimal(amount).quantize(CENT):,.2f}"
    return f"${text}" if currency == "USD" else f"{text} {currency}"


def split_amount(amount: Decimal, weights: Sequence[Decimal | int]) -> list[Decimal]:
    """Split an amount by weights into cents; the last part takes the rounding so the sum is exact."""
    total_weight = sum(Decimal(w) for w in weights)
    parts = [(amount * Decimal(w) / total_weight).quantize(CENT, rounding=ROUND_DOWN) for w in weights[:-1]]
    parts.append(amount - sum(parts, Decimal("0")))
    return parts


def cents(value: Decimal | None) -> Decimal:
    """A sum from the database, to the cent (SQLite returns computed sums with float noise digits)."""
    return Decimal(value or 0).quantize(CENT)
