"""`python manage.py demo_totp`: the current code of the demo staff and reviewer's app."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from leadership.demo import demo_totp_code, demo_totp_secret


class Command(BaseCommand):
    help = "Print the current two-step verification code for the demo staff and reviewer logins."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"{demo_totp_code()}  (demo key {demo_totp_secret()}, a new code every 30 s)")
