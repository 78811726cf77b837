"""Changing an award's amount after the offer, within the same caps and under the same lock."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from leadership.roles import is_program_staff
from programs.money import money_display, split_amount

from ..models import Award, AwardAmendment, BudgetProposalVersion, Tranche
from .caps import (
    ZERO,
    _check_amount,
    _check_budget,
    _check_fixed_amount,
    _lock_program,
    caps_held_by_database,
    program_usage,
)
from .recipients import _notify_grantees
from .refusals import AwardRefused

if TYPE_CHECKING:
    from leadership.models import User


def _rebalance_tranches(award: Award, *, paid: Decimal) -> None:
    """Spread what is left to pay over the unpaid tranches in their current proportions."""
    unpaid = list(award.tranches.unpaid().order_by("number"))
    left = award.amount - paid
    if left == 0:
        award.tranches.unpaid().delete()
        return
    if not unpaid:
        last = award.tranches.order_by("-number").first()
        Tranche.objects.create(
            award=award,
            number=(last.number + 1) if last else 1,
            amount=left,
            due_date=timezone.localdate() + timedelta(days=30),
        )
        return
    for tranche, amount in zip(unpaid, split_amount(left, [t.amount for t in unpaid]), strict=True):
        tranche.amount = amount
    Tranche.objects.bulk_update(unpaid, ["amount"])


def award_amend(
    *,
    award: Award,
    by: User,
    amount: Decimal,
    reason: str,
    budget_version: BudgetProposalVersion | None = None,
) -> AwardAmendment:
    """Change an award's amount within the same caps, under the same lock; the change is recorded."""
    if not is_program_staff(by):
        raise AwardRefused(_("Only staff can amend awards."))
    if not reason.strip():
        raise AwardRefused(
            {"reason": [_("Give the reason for the change; it is kept in the award's history.")]}
        )
    with transaction.atomic():
        program = _lock_program(award.program_id)
        locked = Award.objects.select_for_update().get(pk=award.pk)
        if not locked.can_amend:
            raise AwardRefused(
                _("An award that is %(status)s cannot be amended.")
                % {"status": locked.get_status_display().lower()}
            )
        _check_fixed_amount(program, amount)
        if amount == locked.amount:
            raise AwardRefused(
                {
                    "amount": [
                        _("The award is already %(amount)s.")
                        % {"amount": money_display(amount, program.currency)}
                    ]
                }
            )
        _check_amount(program, amount)
        paid = locked.tranches.paid().aggregate(total=Sum("amount"))["total"] or ZERO
        if amount < paid:
            raise AwardRefused(
                {
                    "amount": [
                        _("%(paid)s has already been paid; the award cannot be less.")
                        % {"paid": money_display(paid, program.currency)}
                    ]
                }
            )
        _check_budget(program, program_usage(program), extra=amount - locked.amount)
        amendment = AwardAmendment.objects.create(
            award=locked,
            old_amount=locked.amount,
            new_amount=amount,
            reason=reason,
            by=by,
            budget_version=budget_version,
        )
        extra = amount - locked.amount
        locked.amount = amount
        with caps_held_by_database(program, extra=extra):
            locked.save(update_fields=["amount"])
        _rebalance_tranches(locked, paid=paid)
        _notify_grantees("award_amended", locked, amendment=amendment)
    award.amount = locked.amount
    return amendment
