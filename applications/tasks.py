"""Celery tasks of applications: scheduled reminders (beat entries in config.settings)."""

from celery import shared_task

from .reminders import draft_deadline_reminders_send


@shared_task(acks_late=True)
def remind_draft_owners() -> int:
    """Hourly: the 7-day and 1-day reminders to the admins of communities with drafts."""
    return draft_deadline_reminders_send()


@shared_task(acks_late=True)
def remind_reviewers() -> int:
    """Hourly: reviewers with unfinished reviews, 3 days and 1 day before the review deadline."""
    from .services.reviews import review_reminders_send

    return review_reminders_send()


@shared_task(acks_late=True)
def apply_retention() -> tuple[int, int, int]:
    """Daily: warn about inactive drafts, delete the warned ones, anonymise old decisions."""
    from .services.retention import retention_apply

    result = retention_apply()
    return result.warned, result.deleted, result.anonymised
