"""A program's caps: what it has committed, and the checks every award change runs against them.

Every service that can raise what a program has committed locks the program row first
(`select_for_update` inside `transaction.atomic`), then reads the totals: two staff awarding
the last slot at the same moment queue on that lock and the second sees the first's award.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from ..models import Award, AwardStatus, Tranche
from ..models.catalogue import Program
from ..money import money_display
from .refusals import AwardRefused, CapExceeded

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


def program_usage(program: Program) -> ProgramUsage:
    """Live awards count in full; a cancelled award still holds what was paid before the cancellation."""
    live = Award.objects.filter(program=program).live().aggregate(n=Count("id"), total=Sum("amount"))
    spent_by_cancelled = (
        Tranche.objects.paid()
        .filter(award__program=program, award__status=AwardStatus.CANCELLED)
        .aggregate(total=Sum("amount"))["total"]
        or ZERO
    )
    return ProgramUsage(live_awards=live["n"], committed=(live["total"] or ZERO) + spent_by_cancelled)


def _lock_program(program_id: int) -> Program:
    # The one lock every cap check takes; it serialises awarding within a program.
    return Program.objects.select_for_update().get(pk=program_id)


def _check_fixed_amount(program: Program, amount: Decimal) -> None:
    """A program that pays one fixed amount refuses any other, on making and on amending."""
    if program.amount_is_fixed and amount != program.max_amount:
        raise AwardRefused(
            {
                "amount": [
                    _("%(program)s awards are fixed at %(amount)s.")
                    % {"program": program.name, "amount": money_display(program.max_amount, program.currency)}
                ]
            }
        )


def _check_amount(program: Program, amount: Decimal) -> None:
    if amount <= 0:
        raise AwardRefused({"amount": [_("An award must be more than zero.")]})
    if amount != amount.quantize(Decimal("0.01")):
        raise AwardRefused({"amount": [_("Give the amount in whole cents.")]})
    if amount > program.max_amount:
        raise CapExceeded(
            {
                "amount": [
                    _("%(program)s awards are at most %(cap)s each (maximum amount per award).")
                    % {"program": program.name, "cap": money_display(program.max_amount, program.currency)}
                ]
            }
        )


def _check_budget(program: Program, usage: ProgramUsage, *, extra: Decimal) -> None:
    if usage.committed + extra > program.total_budget:
        raise CapExceeded(
            _(
                "This would take %(program)s to %(total)s, over its total budget of %(budget)s "
                "(%(left)s left)."
            )
            % {
                "program": program.name,
                "total": money_display(usage.committed + extra, program.currency),
                "budget": money_display(program.total_budget, program.currency),
                "left": money_display(max(ZERO, usage.money_left(program)), program.currency),
            }
        )
