"""Reviewer calibration of a 20,000-application round with 60,000 reviews: fails over 1 s.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python -m bench.calibration

Seeds (or reuses) `bench_selection` with `seed_scale` (bench/_scale.py), then times
`round_calibration` on the round: the median of 5 runs after one warm-up, and its query count.
"""

from __future__ import annotations

import statistics
import sys
import time

from bench._scale import biggest_round, scale_database

TARGET_SECONDS = 1.0
REPEAT = 5


def main() -> int:
    scale_database()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from applications.calibration import round_calibration

    round_ = biggest_round()
    round_calibration(round_)  # warm-up
    times = []
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = round_calibration(round_)
            times.append(time.perf_counter() - started)
    seconds = statistics.median(times)
    print(
        f"   calibration: {result.reviews} reviews, {len(result.reviewers)} reviewers, "
        f"alpha {result.alpha:.3f}, {len(result.flagged)} flagged; "
        f"{seconds:.3f} s (median of {REPEAT}), {len(queries)} queries, target ≤ {TARGET_SECONDS:.0f} s"
    )
    return 0 if seconds <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
