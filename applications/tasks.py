"""Celery tasks of applications: scheduled reminders (beat entries in config.settings)."""

from celery import shared_task
from django.db import OperationalError

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


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def flag_application(application_id: int) -> int:
    """After a submission: duplicate and fraud flags touching this application."""
    from .flags import flags_for_application

    return flags_for_application(application_id)


@shared_task(acks_late=True)
def flag_everything() -> int:
    """Nightly: the whole flag pass (catches what a lost task or a changed link missed)."""
    from .flags import flags_scan

    return flags_scan()
