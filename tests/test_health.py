"""/healthz and /readyz answer load balancers and monitors: cheap, no login, JSON, 200 or 503."""

import os
import socket
import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from config.tasks import BEAT_HEARTBEAT_KEY, beat_heartbeat
from notifications.models import Notification, State
from tests.conftest import require


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _waiting_email(*, due: timedelta, state: str = State.PENDING) -> Notification:
    return Notification.objects.create(
        event="test",
        to_email="someone@example.org",
        language="en",
        subject="Hello",
        body_text="Hello",
        state=state,
        sent_at=timezone.now() if state == State.SENT else None,
        created_at=timezone.now() - timedelta(hours=2),
        next_attempt_at=timezone.now() - due,
    )


@pytest.fixture
def embedded(settings):
    """The embedded default: no broker, no beat."""
    settings.REDIS_URL = ""


@pytest.fixture
def with_redis(settings):
    url = os.environ.get("REDIS_URL", "")
    require(bool(url), "Redis (REDIS_URL)")
    settings.REDIS_URL = url
    yield url
    cache.delete(BEAT_HEARTBEAT_KEY)


def test_healthz_answers_without_touching_the_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_probes_are_not_redirected_to_https(client, settings, db, embedded):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/accounts/login/").status_code == 301  # the rest of the site still is


def test_readyz_is_ready_in_the_embedded_default(client, db, embedded):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"]
    assert body["checks"]["broker"] == {"ok": True, "detail": "not configured"}
    assert body["checks"]["beat"] == {"ok": True, "detail": "not configured"}
    assert body["checks"]["outbox"] == {"ok": True, "detail": "empty"}


def test_readyz_needs_no_login_and_a_few_queries(client, db, embedded, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        assert client.get("/readyz").status_code == 200


def test_readyz_is_ready_with_broker_and_fresh_heartbeat(client, db, with_redis):
    beat_heartbeat()
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["beat"]["age_seconds"] < 60


def test_an_email_waiting_too_long_makes_readyz_unavailable(client, db, embedded, settings):
    settings.READYZ_MAX_OUTBOX_AGE = 300
    _waiting_email(due=timedelta(minutes=10))
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["outbox"]
    assert "300 s" in body["checks"]["outbox"]["detail"]
    assert body["checks"]["outbox"]["age_seconds"] >= 600


def test_recent_sent_and_backing_off_emails_do_not_count(client, db, embedded):
    _waiting_email(due=timedelta(seconds=30))  # due half a minute ago: within the threshold
    _waiting_email(due=timedelta(days=1), state=State.SENT)
    _waiting_email(due=-timedelta(minutes=20))  # created long ago, retry due in 20 minutes
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["outbox"]["age_seconds"] < 60


def test_a_broker_that_does_not_answer_makes_readyz_unavailable_quickly(client, db, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{_closed_port()}/0"
    started = time.monotonic()
    response = client.get("/readyz")
    assert time.monotonic() - started < 2
    assert response.status_code == 503
    body = response.json()
    assert "broker" in body["failing"]
    assert body["checks"]["broker"]["detail"].startswith("unavailable")


def test_a_stale_heartbeat_makes_readyz_unavailable(client, db, with_redis, settings):
    settings.READYZ_MAX_BEAT_AGE = 180
    cache.set(BEAT_HEARTBEAT_KEY, (timezone.now() - timedelta(minutes=5)).timestamp(), timeout=None)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["beat"]
    assert "180 s" in body["checks"]["beat"]["detail"]


def test_no_heartbeat_yet_makes_readyz_unavailable_with_a_broker(client, db, with_redis):
    cache.delete(BEAT_HEARTBEAT_KEY)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["beat"]["detail"] == "no heartbeat recorded yet"


def test_the_heartbeat_is_on_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["config-beat-heartbeat"]
    assert entry["task"] == beat_heartbeat.name
    assert entry["schedule"] < settings.READYZ_MAX_BEAT_AGE


def test_the_worker_finds_the_heartbeat_task():
    from config import celery_app

    celery_app.loader.import_default_modules()
    assert "config.tasks.beat_heartbeat" in celery_app.tasks
