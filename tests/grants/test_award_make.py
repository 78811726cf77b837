"""Making an award: amounts, rules, the application's move to awarded, the schedule and the email."""

from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError

from applications.models import Status
from grants.models import Award, AwardStatus
from grants.services import AwardRefused, CapExceeded, award_make
from tests.grants.support import shortlisted

pytestmark = pytest.mark.django_db


def test_fellowship_award_is_fixed_at_the_program_amount(
    staff, community, django_capture_on_commit_callbacks
):
    application = shortlisted("fellowship", community=community)
    with django_capture_on_commit_callbacks(execute=True):
        award = award_make(application=application, by=staff)
    assert award.amount == Decimal("50000.00")
    assert award.status == AwardStatus.OFFERED
    application.refresh_from_db()
    assert application.status == Status.AWARDED
    assert award.status_changes.get().by == staff
    assert {m.to[0] for m in mail.outbox} == {"applicant@example.org", "coadmin@example.org"}


def test_fellowship_refuses_another_amount(staff):
    with pytest.raises(AwardRefused, match="fixed at"):
        award_make(application=shortlisted("fellowship"), by=staff, amount=Decimal("40000"))


def test_residency_award_above_the_maximum_names_the_cap(staff):
    application = shortlisted("residency", requested=Decimal("2000000"))
    with pytest.raises(CapExceeded, match=r"at most \$1,000,000.00"):
        award_make(
            application=application, by=staff, amount=Decimal("1000000.01"), above_request_confirmed=True
        )


def test_award_above_the_request_needs_staff_confirmation(staff):
    application = shortlisted("residency", requested=Decimal("600000"))
    with pytest.raises(AwardRefused, match="more than the"):
        award_make(application=application, by=staff, amount=Decimal("700000"))
    award = award_make(
        application=application, by=staff, amount=Decimal("700000"), above_request_confirmed=True
    )
    assert award.amount == Decimal("700000")


def test_only_a_shortlisted_or_waitlisted_application_is_awarded(staff):
    application = shortlisted("fellowship")
    application.status = Status.IN_REVIEW
    application.save(update_fields=["status"])
    with pytest.raises(AwardRefused, match="shortlisted or waitlisted"):
        award_make(application=application, by=staff)


def test_non_staff_cannot_award(applicant):
    with pytest.raises(AwardRefused):
        award_make(application=shortlisted("fellowship"), by=applicant)


def test_one_award_per_application(staff):
    award = award_make(application=shortlisted("fellowship"), by=staff)
    with pytest.raises(AwardRefused):
        award_make(application=award.application, by=staff)


def test_database_holds_one_award_per_application(staff):
    award = award_make(application=shortlisted("fellowship"), by=staff)
    with pytest.raises(IntegrityError):
        Award.objects.create(application=award.application, program=award.program, amount=1, offered_by=staff)


def test_default_split_residency_40_30_30_with_reports_before_later_tranches(staff):
    application = shortlisted("residency", requested=Decimal("999999.99"))
    award = award_make(application=application, by=staff, amount=Decimal("999999.99"))
    tranches = list(award.tranches.order_by("number"))
    assert [t.amount for t in tranches] == [Decimal("399999.99"), Decimal("299999.99"), Decimal("300000.01")]
    assert sum(t.amount for t in tranches) == award.amount
    reports = list(award.reports.order_by("due_date"))
    assert len(reports) == 3
    assert reports[0].due_date < tranches[1].due_date and reports[1].due_date < tranches[2].due_date
    assert reports[-1].title == "Final report"


def test_fellowship_split_50_50(staff):
    award = award_make(application=shortlisted("fellowship"), by=staff)
    assert [t.amount for t in award.tranches.order_by("number")] == [Decimal("25000.00")] * 2
