"""Award lifecycle: accept online (who, when, listing), decline, cancel, complete; each recorded and emailed."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from grants.models import AwardStatus, ReportStatus
from grants.services import (
    AwardRefused,
    award_accept,
    award_cancel,
    award_complete,
    award_decline,
    award_make,
    report_accept,
    report_submit,
    tranche_mark_paid,
)
from leadership.models import Cohort, CohortMembership
from tests.grants.support import shortlisted

pytestmark = pytest.mark.django_db

FIGURES = {
    "narrative": "We met.",
    "members_reached": 10,
    "events_held": 1,
    "people_trained": 2,
    "money_spent": 5,
}


@pytest.fixture
def award(staff, community):
    return award_make(application=shortlisted("fellowship", community=community), by=staff)


def test_grantee_accepts_the_terms_online(award, co_admin, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        award_accept(award=award, by=co_admin, agree=True, list_publicly=True)
    award.refresh_from_db()
    assert award.status == AwardStatus.ACCEPTED
    assert award.accepted_by == co_admin and award.accepted_at is not None
    assert award.list_publicly is True
    change = award.status_changes.last()
    assert (change.old_status, change.new_status, change.by) == ("offered", "accepted", co_admin)
    assert len(mail.outbox) == 2 and "Award accepted" in mail.outbox[0].subject


def test_accepting_without_ticking_the_terms_is_refused(award, applicant):
    with pytest.raises(AwardRefused, match="accept the terms"):
        award_accept(award=award, by=applicant, agree=False)


def test_accepting_puts_every_leader_in_the_rounds_cohort(award, applicant, co_admin):
    award_accept(award=award, by=applicant, agree=True)
    cohort = Cohort.objects.get(key=f"{award.program.slug}:{award.application.round_id}")
    assert set(cohort.memberships.values_list("user", flat=True)) == {applicant.pk, co_admin.pk}
    assert award.program.name in cohort.name


def test_cancelling_takes_the_leaders_out_of_the_cohort(award, applicant, co_admin, staff):
    award_accept(award=award, by=applicant, agree=True)
    award_cancel(award=award, by=staff, reason="Terms breached.")
    assert not CohortMembership.objects.filter(user__in=[applicant, co_admin]).exists()


def test_a_stranger_cannot_accept(award, stranger):
    with pytest.raises(AwardRefused, match="not allowed"):
        award_accept(award=award, by=stranger, agree=True)


def test_staff_cannot_accept_for_the_grantee(award, staff):
    with pytest.raises(AwardRefused, match="not allowed"):
        award_accept(award=award, by=staff, agree=True)


def test_decline_is_recorded_and_confirmed(award, applicant, staff, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        award_decline(award=award, by=applicant, reason="Moving abroad.")
    award.refresh_from_db()
    assert award.status == AwardStatus.DECLINED_BY_GRANTEE
    assert award.status_changes.last().note == "Moving abroad."
    recipients = {m.to[0] for m in mail.outbox}
    assert {"applicant@example.org", "coadmin@example.org", staff.email} <= recipients


def test_a_cancelled_award_cannot_be_accepted(award, staff, applicant, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        award_cancel(award=award, by=staff, reason="Eligibility was misstated.")
    assert "Eligibility was misstated." in mail.outbox[0].body
    with pytest.raises(AwardRefused, match="cannot become accepted"):
        award_accept(award=award, by=applicant, agree=True)


def test_first_payment_activates_and_completion_needs_everything_done(award, staff, applicant):
    award_accept(award=award, by=applicant, agree=True)
    today = timezone.localdate()
    tranche_mark_paid(tranche=award.tranches.get(number=1), by=staff, paid_on=today, reference="W1")
    award.refresh_from_db()
    assert award.status == AwardStatus.ACTIVE
    with pytest.raises(AwardRefused, match="Every tranche"):
        award_complete(award=award, by=staff)
    for report in award.reports.order_by("number"):
        report_submit(report=report, by=applicant, data=FIGURES)
        report_accept(report=report, by=staff)
        if report.number == 1:
            tranche_mark_paid(
                tranche=award.tranches.get(number=2),
                by=staff,
                paid_on=today - timedelta(days=1),
                reference="W2",
            )
    award_complete(award=award, by=staff)
    award.refresh_from_db()
    assert award.status == AwardStatus.COMPLETED
    assert list(award.status_changes.values_list("new_status", flat=True)) == [
        "offered",
        "accepted",
        "active",
        "completed",
    ]
    assert award.reports.filter(status=ReportStatus.ACCEPTED).count() == 2
