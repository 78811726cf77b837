"""Award report exports at 1,000 and 10,000 rows: time, peak Python memory and SQL queries.

    python -m bench.exports            # a throwaway SQLite database
    DATABASE_URL=postgres://... python -m bench.exports

Time should grow about tenfold (linear in rows); memory and queries should not grow.
"""

from __future__ import annotations

import gc
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

SIZES = (1_000, 10_000)


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)


def _measure(function) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    gc.collect()
    tracemalloc.start()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        function()
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return elapsed, peak, len(queries)


def main() -> int:
    _setup()
    from grants.exports import get_report
    from leadership.tabular import csv_lines, xlsx_write
    from tests.grants.support import bulk_awards, round_of

    rounds = {size: bulk_awards(size, round_=round_of("fellowship"), name=f"B{size}") for size in SIZES}
    report = get_report("awards")
    out = Path(tempfile.mkdtemp()) / "bench.xlsx"
    writers = {
        "csv": lambda filters: sum(len(line) for line in csv_lines(report.header(), report.rows(filters))),
        "xlsx": lambda filters: xlsx_write(str(out), report.sheets(filters)),
    }
    print(f"{'format':<6} {'rows':>7} {'seconds':>8} {'peak MiB':>9} {'queries':>8}")
    ok = True
    for name, write in writers.items():
        write({"round": rounds[SIZES[0]].pk})  # warm-up: translations, country names
        results = {}
        for size in SIZES:
            results[size] = _measure(lambda size=size, write=write: write({"round": rounds[size].pk}))
            seconds, peak, queries = results[size]
            print(f"{name:<6} {size:>7} {seconds:>8.2f} {peak / 2**20:>9.2f} {queries:>8}")
        small, large = results[SIZES[0]], results[SIZES[-1]]
        print(
            f"{name:<6} ratios ×{SIZES[-1] // SIZES[0]} rows: time ×{large[0] / small[0]:.1f}, "
            f"memory ×{large[1] / small[1]:.2f}, queries {small[2]} → {large[2]}"
        )
        ok &= large[2] == small[2]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
