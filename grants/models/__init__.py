from .awards import (
    RELEASED_STATUSES,
    RUNNING_STATUSES,
    Award,
    AwardAmendment,
    AwardQuerySet,
    AwardStatus,
    AwardStatusChange,
    Tranche,
)
from .budgets import (
    BudgetCategory,
    BudgetLine,
    BudgetProposal,
    BudgetProposalVersion,
    Decision,
    ProposalStatus,
)
from .exports import ExportFormat, ExportKind, ExportLog, ExportState
from .reports import OPEN_REPORT_STATUSES, ProgressReport, ReportStatus, ReportSubmission

__all__ = [
    "OPEN_REPORT_STATUSES",
    "RELEASED_STATUSES",
    "RUNNING_STATUSES",
    "Award",
    "AwardAmendment",
    "AwardQuerySet",
    "AwardStatus",
    "AwardStatusChange",
    "BudgetCategory",
    "BudgetLine",
    "BudgetProposal",
    "BudgetProposalVersion",
    "Decision",
    "ExportFormat",
    "ExportKind",
    "ExportLog",
    "ExportState",
    "ProgressReport",
    "ProposalStatus",
    "ReportStatus",
    "ReportSubmission",
    "Tranche",
]
