"""Twenty staff racing for the last slot or the last dollars: exactly one wins, caps hold (PostgreSQL)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum

from grants.models import Award
from grants.services import CapExceeded, award_make, program_usage
from tests.conftest import require
from tests.factories import StaffFactory
from tests.grants.support import fill_program, program, shortlisted

WORKERS = 20


def _race(applications, staff, amount=None) -> tuple[list, list]:
    barrier = threading.Barrier(len(applications))
    wins, refusals, errors = [], [], []

    def work(application):
        try:
            barrier.wait(timeout=30)
            wins.append(
                award_make(application=application, by=staff, amount=amount, above_request_confirmed=True)
            )
        except CapExceeded as refusal:
            refusals.append(str(refusal))
        except Exception as error:  # anything else is a bug the test must show
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return wins, refusals


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_staff_race_for_the_last_fellowship_slot():
    require(connection.vendor == "postgresql", "PostgreSQL")
    fellowship = program("fellowship")
    round_ = fill_program("fellowship", count=fellowship.max_awards - 1)
    staff = StaffFactory()
    contenders = [shortlisted("fellowship", round_=round_) for _ in range(WORKERS)]
    wins, refusals = _race(contenders, staff)
    assert len(wins) == 1 and len(refusals) == WORKERS - 1
    assert all("cap of 100 awards" in message for message in refusals)
    assert Award.objects.filter(application__in=contenders).count() == 1
    usage = program_usage(fellowship)
    assert usage.live_awards == fellowship.max_awards
    assert usage.committed <= fellowship.total_budget


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_staff_race_for_the_last_million_of_the_residency_budget():
    require(connection.vendor == "postgresql", "PostgreSQL")
    residency = program("residency")
    residency.max_awards = 50  # so the budget, not the slot count, is the binding cap
    residency.save(update_fields=["max_awards"])
    round_ = fill_program("residency", count=4, amount=Decimal("1000000"))
    staff = StaffFactory()
    contenders = [
        shortlisted("residency", round_=round_, requested=Decimal("600000")) for _ in range(WORKERS)
    ]
    wins, refusals = _race(contenders, staff, amount=Decimal("600000"))
    assert len(wins) == 1 and len(refusals) == WORKERS - 1
    assert all("total budget" in message for message in refusals)
    total = Award.objects.filter(program=residency).live().aggregate(total=Sum("amount"))["total"]
    assert total == Decimal("4600000") <= residency.total_budget
