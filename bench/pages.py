"""Staff pages and the admin at the size of a real cycle: queries at 10 and at N applications, server time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python -m bench.pages [--applications 20000]

Makes a throwaway database `<db>_bench_pages` on DATABASE_URL's server, seeds 10 applications
(`seed_scale`), measures every admin changelist, one change page per model and the staff pages,
then seeds N applications with 3 reviews each and measures again. Server time is the median of
5 requests through Django's test client (the whole middleware stack, no network). Each page is
also given as a throughput ratio to a bare `HttpResponse("ok")` view timed the same way in the
same run. Exits 1 when a query count grows with N or a page misses its target.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from urllib.parse import urlsplit, urlunsplit

REPEAT = 5
TARGET_MS = {"ranking": 100.0, "export applications": 2000.0}
DEFAULT_TARGET_MS = 150.0


def _throwaway_database() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("bench.pages measures PostgreSQL: set DATABASE_URL=postgres://…")
    import psycopg2

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'postgres'}_bench_pages"  # each checkout its own
    admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {name}")
    admin.close()
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench._settings")
    os.environ.pop("REDIS_URL", None)  # sessions and caches in process: measure the page, not Redis

    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)


def _staff_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    from tests.conftest import session_passes_second_factor

    user, _ = get_user_model().objects.get_or_create(
        email="bench-superuser@bench.example.org",
        defaults={"is_superuser": True, "is_staff": True, "full_name": "Bench"},
    )
    client = Client()
    client.force_login(user)
    session_passes_second_factor(client, user)
    return client


def _pages() -> dict[str, Callable[[], str]]:
    """Name → a function giving the URL now (objects change between the two seeds)."""
    from django.contrib import admin
    from django.db.models import Count
    from django.urls import reverse

    from applications.models import Application
    from grants.models import Award
    from programs.models import Round

    def biggest_round() -> int:
        return Round.objects.annotate(n=Count("applications")).order_by("-n").values_list("pk", flat=True)[0]

    def first(model) -> int | None:
        return model._default_manager.order_by("pk").values_list("pk", flat=True).first()

    pages: dict[str, Callable[[], str]] = {
        "bare view": lambda: "/bench/bare",
        "admin index": lambda: reverse("admin:index"),
        "staff home": lambda: reverse("staff_home") + f"?round={biggest_round()}",
        "staff review rounds": lambda: reverse("staff_review_rounds"),
        "ranking": lambda: reverse("round_ranking", args=[biggest_round()]),
        "staff application reviews": lambda: reverse("staff_application_reviews", args=[first(Application)]),
        "staff budget dashboard": lambda: reverse("staff_dashboard"),
        "staff shortlist": lambda: reverse("staff_shortlist"),
        "staff reports": lambda: reverse("staff_reports"),
        "staff award detail": lambda: reverse("staff_award_detail", args=[first(Award)]),
    }
    for model in admin.site._registry:
        meta = model._meta
        base = f"admin:{meta.app_label}_{meta.model_name}"
        pages[f"admin {meta.label} list"] = lambda base=base: reverse(f"{base}_changelist")
        pages[f"admin {meta.label} change"] = lambda base=base, model=model: (
            reverse(f"{base}_change", args=[pk]) if (pk := first(model)) else ""
        )
    return pages


def _timed(client, url: str) -> tuple[float, int, int]:
    """Median milliseconds of REPEAT requests, the query count of the last, and its status."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up: templates, translations
    times = []
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), len(queries), response.status_code


def _export_applications() -> tuple[float, int]:
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext

    from grants.exports import get_report
    from leadership.tabular import csv_lines
    from programs.models import Round

    round_id = Round.objects.annotate(n=Count("applications")).order_by("-n").values_list("pk", flat=True)[0]
    report = get_report("applications")
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        sum(len(line) for line in csv_lines(report.header(), report.rows({"round": round_id})))
        elapsed = (time.perf_counter() - started) * 1000
    return elapsed, len(queries)


def _measure(label: str) -> dict[str, tuple[float, int, int]]:
    client = _staff_client()
    results = {}
    for name, url_of in _pages().items():
        url = url_of()
        if url:
            results[name] = _timed(client, url)
    ms, queries = _export_applications()
    results["export applications"] = (ms, queries, 200)
    print(f"   measured at {label}: {len(results)} pages")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pages")
    parser.add_argument("--applications", type=int, default=20_000)
    arguments = parser.parse_args(argv if argv is not None else [])
    _throwaway_database()
    from django.core.management import call_command

    call_command("seed_scale", applications=10, reviews=30, force=True, verbosity=0)
    small = _measure("10 applications")
    started = time.perf_counter()
    large_n = arguments.applications
    call_command("seed_scale", applications=large_n, reviews=3 * large_n, force=True, verbosity=0)
    print(f"   seeded {large_n} applications in {time.perf_counter() - started:.0f} s")
    large = _measure(f"{large_n} applications")

    bare_ms = large["bare view"][0]
    print(f"{'page':<52} {'q@10':>5} {'q@N':>5} {'ms@N':>8} {'ratio':>7} {'status':>6}  verdict")
    failures = 0
    for name, (ms, queries, status) in large.items():
        small_queries = small.get(name, (0, queries, 0))[1]
        target = TARGET_MS.get(name, DEFAULT_TARGET_MS)
        problems = []
        if queries > small_queries:
            problems.append(f"queries grow {small_queries}→{queries}")
        if ms > target:
            problems.append(f"over {target:.0f} ms")
        if status >= 400:
            problems.append(f"status {status}")
        failures += bool(problems)
        print(
            f"{name[:52]:<52} {small_queries:>5} {queries:>5} {ms:>8.1f} {bare_ms / ms:>7.3f} {status:>6}  "
            + ("; ".join(problems) or "met")
        )
    print(f"{failures} page(s) miss a target" if failures else "every target met")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
