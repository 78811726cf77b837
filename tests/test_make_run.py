"""`make run` sets up a fresh machine in order: venv, install, migrate, demo data, serve."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _dry_run(*args: str) -> list[str]:
    if shutil.which("make") is None:
        pytest.fail("make is needed to run the project")
    result = subprocess.run(
        ["make", "--dry-run", "--always-make", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env={k: v for k, v in os.environ.items() if k not in {"PORT", "MAKEFLAGS"}},
    )
    return result.stdout.splitlines()


def test_make_run_creates_the_venv_installs_migrates_seeds_and_serves_in_that_order():
    lines = _dry_run("run", "PORT=8123")
    steps = [
        "-m venv .venv",
        "pip install --quiet -r requirements.txt",
        "mkdir -p var/mail",
        "manage.py migrate --noinput",
        "manage.py seed_demo",
        "manage.py runserver 127.0.0.1:8123",
    ]
    positions = [next(i for i, line in enumerate(lines) if step in line) for step in steps]
    assert positions == sorted(positions)


def test_make_run_serves_on_port_8000_by_default():
    assert any(line.endswith("runserver 127.0.0.1:8000") for line in _dry_run("run"))
