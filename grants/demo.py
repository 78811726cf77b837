"""Demo rounds for `manage.py seed_demo`: one open round per program and a closed one."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from programs.models import Program, Round

# (program slug, title, opens, closes, reviews close), in days from the first run.
ROUNDS = [
    ("residency", "Residency — open call", -7, 21, 75),
    ("fellowship", "Fellowship — open call", -10, 23, 60),
    ("fellowship", "Fellowship — pilot round", -75, -14, 16),
    ("residency", "Residency — pilot round", -80, -20, -5),
    ("fellowship", "Fellowship — 2025 round", -200, -150, -120),
]


def seed_rounds() -> str:
    """Dates count from the first run; later runs leave existing rounds alone."""
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    created = 0
    for slug, title, opens, closes, review in ROUNDS:
        _round, was_created = Round.objects.get_or_create(
            program=Program.objects.get(slug=slug),
            title=title,
            defaults={
                "opens_at": now + timedelta(days=opens),
                "closes_at": (now + timedelta(days=closes)).replace(hour=23, minute=59),
                "review_closes_at": now + timedelta(days=review),
            },
        )
        created += was_created
    return f"{created} rounds created, {len(ROUNDS) - created} already there"
