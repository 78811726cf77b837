"""Every write to awards, their money, their reports, budget proposals and exports."""

from .amendments import award_amend
from .awards import award_make
from .budgets import budget_proposal_approve, budget_proposal_request_changes, budget_proposal_submit
from .caps import program_usage
from .exports import export_build, export_start, exports_build_queued, exports_purge
from .lifecycle import award_accept, award_cancel, award_complete, award_decline
from .refusals import AwardRefused, CapExceeded
from .reports import report_accept, report_reminders_send, report_request_changes, report_submit
from .tranches import tranche_mark_paid, tranches_update

__all__ = [
    "AwardRefused",
    "CapExceeded",
    "award_accept",
    "award_amend",
    "award_cancel",
    "award_complete",
    "award_decline",
    "award_make",
    "budget_proposal_approve",
    "budget_proposal_request_changes",
    "budget_proposal_submit",
    "export_build",
    "export_start",
    "exports_build_queued",
    "exports_purge",
    "program_usage",
    "report_accept",
    "report_reminders_send",
    "report_request_changes",
    "report_submit",
    "tranche_mark_paid",
    "tranches_update",
]
