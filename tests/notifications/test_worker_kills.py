"""Workers killed mid-send lose no email and resend almost none; a poison message ends failed."""

import shutil

import pytest
from django.db import connection

from notifications.delivery import MAX_ATTEMPTS
from notifications.models import State
from tests.conftest import require
from tests.notifications.processes import kill_trial


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_killed_workers_lose_nothing_and_a_poison_message_fails_after_the_last_attempt(tmp_path):
    require(connection.vendor == "postgresql", "PostgreSQL (the worker must reach the test database)")
    require(shutil.which("redis-server") is not None, "redis-server (the trial freezes its own)")
    result = kill_trial(
        workdir=tmp_path,
        rows=20,
        kills=3,
        delay=0.1,
        kill_every=0.8,
        lease=3,
        handoff=4,
        poison=True,
        timeout=90,
    )
    print(result)
    logs = (tmp_path / "worker.log").read_text()[-3000:]
    assert result.kills["pool child"] + result.kills["whole worker"] == 3, logs
    assert result.lost == [], logs
    assert result.failed == [], logs
    assert result.sent == 20
    assert result.duplicates <= 1
    assert (result.poison_state, result.poison_attempts) == (State.FAILED, MAX_ATTEMPTS), logs
