"""Playwright on Debian's Chromium against pytest-django's live server.

Never `playwright install`: the browser is /usr/bin/chromium (CHROMIUM to override).
Screenshots of each journey land in test-artifacts/ for a person to look at.
"""

import os
from pathlib import Path

import pytest

from tests.factories import PASSWORD

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot under test-artifacts/<name>.png."""

    def take(name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def log_in(page):
    """Log a user in through the real form, and the code page when the account has an app."""
    from leadership.second_factor import needs_second_factor
    from tests.factories import confirmed_totp, totp_code

    def do(user, password: str = PASSWORD) -> None:
        # Staff and reviewers must have an app; the enrolment itself is tested in test_second_factor.
        device = confirmed_totp(user) if needs_second_factor(user) else None
        page.goto("/accounts/login/")
        page.get_by_label("Email").fill(user.email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state()
        if device is not None and "/two-step/verify/" in page.url:
            page.get_by_label("Verification code").fill(totp_code(device))
            page.get_by_role("button", name="Verify").click()
            page.wait_for_load_state()

    return do
