from .awards import (
    RELEASED_STATUSES,
    RUNNING_STATUSES,
    Award,
    AwardAmendment,
    AwardQuerySet,
    AwardStatus,
    AwardStatusChange,
    ProgramTerms,
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
from .catalogue import MONEY, Criterion, Program, Round
from .exports import ExportFormat, ExportKind, ExportLog, ExportState
from .reports import OPEN_REPORT_STATUSES, ProgressReport, ReportStatus, ReportSubmission

__all__ = [
    "MONEY",
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
    "Criterion",
    "Decision",
    "ExportFormat",
    "ExportKind",
    "ExportLog",
    "ExportState",
    "Program",
    "ProgramTerms",
    "ProgressReport",
    "ProposalStatus",
    "ReportStatus",
    "ReportSubmission",
    "Round",
    "Tranche",
]
