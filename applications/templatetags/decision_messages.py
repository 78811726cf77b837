"""The decision message an applicant reads at release, in the language the email is rendered in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template

from programs.money import format_money

from ..models import Application

register = template.Library()


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    body: str


def placeholder_values(application: Application, recipient: Any) -> dict[str, str]:
    name = ""
    if recipient is not None:
        name = recipient.get_full_name() or recipient.get_short_name()
    return {
        "applicant_name": name,
        "community": application.community.name,
        "round": str(application.round),
        "amount": format_money(application.amount_requested, application.round.program.currency),
        "title": str(application),
    }


@register.simple_tag
def decision_message(application: Application, recipient: Any = None) -> RenderedMessage | None:
    """`{% decision_message application recipient as message %}`: the chosen template, filled in."""
    chosen = application.decision_message
    if chosen is None:
        return None
    values = placeholder_values(application, recipient)
    return RenderedMessage(subject=chosen.subject_for(values), body=chosen.body_for(values))
