"""Health answers for load balancers and monitors: /healthz (alive) and /readyz (can serve).

Both answer JSON, need no login and are exempt from the HTTPS redirect (SECURE_REDIRECT_EXEMPT),
so a plain-HTTP probe from the load balancer gets the real answer. Each check is a few cheap
reads: one SELECT, one index-backed MIN, one Redis PING with a short timeout, one cache GET.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import redis
from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Min
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.tasks import beat_last_run
from notifications.models import Notification


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str
    age_seconds: float | None = None

    def as_json(self) -> dict[str, object]:
        answer: dict[str, object] = {"ok": self.ok, "detail": self.detail}
        if self.age_seconds is not None:
            answer["age_seconds"] = round(self.age_seconds, 1)
        return answer


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is up and answering; touches neither the database nor Redis."""
    return JsonResponse({"status": "ok"})


@require_GET
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready to serve: database, broker, outbox and beat all answer; 503 names what does not."""
    now = timezone.now()
    database = check_database()
    broker = check_broker()
    checks = {
        "database": database,
        "broker": broker,
        "outbox": check_outbox(now) if database.ok else Check(False, "unknown: database unavailable"),
        "beat": check_beat(now) if broker.ok else Check(False, "unknown: broker unavailable"),
    }
    ready = all(check.ok for check in checks.values())
    return JsonResponse(
        {
            "status": "ok" if ready else "unavailable",
            "failing": [name for name, check in checks.items() if not check.ok],
            "checks": {name: check.as_json() for name, check in checks.items()},
        },
        status=200 if ready else 503,
    )


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return Check(False, f"unavailable: {type(error).__name__}")
    return Check(True, "ok")


def check_broker() -> Check:
    """PING the Redis broker with a short timeout; the embedded default has none to ask."""
    if not settings.REDIS_URL:
        return Check(True, "not configured")
    timeout = settings.READYZ_BROKER_TIMEOUT
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=timeout, socket_timeout=timeout)
    try:
        client.ping()
    except redis.RedisError as error:
        return Check(False, f"unavailable: {type(error).__name__}")
    finally:
        client.close()
    return Check(True, "ok")


def outbox_oldest_waiting(now: datetime) -> datetime | None:
    """Since when the longest-waiting email has been due, or None if none is due.

    Waiting means pending and past its due time: a row sitting out a retry backoff is not late.
    MIN over the partial index notification_pending_due, so it stays cheap on a large outbox.
    """
    oldest = (
        Notification.objects.pending().filter(next_attempt_at__lte=now).aggregate(at=Min("next_attempt_at"))
    )
    return oldest["at"]


def check_outbox(now: datetime) -> Check:
    oldest = outbox_oldest_waiting(now)
    if oldest is None:
        return Check(True, "empty")
    age = (now - oldest).total_seconds()
    if age > settings.READYZ_MAX_OUTBOX_AGE:
        return Check(False, f"an email has waited more than {settings.READYZ_MAX_OUTBOX_AGE} s", age)
    return Check(True, "ok", age)


def check_beat(now: datetime) -> Check:
    """How long ago beat's heartbeat ran; only with a broker (the embedded default has no beat)."""
    if not settings.REDIS_URL:
        return Check(True, "not configured")
    try:
        last = beat_last_run()
    except Exception as error:  # the cache backend raises its client's own errors
        return Check(False, f"unknown: cache unavailable ({type(error).__name__})")
    if last is None:
        return Check(False, "no heartbeat recorded yet")
    age = (now - last).total_seconds()
    if age > settings.READYZ_MAX_BEAT_AGE:
        return Check(False, f"last heartbeat more than {settings.READYZ_MAX_BEAT_AGE} s ago", age)
    return Check(True, "ok", max(age, 0.0))
