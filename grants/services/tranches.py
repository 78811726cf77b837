"""Money out: the schedule of an award's tranches and their payment."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Case, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from leadership.roles import is_program_staff
from programs.models import ProgramTerms
from programs.money import money_display

from ..models import Award, AwardStatus, ReportStatus, Tranche
from .lifecycle import award_activate
from .recipients import _notify_grantees
from .refusals import AwardRefused

if TYPE_CHECKING:
    from leadership.models import User

    from ..models import ProgressReport


@dataclass(frozen=True)
class TrancheRow:
    """One line of an edited schedule: an existing unpaid tranche (pk) or a new one (pk None)."""

    pk: int | None
    amount: Decimal
    due_date: date


def tranches_update(*, award: Award, by: User, rows: Sequence[TrancheRow]) -> list[Tranche]:
    """Replace the unpaid part of the schedule; paid tranches stay as they are and the sum must equal the award."""
    if not is_program_staff(by):
        raise AwardRefused(_("Only staff can change a payment schedule."))
    with transaction.atomic():
        locked = Award.objects.select_for_update().select_related("program").get(pk=award.pk)
        if not locked.can_amend:
            raise AwardRefused(_("The schedule of a closed award cannot change."))
        paid = list(locked.tranches.paid())
        unpaid = {t.pk: t for t in locked.tranches.unpaid()}
        if any(row.pk is not None and row.pk not in unpaid for row in rows):
            raise AwardRefused(_("A paid tranche cannot be changed."))
        if any(row.amount <= 0 for row in rows):
            raise AwardRefused(_("Every tranche must be more than zero."))
        total = sum((t.amount for t in paid), Decimal("0")) + sum((r.amount for r in rows), Decimal("0"))
        if total != locked.amount:
            raise AwardRefused(
                _("The tranches add up to %(total)s but the award is %(amount)s; they must be equal.")
                % {
                    "total": money_display(total, locked.program.currency),
                    "amount": money_display(locked.amount, locked.program.currency),
                }
            )
        Tranche.objects.filter(pk__in=set(unpaid) - {r.pk for r in rows}).delete()
        # Renumber after the paid ones, in due-date order; numbers are unique per award, so first
        # move the kept rows out of the way, each to its own temporary number.
        kept = sorted(rows, key=lambda r: r.due_date)
        kept_pks = [r.pk for r in rows if r.pk]
        if kept_pks:
            Tranche.objects.filter(pk__in=kept_pks).update(
                number=Case(*(When(pk=pk, then=Value(30000 + i)) for i, pk in enumerate(kept_pks)))
            )
        start = max((t.number for t in paid), default=0)
        result = []
        for offset, row in enumerate(kept, start=1):
            tranche = unpaid.get(row.pk) or Tranche(award=locked)
            tranche.number, tranche.amount, tranche.due_date = start + offset, row.amount, row.due_date
            tranche.save()
            result.append(tranche)
    return result


def _report_before(tranche: Tranche) -> ProgressReport | None:
    return (
        tranche.award.reports.filter(due_date__lte=tranche.due_date).order_by("-due_date", "-number").first()
    )


def tranche_mark_paid(*, tranche: Tranche, by: User, paid_on: date, reference: str) -> Tranche:
    """Record a payment; the first one makes an accepted award active."""
    if not is_program_staff(by):
        raise AwardRefused(_("Only staff can record payments."))
    if not reference.strip():
        raise AwardRefused({"reference": [_("Give the payment reference from the bank transfer.")]})
    if paid_on > timezone.localdate():
        raise AwardRefused({"paid_on": [_("A payment date cannot be in the future.")]})
    with transaction.atomic():
        award = (
            Award.objects.select_for_update()
            .select_related("program", "application__community")
            .get(pk=tranche.award_id)
        )
        locked = Tranche.objects.select_for_update().select_related("award").get(pk=tranche.pk)
        if locked.is_paid:
            raise AwardRefused(_("This tranche was already paid on %(date)s.") % {"date": locked.paid_on})
        if not award.is_running:
            raise AwardRefused(
                _("Tranches are paid only on accepted or active awards; this one is %(status)s.")
                % {"status": award.get_status_display().lower()}
            )
        terms = ProgramTerms.objects.filter(program_id=award.program_id).first()
        if terms and terms.payments_follow_results and locked.number > 1:
            report = _report_before(locked)
            if report is not None and report.status != ReportStatus.ACCEPTED:
                raise AwardRefused(
                    _(
                        "Payments follow results: tranche %(number)s can be paid once “%(report)s” (due "
                        "%(due)s) is accepted. It is now: %(status)s."
                    )
                    % {
                        "number": locked.number,
                        "report": report.title,
                        "due": report.due_date,
                        "status": report.get_status_display().lower(),
                    }
                )
        paid = award.tranches.paid().aggregate(total=Sum("amount"))["total"] or Decimal("0")
        if paid + locked.amount > award.amount:
            raise AwardRefused(
                _("Paying %(amount)s would disburse more than the award of %(award)s.")
                % {
                    "amount": money_display(locked.amount, award.program.currency),
                    "award": money_display(award.amount, award.program.currency),
                }
            )
        locked.paid_on, locked.payment_reference = paid_on, reference.strip()
        locked.paid_recorded_by, locked.paid_recorded_at = by, timezone.now()
        locked.save(update_fields=["paid_on", "payment_reference", "paid_recorded_by", "paid_recorded_at"])
        if award.status == AwardStatus.ACCEPTED:
            award = award_activate(award=award, by=by, note=_("First tranche paid."))
        _notify_grantees("tranche_paid", award, tranche=locked)
    return locked
