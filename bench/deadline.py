"""Deadline day: the applicant pages under gunicorn, with a real Celery worker, beat and relay.

    DATABASE_URL=postgres://... python -m bench.deadline          # or: make bench-deadline
    python -m bench.deadline --users 50 --duration 20             # a short smoke run
    python -m bench.deadline --worker-class gthread --threads 4   # another gunicorn setting

Needs PostgreSQL and redis-server. Everything runs in processes of its own: a throwaway
database (<name>_bench_deadline, dropped at the end), a Redis on a free port (never the one
in REDIS_URL), gunicorn with config/gunicorn.py in production mode, `celery worker`,
`celery beat` and `manage.py outbox_relay`. The load comes from plain http.client threads
in forked processes: locust brings gevent, which patches sockets and fights with the
psycopg2 the bench uses to seed and count; a small open-loop generator is all this needs.

Phases, each printed:
1. pages: closed-loop throughput of a bare HttpResponse("ok") view (bench._urls) and of the
   applicant dashboard, edit page and autosave POST, as ratios to the bare view
   (targets ≥ 0.12, 0.08, 0.15);
2. surge: USERS applicants autosaving every INTERVAL s plus RATE submissions/s for DURATION s,
   open loop (each request leaves at its planned time): p95 and errors per kind,
   submissions/s, then the emails drained (p95 lag from the outbox row to sent);
3. logins: a burst of log-ins (the full password hash) from one address while the autosave
   load runs, sent to a gunicorn pool of their own (--login-pool, 1 worker by default: the
   README's production recipe; 0 sends them to the page workers); p95 of autosave with and
   without it and the log-in answers.
Targets: 0 errors, p95 ≤ 300 ms for autosave and submit.
`make bench` imports this module and calls main() without arguments: that only prints how to
run it, as the surge takes minutes.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench._load import PASSWORD, autosave, page, run_plan, throughput
from bench._processes import SECRET_KEY, Services, session_for


def _p95(values: list[float]) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


# --- the database -------------------------------------------------------------------------


def _django_setup(database_url: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DATABASE_URL"] = database_url
    os.environ["SECRET_KEY"] = SECRET_KEY
    os.environ.pop("REDIS_URL", None)  # seeding sends nothing; the children get the bench Redis
    import django

    django.setup()


def _create_database() -> tuple[str, str]:
    """Create <name>_bench_deadline with every migration; return (old name, its URL)."""
    from django.db import connection

    old_name = connection.settings_dict["NAME"]
    name = f"{old_name}_bench_deadline"
    connection.settings_dict.setdefault("TEST", {})["NAME"] = name
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + name
    return old_name, url


def _seed(autosavers: int, submitters: int, loginers: int) -> dict:
    """Applicants, each with a community and a complete draft in one open round; a session each."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from applications.models import Application
    from leadership.models import Community, CommunityAdmin, FocusArea, User
    from tests.factories import ApplicationFactory, RoundFactory

    total = autosavers + submitters + loginers
    with transaction.atomic():
        round_ = RoundFactory(title="Deadline day")
        # One strong hash (the production hasher) shared by every account: seeding stays quick,
        # and each log-in still computes it in full.
        password = make_password(PASSWORD)
        users = User.objects.bulk_create(
            User(
                email=f"applicant{i}@bench.example.org",
                full_name=f"Applicant {i}",
                country="FR",
                time_zone="UTC",
                language="en",
                password=password,
            )
            for i in range(total)
        )
        communities = Community.objects.bulk_create(
            Community(
                name=f"Bench community {i}",
                url=f"https://groups.example.org/bench-{i}",
                platform="facebook",
                member_count=2500,
                country="FR",
                primary_language="French",
                description="Neighbours helping neighbours.",
                year_founded=2015,
            )
            for i in range(total)
        )
        CommunityAdmin.objects.bulk_create(
            CommunityAdmin(community=c, user=u, is_creator=True)
            for c, u in zip(communities, users, strict=True)
        )
        health = FocusArea.objects.get(code="health")
        Community.focus_areas.through.objects.bulk_create(
            Community.focus_areas.through(community=c, focusarea=health) for c in communities
        )
        drafts = Application.objects.bulk_create(
            ApplicationFactory.build(round=round_, community=c, created_by=u)
            for c, u in zip(communities, users, strict=True)
        )
    sessions = [session_for(user) for user in users[: autosavers + submitters]]
    return {
        "autosavers": [(s, d.pk) for s, d in zip(sessions[:autosavers], drafts[:autosavers], strict=True)],
        "submitters": [
            (s, d.pk)
            for s, d in zip(sessions[autosavers:], drafts[autosavers : autosavers + submitters], strict=True)
        ],
        "logins": [u.email for u in users[autosavers + submitters :]],
        "round": round_.pk,
    }


# --- the phases -------------------------------------------------------------------------------

PAGE_TARGETS = {"dashboard": 0.12, "edit": 0.08, "autosave": 0.15}


def pages_phase(
    port: int, people: list[tuple[str, int]], seconds: float, cycles: int = 4
) -> tuple[dict, bool]:
    """Each page's closed-loop rate as a ratio to the bare view's, measured in turns.

    The pages take turns in `cycles` slices of seconds/cycles each (bare, dashboard, edit,
    autosave, bare, ...), and each ratio is the median of the ratios within one cycle: a
    neighbour's burst on a shared machine then slows one slice of every page, not one page.
    """
    calls = {
        "bare": lambda i, n: page(port, "", "/bench/bare"),
        "dashboard": lambda i, n: page(port, people[i % len(people)][0], "/applications/"),
        "edit": lambda i, n: page(
            port, people[i % len(people)][0], f"/applications/{people[i % len(people)][1]}/edit/"
        ),
        "autosave": lambda i, n: autosave(port, *people[i % len(people)], n),
    }
    for call in calls.values():
        throughput(port, call, 1.0)  # warm the workers (imports, templates, connections)
    rates: dict[str, list[float]] = {name: [] for name in calls}
    errors = dict.fromkeys(calls, 0)
    for _ in range(cycles):
        for name, call in calls.items():
            rate, failed = throughput(port, call, seconds / cycles)
            rates[name].append(rate)
            errors[name] += failed
    figures = {}
    ok = True
    for name in calls:
        rate = statistics.median(rates[name])
        ratio = statistics.median(r / bare for r, bare in zip(rates[name], rates["bare"], strict=True))
        figures[name] = rate
        target = PAGE_TARGETS.get(name)
        verdict = "" if target is None else ("ok" if ratio >= target else f"MISSED (target ≥ {target})")
        ok &= errors[name] == 0 and (target is None or ratio >= target)
        spread = f"{min(rates[name]):.0f}–{max(rates[name]):.0f}"
        print(
            f"  {name:<10} {rate:>8.1f} req/s ({spread})  ratio {ratio:>6.3f}  errors {errors[name]}  {verdict}"
        )
    return figures, ok


def surge_plan(people, submitters, *, duration: float, interval: float, rate: float, seed: int = 7):
    rng = random.Random(seed)
    plan = []
    for session, pk in people:
        phase = rng.uniform(0, interval)
        t, n = phase, 0
        while t < duration:
            plan.append((t, "autosave", (session, pk, n)))
            t, n = t + interval, n + 1
    count = min(len(submitters), int(duration * rate))
    for i in range(count):
        plan.append((i / rate, "submit", (*submitters[i], 0)))
    plan.sort(key=lambda item: item[0])
    return plan


def report(rows: list, duration: float) -> bool:
    ok = True
    for kind in sorted({row[0] for row in rows}):
        mine = [row for row in rows if row[0] == kind]
        errors: dict[str, int] = {}
        for row in mine:
            if row[3]:
                errors[row[3]] = errors.get(row[3], 0) + 1
        latencies = [row[2] for row in mine]
        p95 = _p95(latencies)
        late = _p95([row[1] for row in mine])
        print(
            f"  {kind:<9} {len(mine):>6} requests  {len(mine) / duration:>6.1f}/s  "
            f"median {statistics.median(latencies) * 1000:>6.0f} ms  p95 {p95 * 1000:>6.0f} ms  "
            f"errors {sum(errors.values())} {errors or ''}  (p95 start lag {late * 1000:.0f} ms)"
        )
        if kind in ("autosave", "submit"):
            ok &= not errors and p95 <= 0.300
    return ok


def drain_emails(timeout: float = 120) -> bool:
    from django.db.models import F

    from notifications.models import Notification

    started = time.monotonic()
    while time.monotonic() - started < timeout:
        waiting = Notification.objects.exclude(state="sent").count()
        if not waiting:
            break
        time.sleep(1)
    waited = time.monotonic() - started
    lags = [
        lag.total_seconds()
        for lag in Notification.objects.filter(state="sent")
        .annotate(lag=F("sent_at") - F("created_at"))
        .values_list("lag", flat=True)
    ]
    print(
        f"  emails: {len(lags)} sent, {waiting} not sent {waited:.0f} s after the load; "
        f"p95 lag {_p95(lags):.2f} s, max {max(lags, default=0):.2f} s"
    )
    return waiting == 0


def main(argv: list[str] | None = None) -> int:
    if argv is None:
        print("skipped: a load of minutes; run `make bench-deadline` (python -m bench.deadline)")
        return 0
    parser = argparse.ArgumentParser(prog="python -m bench.deadline", description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=500, help="applicants autosaving")
    parser.add_argument("--interval", type=float, default=10.0, help="seconds between autosaves")
    parser.add_argument("--rate", type=float, default=5.0, help="submissions per second")
    parser.add_argument("--duration", type=float, default=180.0, help="seconds of surge")
    parser.add_argument("--pages-seconds", type=float, default=8.0, help="seconds per page throughput")
    parser.add_argument("--logins", type=int, default=30, help="log-ins in the burst (0: no burst)")
    parser.add_argument(
        "--login-pool",
        type=int,
        default=1,
        help="send log-ins to a separate gunicorn of this many workers, as README's production recipe (0: none)",
    )
    parser.add_argument("--workers", default=os.environ.get("GUNICORN_WORKERS", str(os.cpu_count() * 2)))
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--threads", default="1")
    parser.add_argument("--skip", action="append", default=[], choices=["pages", "surge", "logins"])
    args = parser.parse_args(argv)

    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres") or not shutil.which("redis-server"):
        print("skipped: needs DATABASE_URL=postgres://... and redis-server")
        return 0
    _django_setup(database_url)
    old_name, bench_url = _create_database()
    work = Path(tempfile.mkdtemp(prefix="bench-deadline-"))
    gunicorn = {
        "GUNICORN_WORKERS": str(args.workers),
        "GUNICORN_WORKER_CLASS": args.worker_class,
        "GUNICORN_THREADS": str(args.threads),
        "GUNICORN_ACCESSLOG": "",
    }
    services = Services(bench_url, work, gunicorn)
    ok = True
    try:
        started = time.monotonic()
        people = _seed(args.users, int(args.duration * args.rate) + 10, args.logins)
        print(
            f"seeded {len(people['autosavers']) + len(people['submitters'])} applicants with drafts "
            f"in {time.monotonic() - started:.0f} s; gunicorn {args.workers} × {args.worker_class} "
            f"threads={args.threads}, {os.cpu_count()} cores"
        )
        services.start()
        port = services.web_port
        if "pages" not in args.skip:
            print(
                f"pages (closed loop, 16 clients, {args.pages_seconds:.0f} s each in 4 turns; "
                "median rate (range) and median ratio of the turns):"
            )
            ok &= pages_phase(port, people["autosavers"], args.pages_seconds)[1]
        if "surge" not in args.skip:
            print(
                f"surge: {args.users} applicants autosaving every {args.interval:.0f} s + "
                f"{args.rate:g} submissions/s for {args.duration:.0f} s:"
            )
            plan = surge_plan(
                people["autosavers"],
                people["submitters"],
                duration=args.duration,
                interval=args.interval,
                rate=args.rate,
            )
            rows = run_plan(port, plan)
            ok &= report(rows, args.duration)
            ok &= drain_emails()
        if "logins" not in args.skip and args.logins:
            login_port = services.start_pool("login-pool", args.login_pool) if args.login_pool else None
            ok &= logins_phase(port, people, args, login_port)
    finally:
        services.stop()
        from django.db import connection

        connection.creation.destroy_test_db(old_name, verbosity=0)
        shutil.rmtree(work, ignore_errors=True)
    print("deadline: all targets met" if ok else "deadline: a target was missed")
    return 0 if ok else 1


def logins_phase(port: int, people: dict, args, login_port: int | None = None) -> bool:
    """Autosave load for 30 s; in its middle third, a burst of log-ins from one address.

    With login_port the log-ins go to that gunicorn, as the proxy routes /accounts/login/ to a
    pool of its own (README, "Adding web hosts and workers").
    """
    seconds = 30.0
    plan = surge_plan(people["autosavers"], [], duration=seconds, interval=args.interval, rate=0)
    burst = [
        (10 + 10 * i / len(people["logins"]), "login", (email, i, login_port))
        for i, email in enumerate(people["logins"])
    ]
    plan = sorted(plan + burst, key=lambda item: item[0])
    pool = f", to a pool of {args.login_pool} worker(s)" if login_port else ""
    print(
        f"logins: {len(burst)} log-ins in 10 s from one address{pool}, amid {args.users} autosaving applicants:"
    )
    rows = run_plan(port, plan)
    report([row for row in rows if row[0] != "login"], seconds)
    autosaves = [row for row in rows if row[0] == "autosave"]
    during = [row[2] for row in autosaves if 10 <= row[4] < 20]
    outside = [row[2] for row in autosaves if not 10 <= row[4] < 20]
    answers: dict[str, int] = {}
    for row in rows:
        if row[0] == "login":
            answers[row[3] or "302"] = answers.get(row[3] or "302", 0) + 1
    print(
        f"  autosave p95 without the burst {_p95(outside) * 1000:.0f} ms, during it {_p95(during) * 1000:.0f} ms; "
        f"log-in answers {answers}"
    )
    # Log-ins refused (429) by the per-address limit are the point; only autosave must hold.
    return all(not row[3] for row in autosaves) and _p95(during) <= 0.300


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
