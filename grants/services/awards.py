"""Making an award: the offer to a shortlisted application, within the program's caps, and its schedule."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application
from applications.models import Status as ApplicationStatus
from applications.workflow import application_transition
from leadership.roles import is_program_staff
from programs.models import ProgramTerms
from programs.money import money_display, split_amount

from ..models import Award, AwardStatus, ProgressReport, Tranche
from .caps import (
    _check_amount,
    _check_budget,
    _check_fixed_amount,
    _lock_program,
    _no_slot_left,
    caps_held_by_database,
    program_usage,
)
from .lifecycle import _record
from .recipients import _notify_grantees
from .refusals import AwardRefused

if TYPE_CHECKING:
    from leadership.models import User


def _schedule(award: Award, terms: ProgramTerms) -> None:
    """Default tranches and reports: a report falls due a few weeks before each later tranche, and a final one."""
    start = timezone.localdate(award.offered_at)
    split = terms.tranche_split or [100]
    dues = [
        start + timedelta(days=terms.first_tranche_days + i * terms.tranche_interval_days)
        for i in range(len(split))
    ]
    Tranche.objects.bulk_create(
        Tranche(award=award, number=i, amount=amount, due_date=due)
        for i, (amount, due) in enumerate(zip(split_amount(award.amount, split), dues, strict=True), start=1)
    )
    reports = [
        (_("Progress report %(number)s") % {"number": i}, due - timedelta(days=terms.report_lead_days))
        for i, due in enumerate(dues[1:], start=1)
    ]
    reports.append((_("Final report"), dues[-1] + timedelta(days=terms.tranche_interval_days)))
    ProgressReport.objects.bulk_create(
        ProgressReport(award=award, number=i, title=title, due_date=due)
        for i, (title, due) in enumerate(reports, start=1)
    )


def award_make(
    *,
    application: Application,
    by: User,
    amount: Decimal | None = None,
    above_request_confirmed: bool = False,
    note: str = "",
) -> Award:
    """Offer an award to a shortlisted application within the program's caps.

    Raises CapExceeded (naming the cap) when no slot or money is left, or the amount is
    over the program's maximum; AwardRefused for any other rule.
    """
    if not is_program_staff(by):
        raise AwardRefused(_("Only staff can make awards."))
    with transaction.atomic():
        application = Application.objects.select_related("round__program", "community").get(pk=application.pk)
        program = _lock_program(application.round.program_id)
        if application.status not in (ApplicationStatus.SHORTLISTED, ApplicationStatus.WAITLISTED):
            raise AwardRefused(
                _("Only a shortlisted or waitlisted application can be awarded; this one is %(status)s.")
                % {"status": application.get_status_display().lower()}
            )
        if Award.objects.filter(application=application).exists():
            raise AwardRefused(_("This application already has an award."))
        if program.amount_is_fixed:
            amount = program.max_amount if amount is None else amount
            _check_fixed_amount(program, amount)
        else:
            if amount is None:
                raise AwardRefused({"amount": [_("Give the amount of the award.")]})
            requested = application.amount_requested
            if requested is not None and amount > requested and not above_request_confirmed:
                raise AwardRefused(
                    {
                        "amount": [
                            _(
                                "%(amount)s is more than the %(requested)s requested. Tick the confirmation to award more."
                            )
                            % {
                                "amount": money_display(amount, program.currency),
                                "requested": money_display(requested, program.currency),
                            }
                        ]
                    }
                )
        _check_amount(program, amount)
        usage = program_usage(program)
        if usage.live_awards >= program.max_awards:
            raise _no_slot_left(program)
        _check_budget(program, usage, extra=amount)
        terms, _created = ProgramTerms.objects.get_or_create(program=program)
        try:
            with caps_held_by_database(program, extra=amount):
                award = Award.objects.create(
                    application=application,
                    program=program,
                    amount=amount,
                    offered_by=by,
                    agreement=terms.agreement,
                    agreement_fr=terms.agreement_fr,
                )
        except IntegrityError:
            raise AwardRefused(_("This application already has an award.")) from None
        _record(award, old="", new=AwardStatus.OFFERED, by=by, note=note, at=award.offered_at)
        _schedule(award, terms)
        application_transition(application=application, to=ApplicationStatus.AWARDED, by=by, note=note)
        _notify_grantees("award_offered", award)
    return award
