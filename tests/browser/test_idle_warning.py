"""Before the idle sign-out a page warns, and "Stay signed in" keeps the session."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_warning_then_stay_signed_in_keeps_the_session(page, log_in, applicant, settings, screenshot):
    settings.SESSION_IDLE_SECONDS = 12
    settings.SESSION_IDLE_WARNING_SECONDS = 10
    settings.SESSION_ACTIVITY_RESOLUTION_SECONDS = 0
    log_in(applicant)
    page.goto("/accounts/profile/")
    warning = page.locator("#session-timeout")
    assert warning.is_hidden()
    warning.wait_for(state="visible", timeout=5_000)  # 12 - 10 = 2 s after load
    assert page.get_by_text("You will be signed out in 1 minute without activity").is_visible()
    screenshot("idle-warning")
    with page.expect_response("**/accounts/session/keep-alive/") as answer:
        page.get_by_role("button", name="Stay signed in").click()
    assert answer.value.ok
    assert warning.is_hidden()
    # The warning comes back before the renewed limit; past it the page says the session ended.
    page.get_by_text("You were signed out for inactivity").wait_for(state="visible", timeout=15_000)
    page.wait_for_timeout(1_500)  # the server counts whole seconds
    page.goto("/accounts/profile/")
    assert "/accounts/login/" in page.url
    assert page.get_by_text("without activity. Log in again to continue.").is_visible()
