"""Production works as README's "Running it for real" documents it.

The test follows the same steps as the README, in a temporary directory, on a throwaway
PostgreSQL database: production variables, `check --deploy` with no warning, `migrate`,
`collectstatic` into the manifest storage, then gunicorn on a free port. Every public page, the
login pages and a hashed static file must answer 200 through it, as they would behind the TLS
proxy. A static file that breaks the manifest, a deploy warning or a page that fails only with
DEBUG off fails here. Keep PRODUCTION_STEPS and the README in step.
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import pytest
from django.urls import URLResolver, get_resolver

from tests.conftest import require

ROOT = Path(__file__).resolve().parents[1]
HOST = "grants.example.org"

# The README's steps, in its order (the venv and createsuperuser aside).
PRODUCTION_STEPS = [
    ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
    ["manage.py", "migrate", "--noinput"],
    ["manage.py", "collectstatic", "--noinput"],
]
GUNICORN = ["-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]

# The one public page with an argument: a program's, for each program the migrations seed.
PROGRAM_SLUGS_SQL = "SELECT slug FROM programs_program ORDER BY slug"


@dataclass
class Deployment:
    port: int
    env: dict[str, str]
    static_root: Path
    dsn: str

    def get(self, path: str, **headers: str) -> http.client.HTTPResponse:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        connection.request("GET", path, headers={"Host": HOST, "X-Forwarded-Proto": "https", **headers})
        response = connection.getresponse()
        response.body = response.read()
        connection.close()
        return response


def _postgres_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    require(url.startswith(("postgres://", "postgresql://")), "PostgreSQL (DATABASE_URL)")
    return url


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def _admin_connection(url: str):
    connection = psycopg2.connect(_with_database(url, "postgres"), connect_timeout=5)
    connection.autocommit = True
    return connection


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(step: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, *step], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, f"{' '.join(step)} failed:\n{result.stdout}\n{result.stderr}"
    return result


def _wait_until_serving(deployment: Deployment, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert server.poll() is None, "gunicorn exited:\n" + server.stderr.read().decode()
        try:
            if deployment.get("/healthz").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail("gunicorn did not answer /healthz within 30 s")


@pytest.fixture(scope="module")
def deployment(tmp_path_factory) -> Iterator[Deployment]:
    url = _postgres_url()
    name = f"prod_test_{secrets.token_hex(4)}"
    try:
        admin = _admin_connection(url)
    except psycopg2.OperationalError as error:
        require(False, f"PostgreSQL at {url} ({error})")
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    tmp = tmp_path_factory.mktemp("production")
    port = _free_port()
    # The README's variables, but no EMAIL_URL (emails go to files) and roots in the temp dir.
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp),
        "LANG": "C.UTF-8",
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        "SITE_URL": f"https://{HOST}",
        "DATABASE_URL": _with_database(url, name),
        "MEDIA_ROOT": str(tmp / "uploads"),
        "STATIC_ROOT": str(tmp / "static"),
        "EMAIL_FILE_PATH": str(tmp / "mail"),
        "LOG_LEVEL": "WARNING",
    }
    if os.environ.get("REDIS_URL"):
        env["REDIS_URL"] = os.environ["REDIS_URL"]
    server = None
    try:
        for step in PRODUCTION_STEPS:
            _run(step, env)
        server = subprocess.Popen(
            [sys.executable, *GUNICORN, "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deployment = Deployment(port=port, env=env, static_root=tmp / "static", dsn=env["DATABASE_URL"])
        _wait_until_serving(deployment, server)
        yield deployment
    finally:
        if server is not None:
            server.send_signal(signal.SIGINT)  # gunicorn's quick shutdown; SIGTERM waits for workers
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _parameterless_routes() -> dict[str, str]:
    """name → path of every project page without a parameter (the admin and the probes aside)."""
    found: dict[str, str] = {}

    def walk(patterns, prefix: str = "") -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace != "admin":
                    walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif "<" not in str(pattern.pattern) and pattern.name not in {"healthz", "readyz"}:
                found[pattern.name] = "/" + prefix + str(pattern.pattern)

    walk(get_resolver().url_patterns)
    return found


def _program_pages(deployment: Deployment) -> list[str]:
    with psycopg2.connect(deployment.dsn) as connection, connection.cursor() as cursor:
        cursor.execute(PROGRAM_SLUGS_SQL)
        slugs = [row[0] for row in cursor.fetchall()]
    assert slugs, "the data migrations seed the programs"
    return [f"/programs/{slug}/" for slug in slugs]


# What a visitor reads without an account; each must answer 200 (others may ask to log in).
PUBLIC_PAGES = {
    "home",
    "rounds",
    "eligibility",
    "faq",
    "awarded_communities",
    "gathering_public_list",
    "login",
    "signup",
    "password_reset",
    "password_reset_done",
    "password_reset_complete",
}


def test_every_public_page_and_the_login_pages_answer_200(deployment):
    routes = _parameterless_routes()
    assert PUBLIC_PAGES - set(routes) == set(), "a public page is gone: update PUBLIC_PAGES"
    statuses = {path: deployment.get(path).status for path in routes.values()}
    answered_200 = {name for name, path in routes.items() if statuses[path] == 200}
    assert {name: statuses[routes[name]] for name in PUBLIC_PAGES - answered_200} == {}
    assert {path: status for path, status in statuses.items() if status >= 500} == {}
    for path in [*_program_pages(deployment), "/admin/login/"]:
        assert deployment.get(path).status == 200, path


def test_pages_use_the_hashed_static_files(deployment):
    manifest = json.loads((deployment.static_root / "staticfiles.json").read_text())["paths"]
    html = deployment.get("/").body.decode()
    assert f"/static/{manifest['vendor/bootstrap.min.css']}" in html


def test_a_hashed_static_file_is_served(deployment):
    manifest = json.loads((deployment.static_root / "staticfiles.json").read_text())["paths"]
    hashed = manifest["vendor/chart.umd.min.js"]
    assert hashed != "vendor/chart.umd.min.js"
    response = deployment.get(f"/static/{hashed}")
    assert response.status == 200
    assert b"Chart.js" in response.body[:200]
    assert "max-age=315360000" in response.getheader("Cache-Control", "")


def test_https_is_enforced_behind_the_proxy(deployment):
    response = deployment.get("/", **{"X-Forwarded-Proto": "http"})
    assert response.status == 301
    assert response.getheader("Location") == f"https://{HOST}/"
    assert "max-age=" in deployment.get("/").getheader("Strict-Transport-Security", "")


def test_plain_http_probes_get_the_health_answers(deployment):
    alive = deployment.get("/healthz", **{"X-Forwarded-Proto": "http"})
    assert alive.status == 200
    assert json.loads(alive.body) == {"status": "ok"}
    ready = json.loads(deployment.get("/readyz", **{"X-Forwarded-Proto": "http"}).body)
    assert ready["checks"]["database"]["ok"]
    assert ready["checks"]["broker"]["ok"]
    assert ready["checks"]["outbox"]["ok"]


def test_an_oversized_upload_is_refused_before_it_is_sent(deployment):
    """A client announces 60 MB and sends a few bytes: the 413 comes back at once."""
    with socket.create_connection(("127.0.0.1", deployment.port), timeout=5) as sock:
        sock.sendall(
            b"POST /applications/1/attachments/ HTTP/1.1\r\n"
            + f"Host: {HOST}\r\n".encode()
            + b"X-Forwarded-Proto: https\r\n"
            b"Content-Type: multipart/form-data; boundary=xyz\r\n"
            + f"Content-Length: {60 * 1024 * 1024}\r\n\r\n".encode()
            + b"--xyz\r\n"
        )
        started = time.monotonic()
        answer = sock.recv(65536)
        elapsed = time.monotonic() - started
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert elapsed < 3
    assert b"X-Request-ID: " in answer
