"""Celery beat's heartbeat: a tiny scheduled task whose last run /readyz reports."""

from __future__ import annotations

from datetime import UTC, datetime

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

BEAT_HEARTBEAT_KEY = "config:beat-heartbeat"


@shared_task(name="config.tasks.beat_heartbeat", ignore_result=True)
def beat_heartbeat() -> None:
    """Record that beat scheduled this and a worker ran it (the cache is Redis in production)."""
    cache.set(BEAT_HEARTBEAT_KEY, timezone.now().timestamp(), timeout=None)


def beat_last_run() -> datetime | None:
    """When the heartbeat last ran, or None if it never did (or the cache was emptied)."""
    stamp = cache.get(BEAT_HEARTBEAT_KEY)
    if stamp is None:
        return None
    return datetime.fromtimestamp(float(stamp), tz=UTC)
