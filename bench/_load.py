"""The load of bench.deadline: one call per kind of request, an open-loop plan and a closed loop.

Plain http.client threads in forked processes (one GIL each); see bench.deadline for why not locust.
"""

from __future__ import annotations

import json
import multiprocessing
import queue
import threading
import time

from bench._processes import request

PASSWORD = "bench-login-pass-9417"  # noqa: S105 - the seeded accounts of a throwaway database


def autosave(port: int, session: str, pk: int, n: int) -> str | None:
    status, body, _ = request(
        port,
        "POST",
        f"/applications/{pk}/autosave/",
        session=session,
        body={"title": f"Initiative, draft {n}", "summary": f"Monthly health workshops ({n})."},
        headers={"Accept": "application/json"},
    )
    if status != 200:
        return f"HTTP {status}"
    return None if json.loads(body).get("saved") else "not saved"


def submit(port: int, session: str, pk: int, n: int) -> str | None:
    status, _, headers = request(port, "POST", f"/applications/{pk}/submit/", session=session, body={})
    if status != 302:
        return f"HTTP {status}"
    return None if headers.get("Location", "").rstrip("/").endswith(f"/applications/{pk}") else "refused"


def login(port: int, email: str, n: int, pool_port: int | None = None) -> str | None:
    body = {"username": email, "password": PASSWORD}
    status, _, _ = request(pool_port or port, "POST", "/accounts/login/", body=body)
    return None if status == 302 else f"HTTP {status}"


def page(port: int, session: str, path: str) -> str | None:
    status, _, _ = request(port, "GET", path, session=session)
    return None if status == 200 else f"HTTP {status}"


def _run_plan(port: int, plan: list[tuple[float, str, tuple]], threads: int, results) -> None:
    """Send each planned request at its time (open loop) from a pool of threads."""
    kinds = {"autosave": autosave, "submit": submit, "login": login}
    todo: queue.Queue = queue.Queue()
    out = []
    start = time.monotonic()

    def work() -> None:
        while (item := todo.get()) is not None:
            at, kind, args = item
            sent = time.monotonic()
            try:
                error = kinds[kind](port, *args)
            except OSError as failure:
                error = type(failure).__name__
            out.append((kind, sent - start - at, time.monotonic() - sent, error, at))

    pool = [threading.Thread(target=work) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for item in plan:
        delay = item[0] - (time.monotonic() - start)
        if delay > 0:
            time.sleep(delay)
        todo.put(item)
    for _ in pool:
        todo.put(None)
    for thread in pool:
        thread.join()
    results.put(out)


def run_plan(port: int, plan: list[tuple[float, str, tuple]], processes: int = 2, threads: int = 48) -> list:
    """Split a plan over forked load processes (one GIL each); return (kind, late, seconds, error)."""
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    workers = [
        context.Process(target=_run_plan, args=(port, plan[i::processes], threads, results))
        for i in range(processes)
    ]
    for worker in workers:
        worker.start()
    rows = [row for _ in workers for row in results.get()]
    for worker in workers:
        worker.join()
    return rows


def _closed_loop(port: int, make_call, seconds: float, threads: int, results) -> None:
    stop = time.monotonic() + seconds
    counts = [0, 0]
    lock = threading.Lock()

    def work(index: int) -> None:
        n = 0
        while time.monotonic() < stop:
            n += 1
            error = make_call(index, n)
            with lock:
                counts[error is not None] += 1

    pool = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    results.put(tuple(counts))


def throughput(
    port: int, make_call, seconds: float, processes: int = 2, threads: int = 8
) -> tuple[float, int]:
    """Requests per second of a closed loop (each thread sends as soon as its last answer came)."""
    context = multiprocessing.get_context("fork")
    results = context.Queue()

    def call(index: int, n: int, process: int) -> str | None:
        return make_call(process * threads + index, n)

    workers = [
        context.Process(
            target=_closed_loop,
            args=(port, lambda i, n, p=p: call(i, n, p), seconds, threads, results),
        )
        for p in range(processes)
    ]
    for worker in workers:
        worker.start()
    counts = [results.get() for _ in workers]
    for worker in workers:
        worker.join()
    return sum(ok for ok, _ in counts) / seconds, sum(bad for _, bad in counts)
