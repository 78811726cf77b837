"""`python manage.py seed_demo`: load the demo data, idempotently, and print the demo logins."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

# Each app's one demo module holds its steps; a new feature adds its step here, in dependency order.
STEPS = [
    "leadership.demo.seed_people",
    "applications.demo.seed_roles",
    "leadership.demo.seed_second_factors",
    "leadership.privacy.demo.seed_privacy_notice",
    "leadership.demo.seed_communities",
    "programs.demo.seed_french",
    "grants.demo.seed_rounds",
    "applications.demo.seed_applications",
    "applications.demo.seed_reviews",
    "applications.demo_decisions.seed_decision_messages",
    "grants.demo.seed_awards",
    "leadership.demo.seed_cohort_sessions",
    "leadership.demo.seed_gatherings",
]

LOGINS = [
    ("group admin", "admin@demo.example"),
    ("reviewer", "reviewer@demo.example"),
    ("staff", "staff@demo.example"),
]


def demo_banner() -> str:
    """The demo logins and where to find things, printed last by `make run` (serve_demo)."""
    from leadership.demo import DEMO_PASSWORD, demo_totp_secret

    site = settings.SITE_URL.rstrip("/")
    mail_dir = getattr(settings, "EMAIL_FILE_PATH", None)
    lines = [
        "",
        "=" * 64,
        f"  Demo data ready. Open {site}/",
        "",
        *(f"  {role:<12} {email:<26} {DEMO_PASSWORD}" for role, email in LOGINS),
        "",
        f"  Staff can also use the Django admin: {site}/admin/",
        "  Staff and reviewer then type a code from an authenticator app with the demo key",
        f"  {demo_totp_secret()}, or the one `python manage.py demo_totp` prints.",
        f"  Emails are written to {mail_dir}" if mail_dir else "",
        "=" * 64,
    ]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Load demo programs' rounds, people, communities and applications. Safe to run again."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--no-banner",
            action="store_true",
            help="Do not print the demo logins (make run prints them once the server is up).",
        )

    def handle(self, *args, **options) -> None:
        for dotted in STEPS:
            step = import_string(dotted)
            # One transaction per step: a failing step leaves the earlier ones in place, and
            # the emails it queued are sent only if it completes.
            with transaction.atomic():
                summary = step()
            self.stdout.write(f"  {dotted}: {self._describe(summary)}")
        if not options["no_banner"]:
            self.stdout.write(self.style.SUCCESS(demo_banner()))

    @staticmethod
    def _describe(summary) -> str:
        if isinstance(summary, str):
            return summary
        if isinstance(summary, list | tuple):
            return f"{len(summary)} in place"
        return "done"
