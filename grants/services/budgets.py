"""Residents' budget proposals: filed in versions, approved into the award's amount."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leadership.permissions import is_community_admin
from leadership.roles import is_program_staff
from notifications.services import notification_send
from programs.caps import over_award_maximum
from programs.models import ProgramTerms
from programs.money import money_display

from ..models import Award, BudgetLine, BudgetProposal, BudgetProposalVersion, Decision, ProposalStatus
from .amendments import award_amend
from .caps import program_usage
from .recipients import _notify_grantees, staff_recipients
from .refusals import AwardRefused, CapExceeded

if TYPE_CHECKING:
    from leadership.models import User


def budget_proposal_submit(
    *, award: Award, by: User, narrative: str, lines: Iterable[Mapping[str, Any]]
) -> BudgetProposalVersion:
    """File a new version of the budget; refused at once when its total cannot fit the program's caps."""
    lines = [line for line in lines if line.get("amount")]
    with transaction.atomic():
        award = (
            Award.objects.select_for_update()
            .select_related("program", "application__community")
            .get(pk=award.pk)
        )
        program = award.program
        if not is_community_admin(by, award.application.community_id):
            raise AwardRefused(_("Only the community's admins can write its budget."))
        terms = ProgramTerms.objects.filter(program=program).first()
        if not (terms and terms.budget_proposals):
            raise AwardRefused(
                _("%(program)s awards have a fixed budget.") % {"program": program.localized_name}
            )
        if not award.is_running:
            raise AwardRefused(_("The budget is written once the award is accepted and while it runs."))
        if not lines:
            raise AwardRefused(_("Add at least one line to the budget."))
        if not narrative.strip():
            raise AwardRefused({"narrative": [_("Explain how the budget serves the initiative.")]})
        total = sum((Decimal(line["amount"]) for line in lines), Decimal("0"))
        if over_award_maximum(program, total):
            raise CapExceeded(
                _("The budget totals %(total)s; %(program)s awards are at most %(cap)s.")
                % {
                    "total": money_display(total, program.currency),
                    "program": program.localized_name,
                    "cap": money_display(program.max_amount, program.currency),
                }
            )
        # Early, friendly check; the approval re-checks under the program lock.
        left_for_this = program.total_budget - (program_usage(program).committed - award.amount)
        if total > left_for_this:
            raise CapExceeded(
                _(
                    "The budget totals %(total)s, but %(program)s's total budget leaves at most %(left)s for "
                    "this award. Reduce the budget."
                )
                % {
                    "total": money_display(total, program.currency),
                    "program": program.localized_name,
                    "left": money_display(left_for_this, program.currency),
                }
            )
        proposal, _created = BudgetProposal.objects.get_or_create(award=award)
        latest = proposal.latest_version()
        if latest is not None and not proposal.can_move_to(ProposalStatus.SUBMITTED):
            raise AwardRefused(
                _("Your last version is awaiting review; you can file a new one once staff reply.")
            )
        now = timezone.now()
        version = BudgetProposalVersion.objects.create(
            proposal=proposal,
            number=(latest.number + 1) if latest else 1,
            narrative=narrative,
            total=total,
            submitted_by=by,
            submitted_at=now,
        )
        BudgetLine.objects.bulk_create(
            BudgetLine(
                version=version,
                order=i,
                category=line["category"],
                description=line["description"],
                amount=Decimal(line["amount"]),
            )
            for i, line in enumerate(lines)
        )
        proposal.status, proposal.updated_at = ProposalStatus.SUBMITTED, now
        proposal.save(update_fields=["status", "updated_at"])
        notification_send(
            event="budget_proposal_submitted",
            to=staff_recipients(),
            context={"award": award, "version": version},
        )
    return version


def _decide(proposal: BudgetProposal, *, by: User, decision: str, note: str) -> BudgetProposalVersion:
    if not is_program_staff(by):
        raise AwardRefused(_("Only staff can review budget proposals."))
    locked = BudgetProposal.objects.select_for_update().get(pk=proposal.pk)
    version = locked.latest_version()
    if not locked.can_review or version is None:
        raise AwardRefused(_("Only a proposal awaiting review can be decided."))
    version.decision, version.decided_by, version.decided_at, version.staff_note = (
        decision,
        by,
        timezone.now(),
        note,
    )
    version.save(update_fields=["decision", "decided_by", "decided_at", "staff_note"])
    locked.status = (
        ProposalStatus.APPROVED if decision == Decision.APPROVED else ProposalStatus.CHANGES_REQUESTED
    )
    locked.updated_at = version.decided_at
    locked.save(update_fields=["status", "updated_at"])
    proposal.status = locked.status
    return version


def budget_proposal_approve(*, proposal: BudgetProposal, by: User, note: str = "") -> BudgetProposalVersion:
    """Approve the latest version: the award's amount becomes its total, through the amendment service."""
    with transaction.atomic():
        version = _decide(proposal, by=by, decision=Decision.APPROVED, note=note)
        award = proposal.award
        if version.total != award.amount:
            award_amend(
                award=award,
                by=by,
                amount=version.total,
                budget_version=version,
                reason=_("Budget proposal version %(number)s approved.") % {"number": version.number},
            )
        _notify_grantees("budget_proposal_approved", award, version=version)
    return version


def budget_proposal_request_changes(
    *, proposal: BudgetProposal, by: User, note: str
) -> BudgetProposalVersion:
    if not note.strip():
        raise AwardRefused({"note": [_("Say what should change; the resident reads this note.")]})
    with transaction.atomic():
        version = _decide(proposal, by=by, decision=Decision.CHANGES_REQUESTED, note=note)
        _notify_grantees("budget_proposal_changes_requested", proposal.award, version=version)
    return version
