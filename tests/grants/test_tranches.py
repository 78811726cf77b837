"""Money out: paying tranches, payments following results, the schedule's sum, overdue tranches."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from grants.models import Tranche
from grants.services import (
    AwardRefused,
    award_accept,
    award_make,
    report_accept,
    report_submit,
    tranche_mark_paid,
    tranches_update,
)
from grants.services.tranches import TrancheRow
from tests.grants.support import shortlisted

pytestmark = pytest.mark.django_db
FIGURES = {
    "narrative": "Workshops ran.",
    "members_reached": 300,
    "events_held": 4,
    "people_trained": 40,
    "money_spent": Decimal("12000.50"),
}


@pytest.fixture
def award(staff, community, applicant):
    award = award_make(
        application=shortlisted("residency", community=community), by=staff, amount=Decimal("1000000")
    )
    award_accept(award=award, by=applicant, agree=True)
    return award


def test_marking_paid_records_date_reference_and_who_and_emails(
    award, staff, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        tranche = tranche_mark_paid(
            tranche=award.tranches.get(number=1), by=staff, paid_on=timezone.localdate(), reference="WIRE-77"
        )
    assert (tranche.payment_reference, tranche.paid_recorded_by) == ("WIRE-77", staff)
    assert "Tranche 1 paid" in mail.outbox[0].subject


def test_payments_follow_results_refuses_until_the_report_is_accepted(award, staff, applicant):
    today = timezone.localdate()
    tranche_mark_paid(tranche=award.tranches.get(number=1), by=staff, paid_on=today, reference="W1")
    second = award.tranches.get(number=2)
    with pytest.raises(
        AwardRefused, match="Payments follow results: tranche 2 can be paid once “Progress report 1”"
    ):
        tranche_mark_paid(tranche=second, by=staff, paid_on=today, reference="W2")
    report = award.reports.get(number=1)
    report_submit(report=report, by=applicant, data=FIGURES)
    with pytest.raises(AwardRefused, match="awaiting review"):
        tranche_mark_paid(tranche=second, by=staff, paid_on=today, reference="W2")
    report_accept(report=report, by=staff)
    assert tranche_mark_paid(tranche=second, by=staff, paid_on=today, reference="W2").is_paid


def test_a_tranche_is_paid_once(award, staff):
    tranche = award.tranches.get(number=1)
    tranche_mark_paid(tranche=tranche, by=staff, paid_on=timezone.localdate(), reference="W1")
    with pytest.raises(AwardRefused, match="already paid"):
        tranche_mark_paid(tranche=tranche, by=staff, paid_on=timezone.localdate(), reference="W1")


def test_paid_never_exceeds_the_award(award, staff):
    Tranche.objects.filter(award=award, number=1).update(amount=Decimal("1000000"))  # a corrupted schedule
    tranche_mark_paid(
        tranche=award.tranches.get(number=1), by=staff, paid_on=timezone.localdate(), reference="W"
    )
    award.program.terms.payments_follow_results = False
    award.program.terms.save()
    with pytest.raises(AwardRefused, match="more than the award"):
        tranche_mark_paid(
            tranche=award.tranches.get(number=2), by=staff, paid_on=timezone.localdate(), reference="X"
        )


def test_an_offered_award_is_not_paid(staff, community):
    award = award_make(application=shortlisted("fellowship", community=community), by=staff)
    with pytest.raises(AwardRefused, match="accepted or active"):
        tranche_mark_paid(
            tranche=award.tranches.first(), by=staff, paid_on=timezone.localdate(), reference="W"
        )


def test_schedule_must_add_up_to_the_award(award, staff):
    tranches = list(award.tranches.order_by("number"))
    rows = [TrancheRow(pk=t.pk, amount=t.amount, due_date=t.due_date) for t in tranches]
    rows[0] = TrancheRow(pk=tranches[0].pk, amount=Decimal("1"), due_date=tranches[0].due_date)
    with pytest.raises(AwardRefused, match="must be equal"):
        tranches_update(award=award, by=staff, rows=rows)
    new = [
        TrancheRow(pk=None, amount=Decimal("250000"), due_date=timezone.localdate() + timedelta(days=d))
        for d in (10, 20, 30, 40)
    ]
    tranches_update(award=award, by=staff, rows=new)
    assert award.tranches.count() == 4 and sum(t.amount for t in award.tranches.all()) == award.amount


def test_existing_tranches_can_be_rescheduled_and_reordered(award, staff):
    """Keeping several unpaid tranches renumbers them without colliding on the unique number."""
    tranches = list(award.tranches.order_by("number"))
    assert len(tranches) > 1
    later = timezone.localdate() + timedelta(days=400)
    rows = [TrancheRow(pk=tranches[0].pk, amount=tranches[0].amount, due_date=later)]
    rows += [TrancheRow(pk=t.pk, amount=t.amount, due_date=t.due_date) for t in tranches[1:]]
    tranches_update(award=award, by=staff, rows=rows)
    assert list(award.tranches.order_by("number").values_list("pk", flat=True)) == [
        *(t.pk for t in tranches[1:]),
        tranches[0].pk,
    ]


def test_overdue_tranches_are_listed_for_staff(award):
    Tranche.objects.filter(award=award, number=1).update(due_date=timezone.localdate() - timedelta(days=2))
    assert list(Tranche.objects.overdue().values_list("number", flat=True)) == [1]
