"""The program's eligibility rules, asked before the form and stored with the application."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Rule:
    key: str
    question: Promise
    refusal: Promise


RULES: tuple[Rule, ...] = (
    Rule(
        "adult",
        _("I am 18 or older, or of the age of majority where I live."),
        _("Applicants must be adults: 18 or older, or of the local age of majority if it is higher."),
    ),
    Rule(
        "runs_community",
        _(
            "I am an admin of an online community on one of the supported platforms (Facebook Groups, WhatsApp, Instagram, Messenger)."
        ),
        _("The program funds people who build and run a community on one of the supported platforms."),
    ),
    Rule(
        "payable",
        _("I live in a country where the program can make payments."),
        _(
            "Grants can only be paid where the program is allowed to make payments; we cannot accept applications from elsewhere."
        ),
    ),
    Rule(
        "not_political",
        _("My community does not exist for political campaigning, lobbying or proselytising."),
        _("Communities whose purpose is political campaigning, lobbying or proselytising are not eligible."),
    ),
)


def failed_rules(answers: dict[str, bool]) -> list[Rule]:
    return [rule for rule in RULES if answers.get(rule.key) is not True]
