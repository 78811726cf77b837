"""Every main page, as each persona, runs under the Content-Security-Policy with no violation and no
JavaScript error: the public site, the applicant's pages with autosave, the staff pages with
Chart.js, the reviewer's scoring page and the admin's own widgets (actions, calendars,
filter_horizontal, autocomplete, inlines, the email preview).

The `page` fixture fails any browser test on a policy violation; these tests also make sure the
watching works and that the pages' scripts really ran."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from notifications.models import Notification
from tests.factories import ReviewAssignmentFactory, make_reviewer
from tests.test_access_matrix import world  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def visit(page, browser_problems, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status < 400, f"{url} answered {response and response.status}"
    assert response.headers.get("content-security-policy"), f"{url} has no Content-Security-Policy"
    page.wait_for_load_state("load")
    assert not browser_problems.page_errors, browser_problems.page_errors


def log_out(page) -> None:
    page.context.clear_cookies()


def test_an_inline_script_is_caught_as_a_violation(page, browser_problems, live_server):
    page.goto("/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.pwned = 1';"
        " document.body.append(s); }"
    )
    page.wait_for_function("() => true")
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.pwned") is None
    assert any("script-src" in violation for violation in browser_problems.csp_violations)
    browser_problems.csp_violations.clear()  # caught as it should be: do not fail this test


def test_public_pages(page, browser_problems, world):  # noqa: F811
    for url in [
        reverse("home"),
        reverse("program_detail", args=[world.application.round.program.slug]),
        reverse("rounds"),
        reverse("eligibility"),
        reverse("faq"),
        reverse("awarded_communities"),
        reverse("gathering_public_list"),
        reverse("login"),
        reverse("signup"),
        reverse("password_reset"),
        reverse("admin:login"),
    ]:
        visit(page, browser_problems, url)
    page.goto("/no-such-page/")
    # The time-zone script ran: it stores the visitor's zone in a cookie.
    assert any(cookie["name"] == "tz" for cookie in page.context.cookies())


def test_applicant_pages_and_autosave(page, browser_problems, log_in, applicant, world):  # noqa: F811
    log_in(applicant)
    for url in [
        reverse("dashboard"),
        reverse("application_detail", args=[world.application.pk]),
        reverse("community_detail", args=[world.community.pk]),
        reverse("community_edit", args=[world.community.pk]),
        reverse("award_list"),
        reverse("award_detail", args=[world.award.pk]),
        reverse("award_detail", args=[world.residency_award.pk]),
        reverse("budget_proposal", args=[world.residency_award.pk]),
        reverse("report_file", args=[world.award.pk, world.award.reports.first().pk]),
        reverse("session_list"),
        reverse("session_detail", args=[world.session.pk]),
        reverse("gathering_list"),
        reverse("gathering_detail", args=[world.gathering.pk]),
        reverse("gathering_propose"),
        reverse("profile"),
    ]:
        visit(page, browser_problems, url)

    visit(page, browser_problems, reverse("application_edit", args=[world.application.pk]))
    page.locator("textarea").first.fill("Changed in the browser under a strict policy.")
    expect(page.locator("#autosave-status")).to_contain_text(
        re.compile("Saved", re.IGNORECASE), timeout=10_000
    )


def test_staff_pages_and_budget_charts(page, browser_problems, log_in, staff, world):  # noqa: F811
    log_in(staff)
    round_id = world.application.round_id
    for url in [
        reverse("staff_review_rounds"),
        reverse("round_ranking", args=[round_id]),
        reverse("staff_application_reviews", args=[world.application.pk]),
        reverse("staff_shortlist"),
        reverse("staff_reports"),
        reverse("staff_award_detail", args=[world.award.pk]),
        reverse("staff_award_detail", args=[world.residency_award.pk]),
        reverse("staff_tranches_edit", args=[world.award.pk]),
        reverse("staff_award_make", args=[world.shortlisted.pk]),
        reverse("staff_export_progress", args=[world.export.pk]),
        reverse("staff_cohort_list"),
        reverse("staff_cohort_detail", args=[world.cohort.pk]),
        reverse("staff_session_list"),
        reverse("staff_session_detail", args=[world.session.pk]),
        reverse("staff_gathering_list"),
        reverse("staff_report_list"),
        reverse("staff_home"),  # its review progress bar sets its width from data (style attribute)
        reverse("staff_deadline_extend", args=[world.application.pk]),
    ]:
        visit(page, browser_problems, url)

    visit(page, browser_problems, reverse("staff_dashboard"))
    # Chart.js drew: a chart instance is attached to each canvas.
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('chart-money'))")

    # Admin, as program staff: changelists with actions and date drill-down, change pages with inlines.
    visit(page, browser_problems, "/admin/")
    visit(page, browser_problems, "/admin/applications/application/")
    page.locator("#action-toggle").check()
    expect(page.locator(".action-counter")).to_contain_text("selected")
    visit(page, browser_problems, f"/admin/applications/application/{world.application.pk}/change/")
    page.get_by_text("Record").first.click()  # the collapsed fieldset opens (admin's collapse.js)
    visit(page, browser_problems, f"/admin/grants/award/{world.award.pk}/change/")
    visit(page, browser_problems, "/admin/programs/round/")
    visit(page, browser_problems, f"/admin/programs/round/{world.application.round_id}/change/")

    visit(page, browser_problems, f"/admin/leadership/trainingsession/{world.session.pk}/change/")
    # Calendar and clock widgets, filter_horizontal and the inline's "add another" row.
    page.locator("a[id^='calendarlink']").first.click()
    expect(page.locator(".calendarbox").first).to_be_visible()
    page.keyboard.press("Escape")
    page.locator("a[id^='clocklink']").first.click()
    expect(page.locator(".clockbox").first).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator(".selector-chosen").first).to_be_visible()
    rows = page.locator("tr.dynamic-materials, .dynamic-materials")
    before = rows.count()
    page.locator(".add-row a").first.click()
    expect(rows).to_have_count(before + 1)
    # The related-object popup: "+" opens the cohort form, saving it closes the popup and
    # the new cohort is chosen (admin/popup_response.html hands it back through its script).
    with page.expect_popup() as popup_info:
        page.locator("#add_id_cohorts").click()
    popup = popup_info.value
    popup.wait_for_load_state()
    popup.locator("#id_name").fill("Popup cohort")
    popup.locator("#id_key").fill("popup:cohort")
    with popup.expect_event("close"):
        popup.locator("input[name='_save']").click()
    expect(page.locator("#id_cohorts_to option", has_text="Popup cohort")).to_have_count(1)
    assert not browser_problems.page_errors, browser_problems.page_errors


def test_reviewer_scoring_page(page, browser_problems, log_in, reviewer):
    make_reviewer(reviewer)
    assignment = ReviewAssignmentFactory(reviewer=reviewer, application__title="Clean water workshops")
    log_in(reviewer)
    visit(page, browser_problems, reverse("my_reviews"))
    visit(page, browser_problems, "/admin/applications/reviewassignment/")
    visit(page, browser_problems, f"/admin/applications/reviewassignment/{assignment.pk}/change/")
    expect(page.get_by_role("button", name="Submit review")).to_be_visible()


def test_superuser_admin_widgets_and_email_preview(
    page,
    browser_problems,
    log_in,
    django_user_model,
    world,  # noqa: F811
):
    root = django_user_model.objects.create_superuser(
        email="root@example.org", password="x", full_name="Root"
    )
    root.set_password("a-long-and-fresh-passphrase-42")
    root.save()
    log_in(root, "a-long-and-fresh-passphrase-42")

    visit(page, browser_problems, f"/admin/leadership/community/{world.community.pk}/change/")
    # "Add another admin": a new inline row whose user field is an autocomplete (select2).
    page.locator("#memberships-group .add-row a, .add-row a").first.click()
    page.locator(".dynamic-memberships .select2-selection, .select2-selection").last.click()
    page.locator(".select2-search__field").fill("Amina")
    expect(page.locator(".select2-results__option").first).to_contain_text("Amina Applicant")

    visit(page, browser_problems, "/admin/notifications/notification/")
    notification = Notification.objects.exclude(body_html="").order_by("pk").first()
    assert notification is not None, "the world sends at least one HTML email"
    visit(page, browser_problems, f"/admin/notifications/notification/{notification.pk}/change/")
    preview = page.frame_locator("iframe[srcdoc]")
    expect(preview.locator("body")).to_contain_text("Community Leadership Grants")
    # The email's inline styles apply inside the preview (style attributes are allowed).
    colour = preview.locator("table").first.evaluate("el => getComputedStyle(el).backgroundColor")
    assert colour == "rgb(244, 246, 248)"
    visit(page, browser_problems, "/admin/leadership/user/")
    visit(page, browser_problems, "/admin/notifications/sentreminder/")
