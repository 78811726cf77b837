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
from .attachments import attachment_add, attachment_remove
from .batch import BatchResult, applications_decide
from .decisions import (
    EarlyRelease,
    FewReviews,
    application_decide,
    application_screen,
    decisions_release,
    few_reviews_warning,
    submitted_reviews,
)
from .extensions import application_deadline_extend
from .flags import FlagRefused, flag_confirm, flag_decide, flag_dismiss, flag_reopen
from .refusals import ReviewRefused
from .reviews import review_missing, review_reminders_send, review_save, review_submit
from .slates import SlateRefused, slate_apply, slate_save
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
    draft_held,
    submission_errors,
)

__all__ = [  # noqa: RUF022
    "AssignmentResult",
    "BatchResult",
    "EarlyRelease",
    "FewReviews",
    "applications_decide",
    "few_reviews_warning",
    "submitted_reviews",
    "Conflicts",
    "ReviewRefused",
    "application_deadline_extend",
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
    "SlateRefused",
    "slate_apply",
    "slate_save",
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
    "draft_held",
    "attachment_add",
    "attachment_remove",
    "submission_errors",
]
