"""A PostgreSQL database seeded by `seed_scale` for the selection benches (calibration, flags).

Made once as `bench_selection` on DATABASE_URL's server and reused by the next bench of the same
run (or a later one) while it holds the same dataset: seeding 20,000 applications takes about
40 s. One round holds every application, so "the round" is the whole 20k.
"""

from __future__ import annotations

import os
import sys
import time
from urllib.parse import urlsplit, urlunsplit

NAME = "bench_selection"
APPLICATIONS = 20_000
REVIEWS = 60_000


def scale_database() -> None:
    """Point Django at `bench_selection`, migrated and seeded; exits when DATABASE_URL is not PostgreSQL."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("the selection benches measure PostgreSQL: set DATABASE_URL=postgres://…")
    import psycopg2

    parts = urlsplit(url)
    admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [NAME])
        if cursor.fetchone() is None:
            cursor.execute(f"CREATE DATABASE {NAME}")
    admin.close()
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{NAME}"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.pop("REDIS_URL", None)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from applications.models import Application, Review

    if Application.objects.count() != APPLICATIONS or Review.objects.count() != REVIEWS:
        started = time.perf_counter()
        call_command(
            "seed_scale",
            applications=APPLICATIONS,
            reviews=REVIEWS,
            communities=APPLICATIONS,
            force=True,
            verbosity=0,
        )
        print(
            f"   seeded {APPLICATIONS} applications, {REVIEWS} reviews in {time.perf_counter() - started:.0f} s"
        )


def biggest_round():
    from django.db.models import Count

    from programs.models import Round

    return Round.objects.annotate(n=Count("applications")).order_by("-n").first()
