"""Every write to applications: submissions here, reviews and decisions beside them."""

from ..workflow import TransitionRefused, application_transition
from .assignments import (
    AssignmentResult,
    Conflicts,
    assignments_create,
    conflict_declare,
    conflicts_index,
    program_staff_users,
    reviewer_pool,
    reviewers_assign,
)
from .decisions import application_decide, application_screen, decisions_release
from .flags import FlagRefused, flag_confirm, flag_decide, flag_dismiss, flag_reopen
from .refusals import ReviewRefused
from .reviews import review_missing, review_reminders_send, review_save, review_submit
from .submissions import (
    AlreadySubmitted,
    ApplicationRefused,
    Conflict,
    EditConflict,
    IncompleteInput,
    application_create,
    application_submit,
    application_update,
    application_withdraw,
    attachment_add,
    attachment_remove,
    submission_errors,
)

__all__ = [  # noqa: RUF022
    "AssignmentResult",
    "Conflicts",
    "ReviewRefused",
    "application_decide",
    "application_screen",
    "assignments_create",
    "conflict_declare",
    "conflicts_index",
    "decisions_release",
    "FlagRefused",
    "flag_confirm",
    "flag_decide",
    "flag_dismiss",
    "flag_reopen",
    "program_staff_users",
    "review_missing",
    "review_reminders_send",
    "review_save",
    "review_submit",
    "reviewer_pool",
    "reviewers_assign",
    "AlreadySubmitted",
    "ApplicationRefused",
    "Conflict",
    "EditConflict",
    "IncompleteInput",
    "TransitionRefused",
    "application_create",
    "application_submit",
    "application_transition",
    "application_update",
    "application_withdraw",
    "attachment_add",
    "attachment_remove",
    "submission_errors",
]
