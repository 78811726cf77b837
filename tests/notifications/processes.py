"""Real processes for the outbox trials: a Redis of their own, a slow SMTP server, worker and relay.

Used by the tests in this package and by `bench/outbox.py`. Nothing here touches the shared
Redis: each trial starts its own server on a free port and may freeze or kill it.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import socket
import socketserver
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from email import message_from_bytes
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(settings_dict: dict) -> str:
    """The database Django is connected to, as a URL a child process's settings can read."""
    credentials = quote(settings_dict["USER"] or "postgres", safe="")
    if settings_dict.get("PASSWORD"):
        credentials += ":" + quote(settings_dict["PASSWORD"], safe="")
    host, port = settings_dict["HOST"] or "127.0.0.1", settings_dict["PORT"] or 5432
    return f"postgres://{credentials}@{host}:{port}/{quote(settings_dict['NAME'], safe='')}"


class RedisServer:
    """A throwaway redis-server without persistence, which a trial may freeze (SIGSTOP)."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            cwd=workdir,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("redis-server did not start")

    def freeze(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.thaw()
            self.process.kill()
            self.process.wait(timeout=5)


class _SMTPHandler(socketserver.StreamRequestHandler):
    server: SlowSMTPServer

    def reply(self, line: str) -> None:
        time.sleep(self.server.delay)  # a busy server: every answer takes a while
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        self.server.sessions(+1)
        # A worker killed mid-conversation resets the connection: that ends the session, quietly.
        try:
            with contextlib.suppress(ConnectionError):
                self.converse()
        finally:
            self.server.sessions(-1)

    def converse(self) -> None:
        self.reply("220 slow.example ESMTP")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self.reply("250 slow.example")
            elif verb == b"RCPT" and self.server.on_rcpt is not None:
                self.server.on_rcpt(line.decode(errors="replace"), self.client_address[1])
                self.reply("250 ok")
            elif verb == b"DATA":
                self.reply("354 go ahead")
                data = bytearray()
                while (chunk := self.rfile.readline()) != b".\r\n":
                    if not chunk:
                        return  # the client died mid-message: nothing was accepted
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                # The message is the server's once the final dot arrived: a client that dies
                # before the 250 reaches it cannot take it back (RFC 1047's duplicate window).
                time.sleep(self.server.data_delay)
                self.server.accepted(bytes(data))
                self.wfile.write(b"250 queued\r\n")
                self.wfile.flush()
            elif verb == b"QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")


class SlowSMTPServer(socketserver.ThreadingTCPServer):
    """An SMTP server that answers every command after `delay` seconds and counts Message-IDs.

    The end of a message is answered after `data_delay` (default none, as RFC 1047 asks of
    servers): whatever a client does, a kill in that time is a duplicate.
    """

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, *, delay: float = 0.0, data_delay: float = 0.0) -> None:
        super().__init__(("127.0.0.1", 0), _SMTPHandler)
        self.delay, self.data_delay = delay, data_delay
        self.on_rcpt: Callable[[str, int], None] | None = None  # (command, client port)
        self.port = self.server_address[1]
        self.url = f"smtp://127.0.0.1:{self.port}"
        self.message_ids: Counter[str] = Counter()
        self.active = 0
        self.received_at: dict[str, float] = {}
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self._thread.start()

    def sessions(self, change: int) -> None:
        with self._lock:
            self.active += change

    def accepted(self, data: bytes) -> None:
        message_id = message_from_bytes(data)["Message-ID"] or ""
        with self._lock:
            self.message_ids[message_id] += 1
            self.received_at.setdefault(message_id, time.time())

    def figures(self) -> tuple[int, int]:
        """(distinct messages, duplicate deliveries)."""
        with self._lock:
            return len(self.message_ids), sum(n - 1 for n in self.message_ids.values())

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


def child_env(*, database: str, broker: str, smtp: str, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database,
        "REDIS_URL": broker,
        "EMAIL_URL": smtp,
        "CONN_MAX_AGE": "0",
        "PYTHONUNBUFFERED": "1",
        "LOG_LEVEL": "WARNING",
        **extra,
    }
    env.pop("CACHE_URL", None)
    return env


def start_worker(
    env: dict[str, str], log: Path, *, concurrency: int = 2, name: str = "outbox"
) -> subprocess.Popen:
    """A prefork Celery worker in its own process group, so the trial can kill all of it at once."""
    with log.open("ab") as out:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=prefork",
                f"--concurrency={concurrency}",
                "-n",
                f"{name}-{time.monotonic_ns()}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=INFO",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def start_relay(env: dict[str, str], log: Path, *, interval: float = 0.5) -> subprocess.Popen:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "manage.py", "outbox_relay", f"--interval={interval}"],
            cwd=ROOT,
            env={**env, "LOG_LEVEL": "INFO"},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def wait_for_log(path: Path, text: str, *, count: int = 1, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while path.read_text(errors="replace").count(text) < count:
        if time.monotonic() > deadline:
            raise RuntimeError(f"{path.name} never said {text!r}: {path.read_text()[-2000:]}")
        time.sleep(0.1)


def pid_of_client(port: int, candidates: list[int]) -> int | None:
    """Which of the processes holds the local TCP socket on `port` (from /proc)."""
    inode = None
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].rsplit(":", 1)[1], 16) == port:
            inode = fields[9]
    for pid in candidates:
        with contextlib.suppress(OSError):
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                with contextlib.suppress(OSError):
                    if os.readlink(fd) == f"socket:[{inode}]":
                        return pid
    return None


def pool_children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def kill_group(process: subprocess.Popen) -> None:
    """SIGKILL the process and its pool children: a machine losing power, as far as they know."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def stop(process: subprocess.Popen, *, timeout: float = 20) -> int:
    """Warm shutdown (finish the current task, then exit); kill the group only if that hangs."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_group(process)
    return process.returncode


@dataclass
class TrialResult:
    rows: int
    kills: dict[str, int] = field(default_factory=dict)
    sent: int = 0
    failed: list[int] = field(default_factory=list)
    lost: list[int] = field(default_factory=list)
    duplicates: int = 0
    seconds: float = 0.0
    poison_attempts: int | None = None
    poison_state: str | None = None

    def __str__(self) -> str:
        kills = ", ".join(f"{n} {kind}" for kind, n in self.kills.items())
        line = (
            f"{self.rows} emails, kills: {kills or 'none'}; sent {self.sent}, lost {len(self.lost)}, "
            f"duplicates {self.duplicates} ({100 * self.duplicates / max(self.rows, 1):.1f}%), "
            f"failed {len(self.failed)}, {self.seconds:.0f} s"
        )
        if self.poison_state:
            line += f"; poison message: {self.poison_state} after {self.poison_attempts} attempts"
        return line


def kill_trial(
    *,
    workdir: Path,
    rows: int,
    kills: int,
    delay: float,
    data_delay: float = 0.0,
    kill_every: float,
    lease: int,
    handoff: int,
    poison: bool = False,
    concurrency: int = 2,
    timeout: float = 300,
) -> TrialResult:
    """Send `rows` emails through a real relay and worker to a slow SMTP server, killing workers.

    Each kill lands at a random moment within `kill_every` seconds after a worker starts
    talking to the SMTP server, and is in turn SIGKILL of one pool child or of the whole
    worker (then started again). With `poison`, one more message kills the pool child every time it is sent.
    Runs in a process where Django is set up on PostgreSQL; the rows are committed.
    """
    from django.db import connection

    from notifications.delivery import message_id
    from notifications.models import Notification, State

    redis, smtp = RedisServer(workdir), SlowSMTPServer(delay=delay, data_delay=data_delay)
    env = child_env(
        database=database_url(connection.settings_dict),
        broker=redis.url,
        smtp=smtp.url,
        NOTIFICATIONS_LEASE_SECONDS=str(lease),
        NOTIFICATIONS_HANDOFF_SECONDS=str(handoff),
    )
    created = Notification.objects.bulk_create(
        Notification(
            event="application_submitted",
            to_email=f"person{i}@example.org",
            language="en",
            subject=f"Trial {i}",
            body_text="Hello\n",
        )
        for i in range(rows)
    )
    poison_row = None
    if poison:
        poison_row = Notification.objects.create(
            event="application_submitted",
            to_email="poison@example.org",
            language="en",
            subject="Poison",
            body_text="Hello\n",
        )
    result = TrialResult(rows=rows, kills={"pool child": 0, "whole worker": 0, "poison": 0})
    current: dict[str, subprocess.Popen] = {}

    def on_rcpt(line: str, port: int) -> None:
        # Only the pool child sending the poison dies: the others' messages are innocent.
        if "poison@" in line and (pid := pid_of_client(port, pool_children(current["worker"].pid))):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
                result.kills["poison"] += 1

    smtp.on_rcpt = on_rcpt
    started = time.monotonic()
    current["worker"] = start_worker(env, workdir / "worker.log", concurrency=concurrency)
    relay = start_relay(env, workdir / "relay.log")
    unfinished = Notification.objects.filter(state__in=[State.PENDING, State.SENDING])
    try:
        starts, done = 1, 0
        while done < kills and unfinished.exists() and time.monotonic() - started < timeout:
            # Kill while a message is on its way: the worker is up and talking to the server.
            wait_for_log(workdir / "worker.log", " ready.", count=starts)
            while smtp.active == 0 and unfinished.exists() and time.monotonic() - started < timeout:
                time.sleep(0.01)
            time.sleep(random.uniform(0, kill_every))
            if done % 2 == 0:  # alternate: a pool child, then the whole worker
                with contextlib.suppress(ProcessLookupError, IndexError):
                    os.kill(random.choice(pool_children(current["worker"].pid)), signal.SIGKILL)
                result.kills["pool child"] += 1
            else:
                kill_group(current["worker"])
                current["worker"] = start_worker(env, workdir / "worker.log", concurrency=concurrency)
                starts += 1
                result.kills["whole worker"] += 1
            done += 1
        while unfinished.exists() and time.monotonic() - started < timeout:
            time.sleep(0.25)
        result.seconds = time.monotonic() - started
    finally:
        stop(relay, timeout=5)
        stop(current["worker"], timeout=10)
        smtp.stop()
        redis.stop()
    by_id = {row.pk: message_id(row) for row in created}
    states = dict(Notification.objects.filter(pk__in=by_id).values_list("pk", "state"))
    result.sent = sum(state == State.SENT for state in states.values())
    result.failed = [pk for pk, state in states.items() if state == State.FAILED]
    result.lost = [pk for pk, mid in by_id.items() if smtp.message_ids[mid] == 0]
    result.duplicates = sum(smtp.message_ids[mid] - 1 for mid in by_id.values() if smtp.message_ids[mid] > 1)
    if poison_row is not None:
        poison_row.refresh_from_db()
        result.poison_attempts, result.poison_state = poison_row.attempts, poison_row.state
    return result


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


@dataclass
class FreezeResult:
    taken: list[float]  # seconds from commit to a worker claiming the row, broker up
    normal: list[float]  # seconds per submission, broker up
    frozen: list[float]  # seconds per submission, broker frozen
    recovery: float  # seconds from the broker's return until every email was sent
    sent: int
    distinct: int
    duplicates: int
    statuses: Counter[int]
    frozen_cpu: list[float]  # CPU seconds of the request's own thread: its work, not waiting for a core

    def __str__(self) -> str:
        def ms(values: list[float], q: int) -> str:
            return f"{statistics.quantiles(values, n=100, method='inclusive')[q - 1] * 1000:.0f}"

        return (
            f"broker up: commit→taken p50 {statistics.median(self.taken):.2f} s, "
            f"p95 {p95(self.taken):.2f} s, max {max(self.taken):.2f} s "
            f"({len(self.taken)} emails); submissions p50 {ms(self.normal, 50)} ms\n"
            f"broker frozen: {len(self.frozen)} submissions, statuses {dict(self.statuses)}, "
            f"p50 {ms(self.frozen, 50)} ms, p95 {ms(self.frozen, 95)} ms, max {max(self.frozen) * 1000:.0f} ms "
            f"(CPU of the request thread: p50 {ms(self.frozen_cpu, 50)} ms, max {max(self.frozen_cpu) * 1000:.0f} ms)\n"
            f"broker back: every waiting email sent {self.recovery:.1f} s later; "
            f"{self.sent} rows sent, {self.distinct} messages at the SMTP server, {self.duplicates} duplicates"
        )


def freeze_trial(*, workdir: Path, client, applicant, open_round, normal: int, frozen: int) -> FreezeResult:
    """Submissions through the real view with a worker and the relay on a Redis of the trial's own:
    `normal` with the broker up, then `frozen` while it is stopped with SIGSTOP, then thawed.
    """
    from django.db import connection
    from django.urls import reverse

    from notifications.models import Notification, State
    from tests.factories import ApplicationFactory, CommunityFactory
    from tests.notifications.conftest import celery_broker

    drafts = [
        ApplicationFactory(community=CommunityFactory(admins=[applicant]), round=open_round)
        for _ in range(normal + frozen)
    ]
    client.force_login(applicant)
    redis, smtp = RedisServer(workdir), SlowSMTPServer()
    env = child_env(database=database_url(connection.settings_dict), broker=redis.url, smtp=smtp.url)
    worker = start_worker(env, workdir / "worker.log", concurrency=2)
    relay = start_relay(env, workdir / "relay.log", interval=0.5)
    wait_for_log(workdir / "worker.log", " ready.")
    statuses: Counter[int] = Counter()
    sent = Notification.objects.filter(state=State.SENT)

    cpu: list[float] = []

    def submit(draft) -> float:
        started, started_cpu = time.perf_counter(), time.thread_time()
        response = client.post(reverse("application_submit", args=[draft.pk]))
        statuses[response.status_code] += 1
        cpu.append(time.thread_time() - started_cpu)
        return time.perf_counter() - started

    def wait_until_sent(count: int) -> float:
        started = time.monotonic()
        while sent.count() < count and time.monotonic() - started < 60:
            time.sleep(0.1)
        return time.monotonic() - started

    try:
        with celery_broker(redis.url, eager=False):
            normal_times = []
            for draft in drafts[:normal]:
                normal_times.append(submit(draft))
                time.sleep(0.1)
            wait_until_sent(normal)
            taken = [
                (claimed - created).total_seconds()
                for created, claimed in Notification.objects.filter(claimed_at__isnull=False).values_list(
                    "created_at", "claimed_at"
                )
            ]
            statuses.clear()
            cpu.clear()
            redis.freeze()
            frozen_times = [submit(draft) for draft in drafts[normal:]]
            time.sleep(4)  # the relay meets the frozen broker meanwhile
            if sent.count() != normal:
                raise AssertionError("an email went out while the broker was frozen")
            redis.thaw()
            recovery = wait_until_sent(normal + frozen)
    finally:
        redis.thaw()
        stop(relay, timeout=5)
        stop(worker, timeout=10)
        smtp.stop()
        redis.stop()
    distinct, duplicates = smtp.figures()
    return FreezeResult(
        taken=taken,
        normal=normal_times,
        frozen=frozen_times,
        recovery=recovery,
        sent=sent.count(),
        distinct=distinct,
        duplicates=duplicates,
        statuses=statuses,
        frozen_cpu=cpu,
    )
