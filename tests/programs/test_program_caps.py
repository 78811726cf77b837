"""The per-award maximum and committed money are each written once, and every caller reads them."""

from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from applications.forms import ApplicationForm
from applications.services.submissions import submission_errors
from grants.dashboard import program_budgets
from grants.models import Award, AwardStatus, Tranche
from grants.services import award_make
from grants.services import caps as award_caps
from programs import caps
from programs.money import money_display
from tests.factories import ApplicationFactory, RoundFactory
from tests.grants.support import bulk_awards, program, round_of, shortlisted

pytestmark = pytest.mark.django_db


def test_the_maximum_message_writes_the_cap_with_the_one_formatter():
    residency = program("residency")
    message = caps.award_maximum_message(residency)
    assert money_display(residency.max_amount, residency.currency) == "$1,000,000.00"
    assert "$1,000,000.00" in message and residency.name in message


def test_the_submit_check_and_the_form_refuse_one_cent_over_the_maximum_with_that_message():
    residency = program("residency")
    application = ApplicationFactory(
        round=RoundFactory(program=residency), amount_requested=Decimal("1000000.01")
    )
    assert submission_errors(application)["amount_requested"] == [caps.award_maximum_message(residency)]
    form = ApplicationForm(
        data={"amount_requested": "1000000.01"},
        instance=ApplicationFactory(round=RoundFactory(program=residency)),
    )
    assert not form.is_valid()
    assert form.errors["amount_requested"] == [caps.award_maximum_message(residency)]


def test_the_maximum_itself_is_allowed_and_a_fixed_program_allows_only_its_amount():
    residency, fellowship = program("residency"), program("fellowship")
    assert not caps.over_award_maximum(residency, residency.max_amount)
    assert caps.over_award_maximum(residency, residency.max_amount + Decimal("0.01"))
    assert not caps.off_fixed_amount(fellowship, fellowship.max_amount)
    assert caps.off_fixed_amount(fellowship, fellowship.max_amount - 1)
    assert not caps.off_fixed_amount(residency, Decimal("10"))


def test_committed_money_is_the_same_for_the_catalogue_the_caps_and_the_dashboard():
    fellowship = program("fellowship")
    bulk_awards(3, round_=round_of("fellowship"))
    cancelled = Award.objects.filter(program=fellowship).order_by("pk").first()
    paid = cancelled.tranches.order_by("number").first()
    Tranche.objects.filter(pk=paid.pk).update(paid_on=timezone.localdate())
    Award.objects.filter(pk=cancelled.pk).update(status=AwardStatus.CANCELLED)

    # Two live awards in full, and what was paid on the cancelled one before it was cancelled.
    expected = 2 * fellowship.max_amount + paid.amount
    usage = caps.program_usage(fellowship)  # the counter grants installed in ready()
    assert (usage.live_awards, usage.committed) == (2, expected)
    assert award_caps.program_usage(fellowship) == usage
    budget = next(row for row in program_budgets() if row.pk == fellowship.pk)
    assert (budget.live_awards, budget.committed) == (2, expected)
    assert budget.awarded == 2 * fellowship.max_amount


def test_without_an_installed_counter_nothing_is_committed(monkeypatch):
    monkeypatch.setattr(caps, "_counter", [])
    assert caps.program_usage(program("residency")) == caps.ProgramUsage(
        live_awards=0, committed=Decimal("0")
    )


def test_award_emails_write_the_amount_with_the_one_formatter(
    staff, community, django_capture_on_commit_callbacks
):
    application = shortlisted("fellowship", community=community)
    with django_capture_on_commit_callbacks(execute=True):
        award_make(application=application, by=staff)
    offer = next(m for m in mail.outbox if m.to == ["applicant@example.org"])
    assert "an award of $50,000." in offer.body
    html = offer.alternatives[0][0] if offer.alternatives else ""
    assert "an award of $50,000." in html
