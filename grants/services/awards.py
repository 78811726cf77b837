"""Awards within the caps: making, accepting, declining, cancelling, amending, completing.

Every service that can raise what a program has committed locks the program row first
(`select_for_update` inside `transaction.atomic`), then reads the totals: two staff awarding
the last slot at the same moment queue on that lock and the second sees the first's award.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application
from applications.models import Status as ApplicationStatus
from applications.permissions import is_community_admin
from applications.workflow import application_transition
from leadership.services import cohort_join, cohort_leave
from notifications.services import notification_send

from ..models import (
    GRANTEE_MOVES,
    Award,
    AwardAmendment,
    AwardStatus,
    AwardStatusChange,
    BudgetProposalVersion,
    ProgramTerms,
    ProgressReport,
    Tranche,
)
from ..models.catalogue import Program
from ..money import money_display, split_amount

ZERO = Decimal("0")


class AwardRefused(ValidationError):
    """A change to an award that the rules do not allow."""


class CapExceeded(AwardRefused):
    """The change would break one of the program's caps; the message names the cap."""


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


def _grantees(award: Award) -> list:
    return list(
        get_user_model().objects.filter(
            community_memberships__community_id=award.application.community_id, is_active=True
        )
    )


def staff_recipients() -> list:
    return list(get_user_model().objects.filter(is_staff=True, is_active=True))


def _notify_grantees(event: str, award: Award, **context) -> None:
    notification_send(event=event, to=_grantees(award), context={"award": award, **context})


def _record(award: Award, *, old: str, new: str, by, note: str = "", at=None) -> None:
    AwardStatusChange.objects.create(
        award=award, old_status=old, new_status=new, by=by, at=at or timezone.now(), note=note
    )


def award_transition(*, award: Award, to: str, by, note: str = "", changes: dict | None = None) -> Award:
    """The one writer of Award.status: locks the row, checks the table and the actor, records the move.

    `changes` are other fields saved with the status (acceptance must be recorded with it).
    """
    with transaction.atomic():
        locked = (
            Award.objects.select_for_update()
            .select_related("application__community", "program")
            .get(pk=award.pk)
        )
        if not locked.can_move_to(to):
            raise AwardRefused(
                _("An award that is %(current)s cannot become %(target)s.")
                % {"current": locked.get_status_display().lower(), "target": AwardStatus(to).label.lower()}
            )
        if (locked.status, to) in GRANTEE_MOVES:
            allowed = is_community_admin(by, locked.application.community_id)
        else:
            allowed = bool(by and by.is_staff)
        if not allowed:
            raise AwardRefused(_("You are not allowed to make this change."))
        now, old = timezone.now(), locked.status
        locked.status, locked.status_changed_at = to, now
        for field, value in (changes or {}).items():
            setattr(locked, field, value)
        locked.save(update_fields=["status", "status_changed_at", *(changes or {})])
        _record(locked, old=old, new=to, by=by, note=note, at=now)
    award.status, award.status_changed_at = locked.status, locked.status_changed_at
    return locked


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
    by,
    amount: Decimal | None = None,
    above_request_confirmed: bool = False,
    note: str = "",
) -> Award:
    """Offer an award to a shortlisted application within the program's caps.

    Raises CapExceeded (naming the cap) when no slot or money is left, or the amount is
    over the program's maximum; AwardRefused for any other rule.
    """
    if not (by and by.is_staff):
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
            if amount is not None and amount != program.max_amount:
                raise AwardRefused(
                    {
                        "amount": [
                            _("%(program)s awards are fixed at %(amount)s.")
                            % {
                                "program": program.name,
                                "amount": money_display(program.max_amount, program.currency),
                            }
                        ]
                    }
                )
            amount = program.max_amount
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
            raise CapExceeded(
                _(
                    "%(program)s has reached its cap of %(cap)s awards: no slot is left. Cancel or wait for a "
                    "declined award to free one."
                )
                % {"program": program.name, "cap": program.max_awards}
            )
        _check_budget(program, usage, extra=amount)
        terms, _created = ProgramTerms.objects.get_or_create(program=program)
        try:
            with transaction.atomic():
                award = Award.objects.create(
                    application=application,
                    program=program,
                    amount=amount,
                    offered_by=by,
                    agreement=terms.agreement,
                )
        except IntegrityError:
            raise AwardRefused(_("This application already has an award.")) from None
        _record(award, old="", new=AwardStatus.OFFERED, by=by, note=note, at=award.offered_at)
        _schedule(award, terms)
        application_transition(application=application, to=ApplicationStatus.AWARDED, by=by, note=note)
        _notify_grantees("award_offered", award)
    return award


def _cohort_key(award: Award) -> str:
    return f"{award.program.slug}:{award.application.round_id}"


def _join_cohort(award: Award) -> None:
    """Place the accepting community's leaders in their program and round's cohort.

    leadership imports no other app, so the cohort is keyed by a string the award chooses.
    """
    round_ = award.application.round
    for leader in award.application.community.admins.all():
        cohort_join(
            key=_cohort_key(award),
            name=f"{award.program.name} — {round_.title}",
            user=leader,
            by=leader,
            program=award.program.name,
        )


def _leave_cohort(award: Award, *, by) -> None:
    for leader in award.application.community.admins.all():
        cohort_leave(key=_cohort_key(award), user=leader, by=by)


def award_accept(*, award: Award, by, agree: bool, list_publicly: bool = False) -> Award:
    """The grantee accepts the terms online; who and when are recorded."""
    if not agree:
        raise AwardRefused(
            {"agree": [_("Tick the box to show you accept the terms of the grant agreement.")]}
        )
    with transaction.atomic():
        award = award_transition(
            award=award,
            to=AwardStatus.ACCEPTED,
            by=by,
            note=_("Terms accepted online."),
            changes={"accepted_at": timezone.now(), "accepted_by": by, "list_publicly": list_publicly},
        )
        _join_cohort(award)
        _notify_grantees("award_accepted", award, accepted_by=by)
    return award


def award_decline(*, award: Award, by, reason: str = "") -> Award:
    """The grantee turns the award down; its slot and money return to the program."""
    with transaction.atomic():
        award = award_transition(award=award, to=AwardStatus.DECLINED_BY_GRANTEE, by=by, note=reason)
        _notify_grantees("award_declined", award, reason=reason)
        notification_send(
            event="award_declined_staff", to=staff_recipients(), context={"award": award, "reason": reason}
        )
    return award


def award_cancel(*, award: Award, by, reason: str) -> Award:
    """Staff cancel an award with a reason; the slot and the undisbursed money return."""
    if not reason.strip():
        raise AwardRefused({"reason": [_("Give the reason for cancelling; the grantee will read it.")]})
    with transaction.atomic():
        award = award_transition(award=award, to=AwardStatus.CANCELLED, by=by, note=reason)
        _leave_cohort(award, by=by)
        _notify_grantees("award_cancelled", award, reason=reason)
    return award


def award_activate(*, award: Award, by, note: str = "") -> Award:
    """An accepted award becomes active when its first tranche is paid."""
    return award_transition(award=award, to=AwardStatus.ACTIVE, by=by, note=note)


def award_complete(*, award: Award, by, note: str = "") -> Award:
    """Close an award once every tranche is paid and every report accepted."""
    with transaction.atomic():
        if award.tranches.unpaid().exists():
            raise AwardRefused(_("Every tranche must be paid before the award is completed."))
        if award.reports.exclude(status="accepted").exists():
            raise AwardRefused(_("Every report must be accepted before the award is completed."))
        award = award_transition(award=award, to=AwardStatus.COMPLETED, by=by, note=note)
        _notify_grantees("award_completed", award)
    return award


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
    *, award: Award, by, amount: Decimal, reason: str, budget_version: BudgetProposalVersion | None = None
) -> AwardAmendment:
    """Change an award's amount within the same caps, under the same lock; the change is recorded."""
    if not (by and by.is_staff):
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
        if program.amount_is_fixed and amount != program.max_amount:
            raise AwardRefused(
                {
                    "amount": [
                        _("%(program)s awards are fixed at %(amount)s.")
                        % {
                            "program": program.name,
                            "amount": money_display(program.max_amount, program.currency),
                        }
                    ]
                }
            )
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
        locked.amount = amount
        locked.save(update_fields=["amount"])
        _rebalance_tranches(locked, paid=paid)
        _notify_grantees("award_amended", locked, amendment=amendment)
    award.amount = locked.amount
    return amendment
