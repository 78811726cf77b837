"""The app as it runs in production, in processes of its own, for benches and the scale-out test.

Redis on a free port (never the one in REDIS_URL), N gunicorn processes (config/gunicorn.py,
DJANGO_ENV=production, bench._settings), N `celery worker`, `celery beat` and the outbox
relay, all on one database given by URL. `request()` talks to gunicorn as a browser behind the
TLS proxy would (X-Forwarded-Proto, Origin, the CSRF cookie and field).
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECRET_KEY = "bench-processes-" + "k" * 40
CSRF = "Bd1ea2l9i7n6e5c4s3r2f1t0k9e8n7x6"  # 32 characters: a valid CSRF secret


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Services:
    """Redis, gunicorn, celery workers and beat, the relay: started together, stopped together."""

    def __init__(
        self,
        database_url: str,
        work: Path,
        gunicorn: dict[str, str] | None = None,
        *,
        webs: int = 1,
        workers: int = 1,
        beat: bool = True,
    ) -> None:
        self.work = work
        self.redis_port = free_port()
        self.web_ports = [free_port() for _ in range(webs)]
        self.workers = workers
        self.beat = beat
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench._settings",
            "DJANGO_ENV": "production",
            "DEBUG": "false",
            "SECRET_KEY": SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": database_url,
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "STATIC_ROOT": str(work / "static"),
            "MEDIA_ROOT": str(work / "media"),
            "EMAIL_FILE_PATH": str(work / "mail"),
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
            **(gunicorn or {}),
        }
        self.processes: dict[str, subprocess.Popen] = {}

    @property
    def web_port(self) -> int:
        return self.web_ports[0]

    def _start(self, name: str, command: list[str], **extra_env: str) -> None:
        log = open(self.work / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        self.processes[name] = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**self.env, **extra_env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def _start_web(self, index: int) -> None:
        self._start(
            f"web{index}",
            [str(BIN / "gunicorn"), "-c", "config/gunicorn.py", "config.wsgi"],
            GUNICORN_BIND=f"127.0.0.1:{self.web_ports[index]}",
        )

    def start(self) -> None:
        self._start(
            "redis",
            ["redis-server", "--port", str(self.redis_port), "--save", "", "--appendonly", "no"],
        )
        subprocess.run(
            [str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=self.env,
            check=True,
        )
        for index in range(len(self.web_ports)):
            self._start_web(index)
        celery = [str(BIN / "celery"), "-A", "config"]
        for index in range(self.workers):
            self._start(
                f"worker{index}",
                [*celery, "worker", "--loglevel=WARNING", "--concurrency=2", f"--hostname=bench{index}@%h"],
            )
        if self.beat:
            self._start(
                "beat", [*celery, "beat", "--loglevel=WARNING", f"--schedule={self.work / 'beat-schedule'}"]
            )
        self._start("relay", [str(BIN / "python"), "manage.py", "outbox_relay"])
        for port in self.web_ports:
            self._wait_for_web(port)

    def _wait_for_web(self, port: int) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if request(port, "GET", "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer on {port}; see the logs in {self.work}")

    def start_pool(self, name: str, workers: int) -> int:
        """Another gunicorn with its own workers, as a proxy would route one path to; its port."""
        port = free_port()
        command = [str(BIN / "gunicorn"), "-c", "config/gunicorn.py", "config.wsgi"]
        self._start(name, command, GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS=str(workers))
        self._wait_for_web(port)
        return port

    def restart_web(self, gunicorn: dict[str, str]) -> None:
        """Serve with other gunicorn settings (worker class, count) on the same ports."""
        self.env.update(gunicorn)
        for index, port in enumerate(self.web_ports):
            self.stop_one(f"web{index}")
            self._start_web(index)
            self._wait_for_web(port)

    def stop_one(self, name: str) -> None:
        process = self.processes.pop(name)
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def stop(self) -> None:
        for name in list(self.processes):
            self.stop_one(name)


def request(
    port: int,
    method: str,
    path: str,
    *,
    session: str = "",
    body: dict | None = None,
    headers: dict | None = None,
) -> tuple[int, bytes, dict]:
    """One request on a fresh connection, as from a browser behind the TLS proxy."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    cookies = f"csrftoken={CSRF}" + (f"; sessionid={session}" if session else "")
    sent = {
        "Host": f"127.0.0.1:{port}",
        "X-Forwarded-Proto": "https",
        "Cookie": cookies,
        "Connection": "close",
        **(headers or {}),
    }
    payload = None
    if body is not None:
        payload = urlencode({"csrfmiddlewaretoken": CSRF, **body})
        sent["Content-Type"] = "application/x-www-form-urlencoded"
        sent["Origin"] = f"https://127.0.0.1:{port}"
        sent["Referer"] = f"https://127.0.0.1:{port}/"
    try:
        connection.request(method, path, body=payload, headers=sent)
        response = connection.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        connection.close()


def session_for(user, **data) -> str:
    """A signed-in session for `user` (as after the log-in page), stored in the database."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "leadership.backends.UserBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.update(data)
    store.create()
    return store.session_key
