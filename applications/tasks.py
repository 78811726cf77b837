"""Celery tasks of applications: scheduled reminders (beat entries in config.settings)."""

from datetime import timedelta

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

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
def flag_new_submissions(limit: int = 500) -> int:
    """Every 30 s (beat): flags for the applications submitted since, those without a fingerprint.

    Beat, not a publish from the submit request, so a slow or frozen broker never holds up an
    applicant at the deadline (tests/notifications/test_broker_freeze.py).
    """
    from .flags import flags_for_application
    from .models import Application, TextBand

    fresh = (
        Application.objects.filter(submitted_at__gte=timezone.now() - timedelta(days=1))
        .exclude(pk__in=TextBand.objects.values("application_id"))
        .order_by("submitted_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(flags_for_application(pk) for pk in list(fresh))


@shared_task(acks_late=True)
def flag_everything() -> int:
    """Nightly: the whole flag pass (catches what a lost task or a changed link missed)."""
    from .flags import flags_scan

    return flags_scan()
