"""`{% load amounts %}{{ amount|money:program.currency }}`: amounts written for people."""

from __future__ import annotations

from django import template

from programs.money import format_money

register = template.Library()


@register.filter
def money(amount, currency: str = "USD") -> str:
    return format_money(amount, currency)
