"""The rounds open now, as every applicant's dashboard lists them: read once per process every
few seconds instead of once per page (a deadline day loads the dashboard thousands of times).

What is kept is every round not yet closed when it was read, with its program; whether each is
open is decided at each call, so a round opens and closes on the second. A round or program
saved in this process is seen at once (signals); one saved elsewhere within KEEP_SECONDS.
"""

from __future__ import annotations

import copy
from datetime import datetime, timedelta

from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from .models import Program, Round

KEEP_SECONDS = 10
# (when read, the rounds read): replaced whole, so a thread never sees half of a read or a forget.
_kept: tuple[datetime, list[Round]] | None = None


def rounds_open_now() -> list[Round]:
    """The rounds open at this moment, soonest to close first; copies the caller may annotate."""
    global _kept
    now = timezone.now()
    kept = _kept
    # Wall time, not a monotonic clock: a clock moved back (or a test travelling) reads again.
    if kept is None or not kept[0] <= now < kept[0] + timedelta(seconds=KEEP_SECONDS):
        rounds = list(Round.objects.filter(closes_at__gt=now).select_related("program").order_by("closes_at"))
        kept = _kept = (now, rounds)
    return [copy.copy(round_) for round_ in kept[1] if round_.is_open_at(now)]


def round_with_program(round_id: int) -> Round:
    """Round `round_id` with its program: from the rounds kept here while it is open (the round of
    every draft being typed into, unless extended), else read."""
    kept = next((round_ for round_ in rounds_open_now() if round_.pk == round_id), None)
    return kept or Round.objects.select_related("program").get(pk=round_id)


def rounds_open_now_forget(**_: object) -> None:
    global _kept
    _kept = None


def register() -> None:
    for model in (Round, Program):
        post_save.connect(rounds_open_now_forget, sender=model, dispatch_uid=f"open-now-{model.__name__}")
        post_delete.connect(
            rounds_open_now_forget, sender=model, dispatch_uid=f"open-now-del-{model.__name__}"
        )
