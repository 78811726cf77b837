"""Every write to applications: submissions here, reviews and decisions beside them."""

from ..workflow import TransitionRefused, application_transition
from .submissions import (
    AlreadySubmitted,
    ApplicationRefused,
    application_create,
    application_submit,
    application_update,
    application_withdraw,
    attachment_add,
    attachment_remove,
    submission_errors,
)
from .reviews import (
    AssignmentResult,
    Conflicts,
    ReviewRefused,
    application_decide,
    application_screen,
    assignments_create,
    conflict_declare,
    conflicts_index,
    decisions_release,
    review_missing,
    review_save,
    review_submit,
    reviewers_assign,
)

__all__ = [  # noqa: RUF022
    "AssignmentResult", "Conflicts", "ReviewRefused", "application_decide", "application_screen",
    "assignments_create", "conflict_declare", "conflicts_index", "decisions_release", "review_missing",
    "review_save", "review_submit", "reviewers_assign",
    "AlreadySubmitted", "ApplicationRefused", "TransitionRefused", "application_create",
    "application_submit", "application_transition", "application_update", "application_withdraw",
    "attachment_add", "attachment_remove", "submission_errors",
]
