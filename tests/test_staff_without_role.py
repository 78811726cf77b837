"""is_staff without a role grants nothing: every money and decision service refuses that person.

Each case builds a state in which program staff may act, then asks the service as someone who is
is_staff but in no group (the persona who made award #108): the service's refusal is raised and
nothing changes. The same call by program staff succeeds, so the refusal is about the role.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications.models import Application, ReviewAssignment, Status
from applications.services import (
    application_decide,
    application_screen,
    decisions_release,
    reviewers_assign,
)
from grants.models import Award, AwardStatus, ExportLog, ProgressReport, Tranche
from grants.models.reports import ReportStatus
from grants.services import (
    award_accept,
    award_amend,
    award_cancel,
    award_complete,
    award_make,
    budget_proposal_approve,
    budget_proposal_request_changes,
    budget_proposal_submit,
    export_start,
    report_accept,
    report_request_changes,
    tranche_mark_paid,
    tranches_update,
)
from grants.services.tranches import TrancheRow
from leadership.models import Gathering, SessionMaterial
from leadership.services import attendance_mark, gathering_approve, gathering_decline, material_add
from tests.factories import (
    ApplicationFactory,
    CommunityFactory,
    GatheringFactory,
    RoundFactory,
    TrainingSessionFactory,
    make_reviewer,
)
from tests.grants.support import make_award, shortlisted

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# A case: given (staff, grantee), set up and return (call(by), snapshot()): the snapshot is
# compared before and after the refused call.
Case = Callable[..., tuple[Callable, Callable]]


def _award(staff, grantee, slug="fellowship"):
    award = make_award(staff, slug, community=CommunityFactory(admins=[grantee]))
    award_accept(award=award, by=grantee, agree=True)
    return award


def _award_state(award):
    return lambda: (
        Award.objects.filter(pk=award.pk).values_list("status", "amount").get(),
        list(Tranche.objects.filter(award=award).values_list("amount", "due_date", "paid_on")),
    )


def case_award_make(staff, grantee):
    application = shortlisted(community=CommunityFactory(admins=[grantee]))
    return (lambda by: award_make(application=application, by=by)), Award.objects.count


def case_award_cancel(staff, grantee):
    award = _award(staff, grantee)
    return (lambda by: award_cancel(award=award, by=by, reason="Duplicate")), _award_state(award)


def case_award_complete(staff, grantee):
    award = _award(staff, grantee)
    award.tranches.update(paid_on=timezone.localdate(), payment_reference="R")
    award.reports.update(status=ReportStatus.ACCEPTED, submitted_at=timezone.now())
    Award.objects.filter(pk=award.pk).update(status=AwardStatus.ACTIVE)
    return (lambda by: award_complete(award=award, by=by)), _award_state(award)


def case_award_amend(staff, grantee):
    award = _award(staff, grantee, "residency")
    return (
        lambda by: award_amend(award=award, by=by, amount=Decimal("900000.00"), reason="Smaller budget")
    ), _award_state(award)


def case_tranche_mark_paid(staff, grantee):
    award = _award(staff, grantee)
    tranche = award.tranches.order_by("number").first()
    return (
        lambda by: tranche_mark_paid(tranche=tranche, by=by, paid_on=timezone.localdate(), reference="BANK-1")
    ), _award_state(award)


def case_tranches_update(staff, grantee):
    award = _award(staff, grantee)
    rows = [
        TrancheRow(pk=t.pk, amount=t.amount, due_date=t.due_date + timedelta(days=7))
        for t in award.tranches.order_by("number")
    ]
    return (lambda by: tranches_update(award=award, by=by, rows=rows)), _award_state(award)


def _submitted_report(staff, grantee):
    award = _award(staff, grantee)
    report = award.reports.order_by("number").first()
    ProgressReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.SUBMITTED, submitted_at=timezone.now()
    )
    report.refresh_from_db()
    return report


def case_report_accept(staff, grantee):
    report = _submitted_report(staff, grantee)
    return (
        lambda by: report_accept(report=report, by=by)
    ), lambda: ProgressReport.objects.get(pk=report.pk).status


def case_report_request_changes(staff, grantee):
    report = _submitted_report(staff, grantee)
    return (
        lambda by: report_request_changes(report=report, by=by, note="Add the receipts.")
    ), lambda: ProgressReport.objects.get(pk=report.pk).status


def _submitted_proposal(staff, grantee):
    award = _award(staff, grantee, "residency")
    budget_proposal_submit(
        award=award,
        by=grantee,
        narrative="Trainers and venues.",
        lines=[{"category": "events", "description": "Venues", "amount": Decimal("400000")}],
    )
    return award.budget_proposal


def case_budget_proposal_approve(staff, grantee):
    proposal = _submitted_proposal(staff, grantee)
    return (lambda by: budget_proposal_approve(proposal=proposal, by=by)), _proposal_state(proposal)


def case_budget_proposal_request_changes(staff, grantee):
    proposal = _submitted_proposal(staff, grantee)
    return (
        lambda by: budget_proposal_request_changes(proposal=proposal, by=by, note="Split the venues.")
    ), _proposal_state(proposal)


def _proposal_state(proposal):
    return lambda: (
        type(proposal).objects.get(pk=proposal.pk).status,
        Award.objects.get(pk=proposal.award_id).amount,
    )


def case_export_start(staff, grantee):
    return (lambda by: export_start(by=by, kind="awards", fmt="csv", filters={})), ExportLog.objects.count


def case_application_screen(staff, grantee):
    application = ApplicationFactory(status=Status.SUBMITTED)
    return (
        lambda by: application_screen(application=application, by=by, eligible=False, reason="Lobbying group")
    ), lambda: Application.objects.get(pk=application.pk).status


def case_application_decide(staff, grantee):
    application = ApplicationFactory(status=Status.IN_REVIEW)
    return (
        lambda by: application_decide(
            application=application, by=by, outcome=Status.SHORTLISTED, few_reviews_confirmed=True
        )
    ), lambda: Application.objects.get(pk=application.pk).status


def case_decisions_release(staff, grantee):
    round_ = RoundFactory(reviewed=True)
    ApplicationFactory(round=round_, status=Status.SHORTLISTED)
    return (lambda by: decisions_release(round=round_, by=by)), lambda: hasattr(
        type(round_).objects.get(pk=round_.pk), "decision_release"
    )


def case_reviewers_assign(staff, grantee):
    round_ = RoundFactory()
    ApplicationFactory(round=round_, status=Status.IN_REVIEW)
    make_reviewer()

    return (
        lambda by: reviewers_assign(round=round_, by=by, per_application=1)
    ), ReviewAssignment.objects.count


def case_gathering_approve(staff, grantee):
    gathering = GatheringFactory(host=grantee, status="proposed")
    return (
        lambda by: gathering_approve(gathering=gathering, by=by)
    ), lambda: Gathering.objects.get(pk=gathering.pk).status


def case_gathering_decline(staff, grantee):
    gathering = GatheringFactory(host=grantee, status="proposed")
    return (lambda by: gathering_decline(gathering=gathering, by=by, note="Too close to another")), (
        lambda: Gathering.objects.get(pk=gathering.pk).status
    )


def case_attendance_mark(staff, grantee):
    session = TrainingSessionFactory(starts_at=timezone.now() - timedelta(hours=3))
    return (lambda by: attendance_mark(session=session, by=by, present=[])), lambda: list(
        session.enrolments.values_list("attended", flat=True)
    )


def case_material_add(staff, grantee):
    session = TrainingSessionFactory()
    return (
        lambda by: material_add(
            session=session, by=by, upload=SimpleUploadedFile("slides.pdf", PDF, "application/pdf")
        )
    ), SessionMaterial.objects.count


CASES: dict[str, Case] = {
    name.removeprefix("case_"): fn for name, fn in globals().items() if name.startswith("case_")
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_is_staff_without_a_role_is_refused(name, staff, staff_without_role, applicant):
    call, snapshot = CASES[name](staff, applicant)
    before = snapshot()
    with pytest.raises(ValidationError):
        call(staff_without_role)
    assert snapshot() == before


@pytest.mark.parametrize("name", sorted(CASES))
def test_program_staff_may(name, staff, applicant):
    """The control: the same call succeeds for program staff, so the refusal above is the role's."""
    call, _snapshot = CASES[name](staff, applicant)
    call(staff)
