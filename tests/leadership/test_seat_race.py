"""The last seat under concurrency: every racer has its own connection; the row lock serialises them."""

import threading

import pytest
from django.core import mail
from django.db import connection, connections

from leadership.models import Enrolment, Rsvp, RsvpState
from leadership.services import DevelopmentRefused, gathering_rsvp, rsvp_cancel, session_enrol
from tests.conftest import require
from tests.factories import CohortFactory, GatheringFactory, TrainingSessionFactory, group_admin

RACERS = 20


def race(people, attempt):
    """Start every attempt at the same moment, each in its own thread and database connection."""
    barrier = threading.Barrier(len(people))
    results, errors = {}, []

    def run(person):
        try:
            barrier.wait(timeout=30)
            results[person.pk] = attempt(person)
        except Exception as error:  # collected and asserted on below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_twenty_racers_for_the_last_seat_one_confirmed_nineteen_waitlisted():
    require(connection.vendor == "postgresql", "PostgreSQL")
    gathering = GatheringFactory(capacity=3)
    for _ in range(2):
        gathering_rsvp(gathering=gathering, by=group_admin())
    racers = [group_admin() for _ in range(RACERS)]

    results, errors = race(racers, lambda person: gathering_rsvp(gathering=gathering, by=person).state)

    assert errors == []
    states = list(results.values())
    assert states.count(RsvpState.CONFIRMED) == 1
    assert states.count(RsvpState.WAITLISTED) == RACERS - 1
    assert Rsvp.objects.filter(gathering=gathering, state=RsvpState.CONFIRMED).count() == 3  # never oversold
    # The waitlist order is the order in which the lock served the racers.
    waitlist = Rsvp.objects.filter(gathering=gathering, state=RsvpState.WAITLISTED)
    assert list(waitlist.order_by("requested_at", "id").values_list("id", flat=True)) == list(
        waitlist.order_by("id").values_list("id", flat=True)
    )

    first_waiting = waitlist.order_by("requested_at", "id").select_related("user").first()
    winner = Rsvp.objects.get(gathering=gathering, state=RsvpState.CONFIRMED, user__in=racers).user
    mail.outbox.clear()
    rsvp_cancel(gathering=gathering, user=winner, by=winner)

    first_waiting.refresh_from_db()
    assert first_waiting.state == RsvpState.CONFIRMED
    assert Rsvp.objects.filter(gathering=gathering, state=RsvpState.CONFIRMED).count() == 3
    assert Rsvp.objects.filter(gathering=gathering, state=RsvpState.WAITLISTED).count() == RACERS - 2
    assert [m.to for m in mail.outbox] == [[first_waiting.user.email]]


@pytest.mark.django_db(transaction=True)
def test_ten_racers_for_the_last_training_place_one_enrolled():
    require(connection.vendor == "postgresql", "PostgreSQL")
    session = TrainingSessionFactory(capacity=1, open_to_all_admins=True, cohorts=[CohortFactory()])
    racers = [group_admin() for _ in range(10)]

    def attempt(person):
        try:
            return session_enrol(session=session, user=person, by=person).state
        except DevelopmentRefused:
            return "refused"

    results, errors = race(racers, attempt)

    assert errors == []
    assert sorted(results.values()).count("enrolled") == 1
    assert list(results.values()).count("refused") == 9
    assert Enrolment.objects.filter(session=session, state="enrolled").count() == 1
