"""Production settings pass Django's deployment checks and refuse to start half-configured."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    skip = {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in skip}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="grants.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    result = _manage("check", DJANGO_ENV="production", ALLOWED_HOSTS="grants.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _manage("check", DJANGO_ENV="production", SECRET_KEY="s" * 60)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr
