"""Reports in: filing, staff review, and reminders sent once (honouring wants_reminders)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from grants.models import ProgressReport, ReportStatus
from grants.services import (
    AwardRefused,
    award_accept,
    award_make,
    report_accept,
    report_request_changes,
    report_submit,
)
from grants.tasks import send_report_reminders
from tests.grants.support import shortlisted

pytestmark = pytest.mark.django_db
FIGURES = {
    "narrative": "Four workshops.",
    "members_reached": 300,
    "events_held": 4,
    "people_trained": 40,
    "money_spent": Decimal("12000.50"),
}


@pytest.fixture
def award(staff, community, applicant):
    award = award_make(application=shortlisted("fellowship", community=community), by=staff)
    award_accept(award=award, by=applicant, agree=True)
    return award


def test_filing_stores_figures_and_a_copy(award, applicant, staff, django_capture_on_commit_callbacks):
    report = award.reports.get(number=1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report = report_submit(report=report, by=applicant, data=FIGURES)
    assert report.status == ReportStatus.SUBMITTED and report.money_spent == Decimal("12000.50")
    assert report.submissions.get().members_reached == 300
    assert [m.to[0] for m in mail.outbox] == [staff.email]


def test_staff_ask_for_changes_then_accept(award, applicant, staff, django_capture_on_commit_callbacks):
    report = report_submit(report=award.reports.get(number=1), by=applicant, data=FIGURES)
    with pytest.raises(AwardRefused, match="Say what should change"):
        report_request_changes(report=report, by=staff, note="")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report_request_changes(report=report, by=staff, note="Add the attendance figures per event.")
    assert "Add the attendance figures per event." in mail.outbox[0].body
    report = report_submit(report=report, by=applicant, data={**FIGURES, "events_held": 5})
    report_accept(report=report, by=staff)
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.submissions.count() == 2


def test_a_stranger_cannot_file(award, stranger):
    with pytest.raises(AwardRefused, match="admins"):
        report_submit(report=award.reports.first(), by=stranger, data=FIGURES)


def test_reports_are_filed_only_on_running_awards(staff, community, applicant):
    award = award_make(application=shortlisted("fellowship", community=community), by=staff)
    with pytest.raises(AwardRefused, match="accepted"):
        report_submit(report=award.reports.first(), by=applicant, data=FIGURES)


def test_reminder_seven_days_before_and_overdue_notice_each_sent_once(
    award, staff, co_admin, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    first, final = award.reports.order_by("number")
    ProgressReport.objects.filter(pk=first.pk).update(due_date=today + timedelta(days=7))
    ProgressReport.objects.filter(pk=final.pk).update(due_date=today - timedelta(days=1))
    co_admin.wants_reminders = False
    co_admin.save(update_fields=["wants_reminders"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_report_reminders.delay()
    subjects = {(m.to[0], m.subject.split(":")[0]) for m in mail.outbox}
    assert subjects == {
        ("applicant@example.org", f"Report due on {(today + timedelta(days=7)):%-d %B %Y}"),
        (staff.email, "1 progress report overdue"),
    }
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_report_reminders.delay()
    assert mail.outbox == []
