"""Caps per program: slots, budget, maximum; declines and cancellations give back slot and money."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from grants.models import AwardAmendment
from grants.services import (
    AwardRefused,
    CapExceeded,
    award_accept,
    award_amend,
    award_cancel,
    award_decline,
    award_make,
    program_usage,
    tranche_mark_paid,
)
from tests.grants.support import fill_program, make_award, program, shortlisted

pytestmark = pytest.mark.django_db


def test_last_fellowship_slot_then_cap_names_the_number(staff):
    fill_program("fellowship", count=99)
    make_award(staff, "fellowship")
    with pytest.raises(CapExceeded, match="cap of 100 awards"):
        make_award(staff, "fellowship")
    assert program_usage(program("fellowship")).live_awards == 100


def test_residency_budget_cap_names_the_budget(staff):
    residency = program("residency")
    residency.max_awards = 10
    residency.save(update_fields=["max_awards"])
    fill_program("residency", count=4, amount=Decimal("1000000"))
    make_award(staff, "residency", amount=Decimal("600000"), requested=Decimal("600000"))
    with pytest.raises(CapExceeded, match=r"total budget of \$5,000,000.00 \(\$400,000.00 left\)"):
        make_award(staff, "residency", amount=Decimal("500000"), requested=Decimal("500000"))
    assert program_usage(residency).committed == Decimal("4600000")


def test_declining_returns_the_slot_and_the_next_award_succeeds(staff, community, applicant):
    fill_program("fellowship", count=99)
    last = award_make(application=shortlisted("fellowship", community=community), by=staff)
    with pytest.raises(CapExceeded):
        make_award(staff, "fellowship")
    award_decline(award=last, by=applicant, reason="We cannot run it this year.")
    assert make_award(staff, "fellowship").amount == Decimal("50000")


def test_cancelling_returns_the_slot_and_the_undisbursed_money(staff, community, applicant):
    residency = program("residency")
    fill_program("residency", count=4, amount=Decimal("1000000"))
    award = award_make(
        application=shortlisted("residency", community=community), by=staff, amount=Decimal("1000000")
    )
    award_accept(award=award, by=applicant, agree=True)
    first = award.tranches.get(number=1)
    tranche_mark_paid(tranche=first, by=staff, paid_on=timezone.localdate(), reference="WIRE-1")
    award_cancel(award=award, by=staff, reason="The community closed.")
    usage = program_usage(residency)
    assert usage.live_awards == 4
    # The $400,000 already paid stays spent; the other $600,000 returns to the budget.
    assert usage.committed == Decimal("4400000")
    assert make_award(
        staff, "residency", amount=Decimal("600000"), requested=Decimal("600000")
    ).amount == Decimal("600000")
    with pytest.raises(CapExceeded):
        residency.max_awards = 10
        residency.save(update_fields=["max_awards"])
        make_award(staff, "residency", amount=Decimal("1"), requested=Decimal("1"))


def test_cancel_needs_a_reason(staff):
    award = make_award(staff, "fellowship")
    with pytest.raises(AwardRefused, match="reason"):
        award_cancel(award=award, by=staff, reason=" ")


def test_amendment_within_caps_is_recorded_and_rebalances_unpaid_tranches(staff):
    award = make_award(staff, "residency", amount=Decimal("1000000"))
    amendment = award_amend(
        award=award, by=staff, amount=Decimal("800000"), reason="Budget written in training."
    )
    award.refresh_from_db()
    assert award.amount == Decimal("800000")
    assert (amendment.old_amount, amendment.new_amount, amendment.by) == (
        Decimal("1000000"),
        Decimal("800000"),
        staff,
    )
    assert sum(t.amount for t in award.tranches.all()) == Decimal("800000")


def test_amendment_over_the_budget_is_refused_and_leaves_no_trace(staff):
    residency = program("residency")
    residency.max_awards = 10
    residency.save(update_fields=["max_awards"])
    fill_program("residency", count=4, amount=Decimal("1000000"))
    award = make_award(staff, "residency", amount=Decimal("500000"), requested=Decimal("500000"))
    make_award(staff, "residency", amount=Decimal("400000"), requested=Decimal("400000"))
    with pytest.raises(CapExceeded, match=r"over its total budget of \$5,000,000.00 \(\$100,000.00 left\)"):
        award_amend(award=award, by=staff, amount=Decimal("700000"), reason="Budget written in training.")
    award.refresh_from_db()
    assert award.amount == Decimal("500000")
    assert not AwardAmendment.objects.exists()
    award_amend(award=award, by=staff, amount=Decimal("600000"), reason="Budget written in training.")


def test_amendment_cannot_go_below_what_was_paid(staff, community, applicant):
    award = award_make(
        application=shortlisted("residency", community=community), by=staff, amount=Decimal("1000000")
    )
    award_accept(award=award, by=applicant, agree=True)
    tranche_mark_paid(
        tranche=award.tranches.get(number=1), by=staff, paid_on=timezone.localdate(), reference="W1"
    )
    with pytest.raises(AwardRefused, match="already been paid"):
        award_amend(award=award, by=staff, amount=Decimal("300000"), reason="Cut")


def test_fixed_amount_programs_cannot_be_amended_to_another_amount(staff):
    award = make_award(staff, "fellowship")
    with pytest.raises(AwardRefused, match="fixed at"):
        award_amend(award=award, by=staff, amount=Decimal("40000"), reason="Cut")


def test_amendment_after_all_paid_adds_a_tranche(staff, community, applicant):
    award = award_make(
        application=shortlisted("residency", community=community), by=staff, amount=Decimal("500000")
    )
    award_accept(award=award, by=applicant, agree=True)
    award.program.terms.payments_follow_results = False
    award.program.terms.save()
    for tranche in award.tranches.order_by("number"):
        tranche_mark_paid(
            tranche=tranche, by=staff, paid_on=timezone.localdate() - timedelta(days=1), reference="W"
        )
    award_amend(award=award, by=staff, amount=Decimal("600000"), reason="Extra venue")
    assert award.tranches.unpaid().get().amount == Decimal("100000")
