"""Residents' budget proposals: versions kept, refused over the caps, approval amends the award."""

from decimal import Decimal

import pytest
from django.core import mail

from grants.models import AwardAmendment, BudgetProposal, ProposalStatus
from grants.services import (
    AwardRefused,
    CapExceeded,
    award_accept,
    award_make,
    budget_proposal_approve,
    budget_proposal_request_changes,
    budget_proposal_submit,
)
from tests.grants.support import fill_program, make_award, program, shortlisted

pytestmark = pytest.mark.django_db


def lines(*amounts):
    return [
        {"category": "events", "description": f"Line {i}", "amount": Decimal(a)}
        for i, a in enumerate(amounts)
    ]


@pytest.fixture
def award(staff, community, applicant):
    award = award_make(
        application=shortlisted("residency", community=community), by=staff, amount=Decimal("1000000")
    )
    award_accept(award=award, by=applicant, agree=True)
    return award


def test_approved_proposal_amends_the_award_and_leaves_an_amendment(
    award, applicant, staff, django_capture_on_commit_callbacks
):
    version = budget_proposal_submit(
        award=award, by=applicant, narrative="Trainers and venues.", lines=lines("500000", "250000.50")
    )
    assert version.total == Decimal("750000.50") and version.lines.count() == 2
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        budget_proposal_approve(proposal=award.budget_proposal, by=staff, note="Well argued.")
    award.refresh_from_db()
    assert award.amount == Decimal("750000.50")
    amendment = AwardAmendment.objects.get(award=award)
    assert (amendment.old_amount, amendment.new_amount, amendment.budget_version) == (
        Decimal("1000000"),
        Decimal("750000.50"),
        version,
    )
    assert sum(t.amount for t in award.tranches.all()) == award.amount
    assert any("Budget approved" in m.subject for m in mail.outbox)


def test_every_version_is_kept(award, applicant, staff):
    budget_proposal_submit(award=award, by=applicant, narrative="v1", lines=lines("900000"))
    with pytest.raises(AwardRefused, match="awaiting review"):
        budget_proposal_submit(award=award, by=applicant, narrative="v1b", lines=lines("800000"))
    budget_proposal_request_changes(proposal=award.budget_proposal, by=staff, note="Cut travel.")
    budget_proposal_submit(award=award, by=applicant, narrative="v2", lines=lines("800000"))
    proposal = BudgetProposal.objects.get(award=award)
    assert list(proposal.versions.values_list("number", "total", "decision")) == [
        (1, Decimal("900000"), "changes_requested"),
        (2, Decimal("800000"), ""),
    ]
    assert proposal.status == ProposalStatus.SUBMITTED


def test_proposal_over_the_residency_budget_is_refused_with_a_clear_message(staff, community, applicant):
    residency = program("residency")
    residency.max_awards = 10
    residency.save(update_fields=["max_awards"])
    fill_program("residency", count=4, amount=Decimal("1000000"))
    award = award_make(
        application=shortlisted("residency", community=community, requested=Decimal("500000")),
        by=staff,
        amount=Decimal("500000"),
    )
    award_accept(award=award, by=applicant, agree=True)
    make_award(staff, "residency", amount=Decimal("300000"), requested=Decimal("300000"))
    with pytest.raises(CapExceeded, match=r"total budget leaves at most \$700,000.00 for this award"):
        budget_proposal_submit(
            award=award, by=applicant, narrative="Big plans.", lines=lines("600000", "200000")
        )
    assert not BudgetProposal.objects.exists()


def test_approval_rechecks_the_cap_under_the_lock(staff, community, applicant):
    residency = program("residency")
    residency.max_awards = 10
    residency.save(update_fields=["max_awards"])
    fill_program("residency", count=4, amount=Decimal("1000000"))
    award = award_make(
        application=shortlisted("residency", community=community, requested=Decimal("500000")),
        by=staff,
        amount=Decimal("500000"),
    )
    award_accept(award=award, by=applicant, agree=True)
    budget_proposal_submit(award=award, by=applicant, narrative="Plans.", lines=lines("900000"))
    # Meanwhile another award takes most of what was left.
    make_award(staff, "residency", amount=Decimal("400000"), requested=Decimal("400000"))
    with pytest.raises(CapExceeded, match=r"over its total budget of \$5,000,000.00"):
        budget_proposal_approve(proposal=award.budget_proposal, by=staff)
    award.refresh_from_db()
    assert award.amount == Decimal("500000")
    assert not AwardAmendment.objects.exists()
    assert BudgetProposal.objects.get(award=award).status == ProposalStatus.SUBMITTED


def test_over_the_maximum_is_refused(award, applicant):
    with pytest.raises(CapExceeded, match=r"at most \$1,000,000.00"):
        budget_proposal_submit(award=award, by=applicant, narrative="x", lines=lines("1000000.01"))


def test_fellowships_have_no_budget_proposal(staff, community, applicant):
    award = award_make(application=shortlisted("fellowship", community=community), by=staff)
    award_accept(award=award, by=applicant, agree=True)
    with pytest.raises(AwardRefused, match="fixed budget"):
        budget_proposal_submit(award=award, by=applicant, narrative="x", lines=lines("100"))


def test_a_stranger_cannot_write_the_budget(award, stranger):
    with pytest.raises(AwardRefused, match="admins"):
        budget_proposal_submit(award=award, by=stranger, narrative="x", lines=lines("100"))
