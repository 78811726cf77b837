"""A grantee in a real browser: reads the offer, accepts the terms online, files a progress report.
Staff then see it on the budget dashboard (charts drawn from the app's JSON)."""

from decimal import Decimal

import pytest

from grants.models import AwardStatus, ReportStatus
from grants.services import award_make
from tests.factories import CommunityFactory, StaffFactory, UserFactory
from tests.grants.support import shortlisted

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_grantee_accepts_the_award_and_files_a_progress_report(page, log_in, screenshot):
    grantee = UserFactory(email="nadia@example.org", full_name="Nadia Haddad")
    staff = StaffFactory(email="pm@example.org", full_name="Paula Manager")
    community = CommunityFactory(admins=[grantee], name="Mamans solidaires de Tunis", country="TN")
    application = shortlisted("residency", community=community, requested=Decimal("900000"))
    award = award_make(application=application, by=staff, amount=Decimal("900000"))

    log_in(grantee)
    page.goto("/awards/")
    page.get_by_role("link", name="Review and accept").click()
    page.get_by_role("heading", name="Grant agreement").wait_for()
    screenshot("grantee-award-offer")
    page.get_by_label("On behalf of our community, I have read and accept the grant agreement above.").check()
    page.get_by_label("List our community publicly among the awarded communities").check()
    page.get_by_role("button", name="Accept the award").click()
    page.get_by_text("You accepted the award").wait_for()

    award.refresh_from_db()
    assert award.status == AwardStatus.ACCEPTED and award.accepted_by == grantee and award.list_publicly

    page.get_by_role("link", name="File the report Progress report 1").click()
    page.get_by_label("What happened").fill(
        "Six workshops on first aid for 140 mothers; two new moderators trained."
    )
    page.get_by_label("Members reached").fill("1400")
    page.get_by_label("Events held").fill("6")
    page.get_by_label("People trained").fill("140")
    page.get_by_label("Money spent").fill("48250.75")
    screenshot("grantee-report-form")
    page.get_by_role("button", name="File the report").click()
    page.get_by_text("Your report was filed").wait_for()
    screenshot("grantee-award-dashboard")

    report = award.reports.get(number=1)
    assert report.status == ReportStatus.SUBMITTED and report.money_spent == Decimal("48250.75")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    screenshot("grantee-award-dashboard-phone")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.context.clear_cookies()
    log_in(staff)
    page.goto("/staff/awards/")
    page.get_by_role("heading", name="Budget dashboard").wait_for()
    page.wait_for_function("() => document.getElementById('chart-money').getAttribute('style') !== null")
    screenshot("staff-budget-dashboard")
    page.goto(f"/staff/awards/{award.pk}/")
    screenshot("staff-award-detail")
    page.goto("/awards/listed/")
    page.get_by_text("Mamans solidaires de Tunis").wait_for()
