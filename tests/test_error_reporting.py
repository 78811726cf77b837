"""Sentry reports errors only when SENTRY_DSN is set."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROBE = (
    "import django, sentry_sdk; django.setup(); "
    "client = sentry_sdk.get_client(); "
    "print(client.is_active(), client.options['send_default_pii'], client.options['environment'])"
)


def _sentry_state(**env: str) -> str:
    base = {k: v for k, v in os.environ.items() if not k.startswith("SENTRY_")}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize("dsn", ["", None])
def test_sentry_is_off_without_a_dsn(dsn):
    env = {} if dsn is None else {"SENTRY_DSN": dsn}
    assert _sentry_state(**env).startswith("False")


def test_sentry_is_on_with_a_dsn_and_sends_no_personal_data():
    # A closed local port: nothing is sent while the probe only initialises the client.
    state = _sentry_state(SENTRY_DSN="http://public@127.0.0.1:9/1", SENTRY_ENVIRONMENT="staging")
    assert state == "True False staging"
