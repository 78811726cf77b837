"""The outbox under a frozen broker and under killed workers, with real processes.

    DATABASE_URL=postgres://... python -m bench.outbox     # or: make bench-outbox

Needs PostgreSQL (the worker and the relay share the database) and redis-server; every trial
starts a Redis of its own on a free port, never the one in REDIS_URL. Prints:
- freeze: 20 submissions with the broker up (commit → a worker taking the row), then 100
  through the real submit view with that Redis frozen (SIGSTOP), then the time from its
  return until every waiting email was sent;
- kills: 200 emails to an SMTP server that answers each command after 0.2 s (the end of a
  message at once, as RFC 1047 asks: see SlowSMTPServer), while the
  worker is SIGKILLed 64 times (alternately one pool child and the whole worker), counted
  at the SMTP server by Message-ID: lost and duplicates. BENCH_SMTP_DATA_DELAY=0.2 makes
  the server wait before it answers the end of a message too: every kill in that wait is a
  duplicate no client can avoid (the Message-ID lets the server drop it).
Targets: 100 saved, no 5xx, every frozen request < 300 ms; p95 commit → taken ≤ 5 s; all
sent ≤ 20 s after the broker returns; 0 lost, duplicates ≤ 1 %.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path


def _setup() -> object | None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    if connection.vendor != "postgresql" or not shutil.which("redis-server"):
        return None
    setup_test_environment()
    settings.RATELIMIT_ENABLE = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tempfile.mkdtemp()
    # A database of the bench's own (not pytest's test_ one), dropped at the end.
    old_name = connection.settings_dict["NAME"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"{old_name}_bench_outbox"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return old_name


def main() -> int:
    old_name = _setup()
    if old_name is None:
        print("skipped: needs DATABASE_URL=postgres://... and redis-server")
        return 0
    from django.db import connection
    from django.test import Client

    from notifications.models import Notification
    from tests.factories import RoundFactory, UserFactory
    from tests.notifications.processes import freeze_trial, kill_trial, p95

    ok = False
    try:
        workdir = Path(tempfile.mkdtemp(prefix="bench-outbox-"))
        (workdir / "freeze").mkdir()
        (workdir / "kills").mkdir()
        freeze = freeze_trial(
            workdir=workdir / "freeze",
            client=Client(),
            applicant=UserFactory(email="bench@example.org"),
            open_round=RoundFactory(),
            normal=20,
            frozen=100,
        )
        print("freeze:", freeze, sep="\n")
        checks = {
            "100 saved, no 5xx": freeze.statuses == {302: 100},
            "every frozen request < 300 ms": max(freeze.frozen) < 0.3,
            "p95 commit → taken ≤ 5 s": p95(freeze.taken) <= 5,
            "all sent ≤ 20 s after the broker returns": freeze.recovery <= 20 and freeze.sent == 120,
        }
        Notification.objects.all().delete()

        kills = kill_trial(
            workdir=workdir / "kills",
            rows=200,
            kills=64,
            delay=0.2,
            data_delay=float(os.environ.get("BENCH_SMTP_DATA_DELAY", "0")),
            kill_every=1.5,
            lease=15,
            handoff=30,
            timeout=900,
        )
        print("kills:", kills, sep="\n")
        checks["64 kills"] = sum(kills.kills.values()) == 64
        checks["0 lost"] = not kills.lost
        checks["duplicates ≤ 1 %"] = kills.duplicates <= 2
        for name, met in checks.items():
            print(f"{'met   ' if met else 'MISSED'} {name}")
        ok = all(checks.values())
        print(f"logs: {workdir}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
