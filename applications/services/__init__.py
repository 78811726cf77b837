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

__all__ = [
    "AlreadySubmitted", "ApplicationRefused", "TransitionRefused", "application_create",
    "application_submit", "application_transition", "application_update", "application_withdraw",
    "attachment_add", "attachment_remove", "submission_errors",
]
