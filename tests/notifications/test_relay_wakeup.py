"""The relay wakes when an email is queued (PostgreSQL NOTIFY from the outbox's trigger), not at its next look."""

import shutil
import threading
import time

import pytest
from django.db import connection, transaction
from django.utils import timezone

from notifications.models import Notification
from notifications.services import notification_send, notifications_relay
from notifications.wakeups import OutboxWakeups
from tests.conftest import require
from tests.notifications.conftest import celery_broker
from tests.notifications.processes import (
    RedisServer,
    child_env,
    database_url,
    start_relay,
    stop,
    wait_for_log,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _waited(wakeups: OutboxWakeups, timeout: float) -> float:
    started = time.monotonic()
    wakeups.wait(timeout, threading.Event())
    return time.monotonic() - started


@pytest.fixture
def wakeups():
    require(connection.vendor == "postgresql", "PostgreSQL (LISTEN/NOTIFY)")
    listener = OutboxWakeups()
    assert _waited(listener, 5) < 0.5  # opening the listener returns at once: look once now
    yield listener
    listener.close()


def _queue_receipt(applicant, draft) -> Notification:
    (row,) = notification_send(event="application_submitted", to=[applicant], context={"application": draft})
    return row


def test_a_committed_email_wakes_the_relay_at_once_and_nothing_else_does(wakeups, applicant, receipt_draft):
    assert _waited(wakeups, 0.4) >= 0.4  # nothing written: the whole interval

    _queue_receipt(applicant, receipt_draft)
    assert _waited(wakeups, 10) < 1

    with pytest.raises(RuntimeError), transaction.atomic():
        _queue_receipt(applicant, receipt_draft)
        raise RuntimeError("rolled back")
    assert _waited(wakeups, 0.4) >= 0.4  # a rolled-back email wakes no one


def test_a_row_put_back_in_line_wakes_the_relay_but_its_other_updates_do_not(
    wakeups, applicant, receipt_draft
):
    with celery_broker("memory://", eager=True):
        row = _queue_receipt(applicant, receipt_draft)
    _waited(wakeups, 1)  # the insert's notice

    Notification.objects.filter(pk=row.pk).update(last_error="slow server")
    assert _waited(wakeups, 0.4) >= 0.4

    Notification.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())  # as a resend does
    assert _waited(wakeups, 10) < 1


def test_the_relays_own_look_does_not_wake_it(wakeups, applicant, receipt_draft):
    """Its reclaim runs an UPDATE at every look: a trigger that fired on no row would spin the relay."""
    with celery_broker("memory://", eager=False):
        _queue_receipt(applicant, receipt_draft)
        _waited(wakeups, 1)
        assert notifications_relay() == 1
        assert notifications_relay() == 0
    assert _waited(wakeups, 0.4) >= 0.4


@pytest.mark.worker
def test_the_relay_process_hands_a_new_email_over_long_before_its_interval(
    tmp_path, applicant, receipt_draft
):
    require(connection.vendor == "postgresql", "PostgreSQL (LISTEN/NOTIFY)")
    require(shutil.which("redis-server") is not None, "redis-server (the test runs its own)")
    redis = RedisServer(tmp_path)
    env = child_env(
        database=database_url(connection.settings_dict), broker=redis.url, smtp="smtp://127.0.0.1:1"
    )
    log = tmp_path / "relay.log"
    relay = start_relay(env, log, interval=60)
    try:
        wait_for_log(log, "Outbox relay listening")
        with celery_broker(redis.url, eager=False):
            row = _queue_receipt(applicant, receipt_draft)
        started = time.monotonic()
        while not Notification.objects.filter(pk=row.pk, last_enqueued_at__isnull=False).exists():
            assert time.monotonic() - started < 5, log.read_text()[-2000:]
            time.sleep(0.05)
    finally:
        assert stop(relay, timeout=10) == 0, log.read_text()[-2000:]
        redis.stop()
