"""`make run` sets up a fresh machine in order: venv, install, migrate, demo data, serve; the
demo's emails go to var/mail/ only and the logins are the last thing printed."""

import os
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from grants.management.commands.serve_demo import Command as ServeDemo

ROOT = Path(__file__).resolve().parents[1]
FILE_BACKEND = "EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend"


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
        "manage.py serve_demo 127.0.0.1:8123",
    ]
    positions = [next(i for i, line in enumerate(lines) if step in line) for step in steps]
    assert positions == sorted(positions)


def test_make_run_serves_on_port_8000_by_default():
    assert any(line.endswith("serve_demo 127.0.0.1:8000") for line in _dry_run("run"))


def test_make_run_writes_the_demos_emails_to_files_only():
    lines = _dry_run("run")
    for command in ("manage.py seed_demo --no-banner", "manage.py serve_demo"):
        line = next(line for line in lines if command in line)
        assert line.startswith(FILE_BACKEND), line


@pytest.mark.django_db
def test_seeding_with_the_file_backend_prints_no_email_and_no_banner(
    settings, tmp_path, capsys, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", "--no-banner", stdout=out)
    printed = out.getvalue() + "".join(capsys.readouterr())
    assert "Subject:" not in printed and "Content-Type:" not in printed
    assert "demo-password" not in printed
    assert len(printed.splitlines()) <= 20
    assert any(tmp_path.iterdir())  # the emails are in files


def test_serve_demo_prints_the_logins_after_the_servers_own_lines(settings):
    settings.SITE_URL = "http://127.0.0.1:8123"
    command = ServeDemo(stdout=StringIO())
    command.addr, command._raw_ipv6, command.protocol = "127.0.0.1", False, "http"
    command.on_bind(8123)
    output = command.stdout.getvalue()
    assert output.index("Starting development server") < output.index("admin@demo.example")
    assert output.rstrip().splitlines()[-1].startswith("=" * 64)
    assert "http://127.0.0.1:8123/admin/" in output
