"""`{% load amounts %}{{ amount|money:program.currency }}`: amounts written for people.

`$1,000,000` in English, `1 000 000 $` in French; cents only when there are some.
"""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils import formats, translation

register = template.Library()

SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}


def format_money(amount: Decimal | int | None, currency: str = "USD") -> str:
    if amount is None or amount == "":
        return ""
    amount = Decimal(amount)
    places = 0 if amount == amount.to_integral_value() else 2
    number = formats.number_format(amount, places, use_l10n=True, force_grouping=True)
    code = (currency or "USD").upper()
    symbol = SYMBOLS.get(code, code)
    if (translation.get_language() or "en").startswith("en"):
        return f"{symbol}{number}" if len(symbol) == 1 else f"{symbol}\u00a0{number}"
    return f"{number}\u00a0{symbol}"


@register.filter
def money(amount, currency: str = "USD") -> str:
    return format_money(amount, currency)
