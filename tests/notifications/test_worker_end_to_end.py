"""End to end: a web submission, the relay, a real Celery worker on Redis, the receipt on disk."""

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from contextlib import contextmanager
from email import message_from_bytes
from email.header import decode_header, make_header
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from notifications.management.commands.outbox_relay import Command as RelayCommand
from notifications.models import Notification, State
from tests.conftest import require
from tests.factories import ApplicationFactory
from tests.notifications.conftest import celery_broker

DELIVERY_SECONDS = 30


def redis_is_reachable(url: str) -> bool:
    if not url:
        return False
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping())
    except redis.RedisError:
        return False


def worker_database_url() -> str:
    """The pytest database, as a URL the worker's settings can read."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "postgres", safe="")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{quote(db['NAME'], safe='')}"


def received(mail_dir: Path) -> dict[str, str]:
    """Recipient → subject of every message the file backend wrote."""
    messages = {}
    for path in sorted(mail_dir.glob("*.log")):
        for chunk in path.read_bytes().split(b"-" * 79):
            if chunk.strip():
                message = message_from_bytes(chunk.strip())
                messages[message["To"]] = str(make_header(decode_header(message["Subject"])))
    return messages


@pytest.fixture
def worker(tmp_path):
    """A Celery worker subprocess on its own queue, sharing the test database; stopped cleanly."""
    require(connection.vendor == "postgresql", "PostgreSQL (the worker must reach the test database)")
    base_url = os.environ.get("REDIS_URL", "")
    require(redis_is_reachable(base_url), "Redis at REDIS_URL")
    queue = f"e2e-{uuid.uuid4().hex[:10]}"
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": worker_database_url(),
        "REDIS_URL": base_url,
        "EMAIL_FILE_PATH": str(mail_dir),
        "CONN_MAX_AGE": "0",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("EMAIL_URL", None)
    log_path = tmp_path / "worker.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "-Q",
                queue,
                "-n",
                f"{queue}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=INFO",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        yield {"queue": queue, "broker": base_url, "mail_dir": mail_dir, "log": log_path, "process": process}
    finally:
        stop(process)
        import redis

        redis.Redis.from_url(base_url).delete(
            queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
        )


def stop(process: subprocess.Popen) -> int:
    """Warm shutdown (finish the current task, then exit); kill only if that hangs."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
    return process.returncode


@contextmanager
def relay_running():
    """The relay's own loop in a thread of this process, so it publishes to the test's queue."""
    stopping = threading.Event()

    def run():
        try:
            RelayCommand().loop(stopping=stopping, interval=0.25, batch=500)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    try:
        yield
    finally:
        stopping.set()
        thread.join(10)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_delivers_the_receipt_of_a_web_submission(
    worker, client, applicant, co_admin, community, open_round
):
    draft = ApplicationFactory(community=community, round=open_round, created_by=applicant)
    client.force_login(applicant)
    with celery_broker(worker["broker"], eager=False, queue=worker["queue"]):
        response = client.post(reverse("application_submit", args=[draft.pk]))
        assert response.status_code == 302
        assert set(Notification.objects.values_list("state", flat=True)) == {State.PENDING}

        deadline = time.monotonic() + DELIVERY_SECONDS
        messages = {}
        with relay_running():
            while time.monotonic() < deadline and len(messages) < 2:
                assert worker["process"].poll() is None, worker["log"].read_text()[-3000:]
                time.sleep(0.25)
                messages = received(worker["mail_dir"])
    assert sorted(messages) == sorted([applicant.email, co_admin.email]), worker["log"].read_text()[-3000:]
    assert all(subject.startswith("Application received:") for subject in messages.values())
    assert set(Notification.objects.values_list("state", "attempts")) == {(State.SENT, 1)}
    assert "deliver_notification" in worker["log"].read_text()  # the worker sent them, not this process
    assert stop(worker["process"]) == 0, worker["log"].read_text()[-3000:]
