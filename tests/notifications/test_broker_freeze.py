"""A frozen broker slows no request; emails reach a real worker in seconds, and soon after it returns.

The trial freezes a Redis of its own with SIGSTOP while a real worker and the relay run on it;
`make bench-outbox` runs it at full size (100 submissions).
"""

import shutil
import statistics

import pytest
from django.db import connection

from tests.conftest import require
from tests.notifications.processes import freeze_trial, p95

NORMAL, FROZEN = 10, 30


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_frozen_broker_delays_no_submission_and_every_email_follows_when_it_returns(
    tmp_path, client, applicant, open_round
):
    require(connection.vendor == "postgresql", "PostgreSQL (the worker must reach the test database)")
    require(shutil.which("redis-server") is not None, "redis-server (the trial freezes its own)")
    result = freeze_trial(
        workdir=tmp_path,
        client=client,
        applicant=applicant,
        open_round=open_round,
        normal=NORMAL,
        frozen=FROZEN,
    )
    print(result)
    logs = "".join((tmp_path / name).read_text()[-2000:] for name in ("worker.log", "relay.log"))
    assert len(result.taken) == NORMAL, logs
    assert p95(result.taken) <= 5
    assert result.statuses == {302: FROZEN}
    # The target is 300 ms; on a shared 2-core CI box a request may lose the CPU for a moment,
    # so the hard bound is one a broker wait can never meet (its socket timeout is 3 s).
    assert statistics.median(result.frozen) < 0.3
    assert max(result.frozen) < 1.5
    assert result.sent == NORMAL + FROZEN, logs
    assert result.recovery <= 20
    assert (result.distinct, result.duplicates) == (NORMAL + FROZEN, 0)
