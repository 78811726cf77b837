"""programs.open_now: the dashboard's open rounds, read once per process every few seconds."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from programs.models import Round
from programs.open_now import KEEP_SECONDS, rounds_open_now
from tests.factories import RoundFactory

pytestmark = pytest.mark.django_db


def _pks() -> set[int]:
    return {round_.pk for round_ in rounds_open_now()}


def test_the_same_rounds_as_the_query_and_no_query_while_kept():
    RoundFactory(), RoundFactory(reviewed=True)
    upcoming = RoundFactory(opens_at=timezone.now() + timedelta(days=1))
    expected = set(Round.objects.open().values_list("pk", flat=True))
    assert _pks() == expected and upcoming.pk not in expected
    with CaptureQueriesContext(connection) as queries:
        assert _pks() == expected
    assert len(queries) == 0


def test_a_round_opens_and_closes_on_the_second_without_a_new_read():
    now = timezone.now()
    closing = RoundFactory(closes_at=now + timedelta(seconds=2))
    opening = RoundFactory(opens_at=now + timedelta(seconds=2))
    with time_machine.travel(now, tick=False):
        assert closing.pk in _pks() and opening.pk not in _pks()
    with (
        time_machine.travel(now + timedelta(seconds=3), tick=False),
        CaptureQueriesContext(connection) as queries,
    ):
        assert closing.pk not in _pks() and opening.pk in _pks()
    assert len(queries) == 0


def test_a_round_saved_here_is_seen_at_once_and_one_changed_elsewhere_within_the_keep_time():
    round_ = RoundFactory(title="Before")
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        assert [r.title for r in rounds_open_now()] == ["Before"]
        added = RoundFactory(title="Added")  # a save in this process: the signal forgets
        assert {r.title for r in rounds_open_now()} == {"Before", "Added"}
        # Another process's change: no signal here.
        Round.objects.filter(pk=added.pk).update(title="Renamed elsewhere")
        assert "Renamed elsewhere" not in {r.title for r in rounds_open_now()}
    with time_machine.travel(now + timedelta(seconds=KEEP_SECONDS + 1), tick=False):
        assert {r.title for r in rounds_open_now()} == {"Before", "Renamed elsewhere"}
    assert round_.pk in _pks()


def test_a_clock_moved_back_reads_again():
    past = RoundFactory(reviewed=True)
    assert past.pk not in _pks()
    with time_machine.travel(past.closes_at - timedelta(days=1), tick=False):
        assert past.pk in _pks()


def test_callers_get_copies_they_may_annotate():
    RoundFactory()
    first = rounds_open_now()[0]
    first.can_apply = True
    assert not hasattr(rounds_open_now()[0], "can_apply")
