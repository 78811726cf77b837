"""Award report exports at 10,000 and 100,000 rows: time, peak Python memory and SQL queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> python -m bench.exports [--sizes 10000 100000]
    python -m bench.exports            # without PostgreSQL: a throwaway SQLite database

On PostgreSQL it makes a throwaway database `<db>_bench_exports` on DATABASE_URL's server (dropped
at the end) and seeds one round of awards per size, each award with its community, leader, two
tranches and a progress report (the award report has one row per award). The CSV is what the
reports page streams; the XLSX is what the background task (`grants.services.export_build`)
writes. Each is timed without tracing, then run again under tracemalloc for its peak memory.
Exits 1 when a target is missed at the largest size: CSV ≤ 4 s, XLSX ≤ 15 s, peak memory at the
largest size ≤ 1.2 times the smallest's, and the same number of queries at both sizes.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

SIZES = (10_000, 100_000)
TARGET_SECONDS = {"csv": 4.0, "xlsx": 15.0}
MEMORY_RATIO = 1.2


def _admin_connection(url: str):
    import psycopg2

    connection = psycopg2.connect(urlunsplit(urlsplit(url)._replace(path="/postgres")))
    connection.autocommit = True
    return connection


def _setup() -> Callable[[], None]:
    """Point Django at a fresh database and migrate it; returns what drops it afterwards."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.pop("REDIS_URL", None)  # tasks and caches in process
    url = os.environ.get("DATABASE_URL", "")
    drop: Callable[[], None] = lambda: None  # noqa: E731
    if url.startswith("postgres"):
        parts = urlsplit(url)
        name = f"{parts.path.lstrip('/') or 'postgres'}_bench_exports"
        with _admin_connection(url).cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            cursor.execute(f"CREATE DATABASE {name}")
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))

        def drop() -> None:
            from django.db import connections

            connections.close_all()
            with _admin_connection(url).cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    return drop


def _timed(function: Callable[[], object]) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    gc.collect()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        function()
        elapsed = time.perf_counter() - started
    return elapsed, len(queries)


def _peak_memory(function: Callable[[], object]) -> int:
    gc.collect()
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def _seed(sizes: tuple[int, ...]) -> dict[int, int]:
    from django.db import connection

    from tests.grants.support import bulk_awards, round_of

    rounds = {}
    for size in sizes:
        started = time.perf_counter()
        rounds[size] = bulk_awards(size, round_=round_of("fellowship"), name=f"B{size}").pk
        print(f"   seeded {size} awards in {time.perf_counter() - started:.0f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return rounds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.exports")
    parser.add_argument("--sizes", type=int, nargs=2, default=SIZES, metavar=("SMALL", "LARGE"))
    arguments = parser.parse_args(argv if argv is not None else [])
    sizes = tuple(arguments.sizes)
    drop = _setup()
    try:
        return _run(sizes)
    finally:
        drop()


def _run(sizes: tuple[int, ...]) -> int:
    from grants.exports import get_report
    from leadership.tabular import csv_lines, xlsx_write

    rounds = _seed(sizes)
    report = get_report("awards")
    out = Path(tempfile.mkdtemp()) / "bench.xlsx"
    writers = {
        "csv": lambda filters: sum(len(line) for line in csv_lines(report.header(), report.rows(filters))),
        "xlsx": lambda filters: xlsx_write(str(out), report.sheets(filters)),
    }
    print(f"{'format':<6} {'rows':>7} {'seconds':>8} {'rows/s':>8} {'peak MiB':>9} {'queries':>8}")
    failures = []
    for name, write in writers.items():
        write({"round": rounds[sizes[0]]})  # warm-up: translations, country names
        results = {}
        for size in sizes:
            run = lambda size=size, write=write: write({"round": rounds[size]})  # noqa: E731
            seconds, queries = _timed(run)
            peak = _peak_memory(run)
            results[size] = (seconds, peak, queries)
            print(
                f"{name:<6} {size:>7} {seconds:>8.2f} {size / seconds:>8.0f} {peak / 2**20:>9.2f} {queries:>8}"
            )
        small, large = results[sizes[0]], results[sizes[-1]]
        ratio = large[1] / small[1]
        print(
            f"{name:<6} ×{sizes[-1] // sizes[0]} rows: time ×{large[0] / small[0]:.1f}, "
            f"memory ×{ratio:.2f}, queries {small[2]} → {large[2]}"
        )
        if large[0] > TARGET_SECONDS[name]:
            failures.append(f"{name} {sizes[-1]} rows in {large[0]:.1f} s > {TARGET_SECONDS[name]:.0f} s")
        if ratio > MEMORY_RATIO:
            failures.append(f"{name} memory ×{ratio:.2f} > ×{MEMORY_RATIO}")
        if large[2] != small[2]:
            failures.append(f"{name} queries grow {small[2]} → {large[2]}")
    print("; ".join(failures) if failures else "every export target met")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
