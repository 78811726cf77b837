"""PostgreSQL holds the program caps itself: raw ORM and raw SQL meet the same refusal as the services."""

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import F

from grants.models import Award, AwardStatus
from grants.services import CapExceeded, award_amend, award_cancel, award_make, program_usage
from grants.services.caps import ProgramUsage, database_cap
from programs.models import Program
from tests.conftest import require
from tests.grants.support import bulk_awards, make_award, program, round_of, shortlisted

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _postgresql():
    require(connection.vendor == "postgresql", "PostgreSQL")


@contextmanager
def _refused(cap: str) -> Iterator[None]:
    """The block is refused by the database trigger naming this cap (in a savepoint, so the test goes on)."""
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        yield
    assert database_cap(caught.value) == cap


def _new_award(slug: str, amount: Decimal, staff) -> Award:
    """An unsaved award on a fresh shortlisted application, for raw inserts."""
    application = shortlisted(slug, requested=amount if slug == "residency" else None)
    return Award(application=application, program=program(slug), amount=amount, offered_by=staff)


def _sql_insert(award: Award) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO grants_award (application_id, program_id, amount, status, agreement, agreement_fr,"
            " offered_at, offered_by_id, list_publicly, status_changed_at)"
            " VALUES (%s, %s, %s, 'offered', '', '', now(), %s, false, now())",
            [award.application_id, award.program_id, award.amount, award.offered_by_id],
        )


@pytest.fixture
def residency_with_slots():
    residency = program("residency")
    residency.max_awards = 10  # so the budget, not the slot count, binds
    residency.save(update_fields=["max_awards"])
    return residency


def test_101st_live_fellowship_award_refused_by_bulk_create_save_and_sql(staff):
    bulk_awards(100, round_=round_of("fellowship"))
    with _refused("program_award_count_cap"):
        Award.objects.bulk_create([_new_award("fellowship", Decimal("50000"), staff)])
    with _refused("program_award_count_cap"):
        _new_award("fellowship", Decimal("50000"), staff).save()
    with _refused("program_award_count_cap"):
        _sql_insert(_new_award("fellowship", Decimal("50000"), staff))
    assert program_usage(program("fellowship")).live_awards == 100


def test_a_declined_award_does_not_hold_a_slot_but_reviving_it_is_refused(staff):
    bulk_awards(100, round_=round_of("fellowship"))
    Award.objects.bulk_create(
        [
            Award(
                application=shortlisted("fellowship"),
                program=program("fellowship"),
                amount=Decimal("50000"),
                offered_by=staff,
                status=AwardStatus.DECLINED_BY_GRANTEE,
            )
        ]
    )
    with _refused("program_award_count_cap"):
        Award.objects.filter(status=AwardStatus.DECLINED_BY_GRANTEE).update(status=AwardStatus.OFFERED)


def test_6th_residency_award_refused(staff):
    bulk_awards(5, round_=round_of("residency"), amount=Decimal("100000"))
    with _refused("program_award_count_cap"):
        Award.objects.bulk_create([_new_award("residency", Decimal("100000"), staff)])
    with _refused("program_award_count_cap"):
        _sql_insert(_new_award("residency", Decimal("100000"), staff))


def test_residency_award_over_one_million_refused(staff):
    with _refused("program_award_amount_cap"):
        _new_award("residency", Decimal("1000000.01"), staff).save()
    with _refused("program_award_amount_cap"):
        _sql_insert(_new_award("residency", Decimal("1000000.01"), staff))


def test_update_to_9_999_999_refused_by_queryset_update_save_and_sql(staff):
    award = make_award(staff, "residency", amount=Decimal("500000"), requested=Decimal("500000"))
    with _refused("program_award_amount_cap"):
        Award.objects.filter(pk=award.pk).update(amount=Decimal("9999999"))
    with _refused("program_award_amount_cap"):
        award.amount = Decimal("9999999")
        award.save(update_fields=["amount"])
    with _refused("program_award_amount_cap"), connection.cursor() as cursor:
        cursor.execute("UPDATE grants_award SET amount = 9999999 WHERE id = %s", [award.pk])
    assert Award.objects.get(pk=award.pk).amount == Decimal("500000")


def test_fellowship_of_50_000_01_refused_and_so_is_less(staff):
    with _refused("program_fixed_amount"):
        Award.objects.bulk_create([_new_award("fellowship", Decimal("50000.01"), staff)])
    award = make_award(staff, "fellowship")
    with _refused("program_fixed_amount"):
        Award.objects.filter(pk=award.pk).update(amount=F("amount") - 1)


def test_residency_total_of_6_75_million_refused(staff, residency_with_slots):
    bulk_awards(5, round_=round_of("residency"), amount=Decimal("1000000"))
    with _refused("program_total_budget_cap"):
        Award.objects.bulk_create(
            [
                _new_award("residency", Decimal("1000000"), staff),
                _new_award("residency", Decimal("750000"), staff),
            ]
        )
    with _refused("program_total_budget_cap"):
        _sql_insert(_new_award("residency", Decimal("750000"), staff))
    assert program_usage(residency_with_slots).committed == Decimal("5000000")


def test_lowering_an_amount_frees_money_to_the_cent(staff, residency_with_slots):
    bulk_awards(5, round_=round_of("residency"), amount=Decimal("1000000"))
    award = Award.objects.filter(program=residency_with_slots).first()
    Award.objects.filter(pk=award.pk).update(amount=Decimal("250000"))
    with _refused("program_total_budget_cap"):
        Award.objects.bulk_create([_new_award("residency", Decimal("750000.01"), staff)])
    Award.objects.bulk_create([_new_award("residency", Decimal("750000"), staff)])
    assert program_usage(residency_with_slots).committed == Decimal("5000000")


def test_cutting_budget_or_cap_below_committed_refused(staff):
    bulk_awards(3, round_=round_of("residency"), amount=Decimal("1000000"))
    residency = program("residency")
    with _refused("program_total_budget_cap"):
        Program.objects.filter(pk=residency.pk).update(total_budget=Decimal("2999999.99"))
    with _refused("program_total_budget_cap"):
        residency.total_budget = Decimal("2000000")
        residency.save()
    with _refused("program_award_count_cap"), connection.cursor() as cursor:
        cursor.execute("UPDATE programs_program SET max_awards = 2 WHERE id = %s", [residency.pk])
    Program.objects.filter(pk=residency.pk).update(total_budget=Decimal("3000000"), max_awards=3)


def test_money_paid_before_a_cancellation_stays_committed(staff, community, applicant):
    award = award_make(
        application=shortlisted("residency", community=community), by=staff, amount=Decimal("1000000")
    )
    award.tranches.filter(number=1).update(paid_on="2026-01-01", payment_reference="R1")
    award_cancel(award=award, by=staff, reason="The group closed.")
    with _refused("program_total_budget_cap"):
        Program.objects.filter(slug="residency").update(total_budget=Decimal("399999.99"))


def test_the_service_still_gives_its_friendly_message(staff):
    bulk_awards(100, round_=round_of("fellowship"))
    with pytest.raises(CapExceeded, match="cap of 100 awards"):
        make_award(staff, "fellowship")


def test_a_refusal_only_the_database_caught_becomes_the_services_message(staff, monkeypatch):
    """Were the service's checks ever wrong or stale, the trigger's refusal is still a CapExceeded."""
    import grants.services.amendments as amendments
    import grants.services.awards as awards

    bulk_awards(100, round_=round_of("fellowship"))
    monkeypatch.setattr(
        awards, "program_usage", lambda program: ProgramUsage(live_awards=0, committed=Decimal(0))
    )
    with pytest.raises(CapExceeded, match="cap of 100 awards"):
        make_award(staff, "fellowship")

    award = make_award(staff, "residency", amount=Decimal("500000"), requested=Decimal("500000"))
    monkeypatch.setattr(amendments, "_check_amount", lambda program, amount: None)
    with pytest.raises(CapExceeded, match="maximum amount per award"):
        award_amend(award=award, by=staff, amount=Decimal("1000000.01"), reason="Typo")
    assert Award.objects.get(pk=award.pk).amount == Decimal("500000")
