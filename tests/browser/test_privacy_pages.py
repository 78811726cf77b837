"""Staff read what retention will do this month; a superuser reads who opened an application."""

from datetime import timedelta

import pytest
from django.utils import timezone

from applications.models import Application, DecisionRelease, Status
from tests.factories import ApplicationFactory, CommunityFactory, RoundFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_read_the_retention_page_on_a_desktop_and_a_phone(page, screenshot, log_in, staff):
    round_ = RoundFactory(title="Spring 2023")
    DecisionRelease.objects.create(
        round=round_, released_by=staff, released_at=timezone.now() - timedelta(days=1100)
    )
    declined = ApplicationFactory(
        round=round_, community=CommunityFactory(name="Riverside parents"), status=Status.DECLINED
    )
    draft = ApplicationFactory(community=CommunityFactory(name="Quiet knitters"), status=Status.DRAFT)
    Application.objects.filter(pk=draft.pk).update(updated_at=timezone.now() - timedelta(days=400))

    log_in(staff)
    page.get_by_role("button", name="Staff").click()
    page.get_by_role("link", name="Data retention").click()
    page.wait_for_url("**/staff/reviews/retention/")
    assert page.get_by_role("heading", name="Data retention").is_visible()
    assert page.get_by_role("cell", name=f"#{declined.pk} · Riverside parents").is_visible()
    assert page.get_by_role("cell", name="Not yet").is_visible()
    screenshot("retention-page")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("retention-page-phone")


def test_a_superuser_reads_the_access_log_of_one_application(page, screenshot, log_in, staff, client):
    from applications.access_log import access_records_write
    from applications.models import AccessAction, AccessRecord

    application = ApplicationFactory(status=Status.IN_REVIEW, title="Clean water workshops")
    access_records_write(
        [AccessRecord(user=staff, action=AccessAction.PAGE, application=application, path="/applications/1/")]
    )
    boss = UserFactory(email="boss@example.org", is_staff=True, is_superuser=True)
    log_in(boss)
    page.goto(f"/admin/applications/accessrecord/?application={application.pk}")
    assert page.get_by_role("link", name=f"#{application.pk}").first.is_visible()
    assert page.get_by_text(staff.email).first.is_visible() or page.get_by_text(str(staff)).first.is_visible()
    screenshot("access-log-admin")


def test_staff_download_a_blind_award_report(page, screenshot, log_in, staff):
    log_in(staff)
    page.goto("/staff/awards/reports/")
    page.get_by_label("Blind: for outside evaluators").first.check()
    screenshot("reports-blind-option")
    with page.expect_download() as download:
        page.locator("form[action='/staff/awards/reports/awards/']").get_by_role(
            "button", name="Download CSV"
        ).click()
    assert "-blind-" in download.value.suggested_filename
