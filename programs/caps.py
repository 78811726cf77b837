"""A program's caps: the per-award maximum, and what the program has committed.

The per-award maximum is a rule of the catalogue alone, so it is written here once and every
caller (the application form and its submit check, the award and budget services) asks it.

What a program has committed is counted from its awards, which live in `grants`, an app
programs may not import. grants installs the count from its AppConfig.ready()::

    usage_counter_install(program_usage)

and the catalogue (the program admin's "cannot cut below what is committed") reads it through
`program_usage` here. Until grants installs it nothing is committed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from .models import Program
from .money import money_display

ZERO = Decimal("0")


@dataclass(frozen=True)
class ProgramUsage:
    """What a program has committed: live awards and money no longer free."""

    live_awards: int
    committed: Decimal

    def slots_left(self, program: Program) -> int:
        return max(0, program.max_awards - self.live_awards)

    def money_left(self, program: Program) -> Decimal:
        return program.total_budget - self.committed


UsageCounter = Callable[[Program], ProgramUsage]
_counter: list[UsageCounter] = []


def usage_counter_install(counter: UsageCounter) -> None:
    """Install the one count of committed money (grants does it); idempotent, so ready() may run twice."""
    _counter[:] = [counter]


def program_usage(program: Program) -> ProgramUsage:
    """Live awards and committed money, as the installed counter (grants.services.caps) counts them."""
    if not _counter:
        return ProgramUsage(live_awards=0, committed=ZERO)
    return _counter[0](program)


def over_award_maximum(program: Program, amount: Decimal) -> bool:
    """The per-award maximum: no award, request or budget of one award goes over it."""
    return amount > program.max_amount


def off_fixed_amount(program: Program, amount: Decimal) -> bool:
    """A program that pays one fixed amount allows no other."""
    return program.amount_is_fixed and amount != program.max_amount


def award_maximum_message(program: Program) -> str:
    return _("%(program)s awards are at most %(cap)s each (maximum amount per award).") % {
        "program": program.localized_name,
        "cap": money_display(program.max_amount, program.currency),
    }


def fixed_amount_message(program: Program) -> str:
    return _("%(program)s awards are fixed at %(amount)s.") % {
        "program": program.localized_name,
        "amount": money_display(program.max_amount, program.currency),
    }
