"""Playwright on Debian's Chromium against pytest-django's live server.

Never `playwright install`: the browser is /usr/bin/chromium (CHROMIUM to override).
Screenshots of each journey land in test-artifacts/ for a person to look at.

Every page runs under the site's Content-Security-Policy and a violation fails the test. Give
`page.wait_for_function` a function ("() => ..."), not a bare expression: Playwright evaluates an
expression string with eval, which the policy refuses.
"""

import os
from pathlib import Path

import pytest
from django.db import connections

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
        # While Playwright's sync API is open its event loop counts as running in this thread,
        # so Django (asgiref's thread-critical Local) gives the test's ORM calls connections
        # apart from the thread's usual ones, which pytest-django never closes: close them here,
        # or they outlive the test and block dropping the test database at the end of the run.
        connections.close_all()


# Runs in every frame before the page's own scripts: each Content-Security-Policy violation is
# handed to Python at once, so one on a page the test leaves a moment later is not lost.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  if (!window.__cspViolation) { return; }
  window.__cspViolation(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline code"} ` +
    `(${event.sourceFile || document.URL}:${event.lineNumber}) ${event.sample || ""}`
  );
}, true);
"""


class BrowserProblems:
    """What went wrong in the browser: policy violations fail any test; page errors are recorded."""

    def __init__(self) -> None:
        self.csp_violations: list[str] = []
        self.page_errors: list[str] = []

    def watch(self, context) -> None:
        context.expose_function("__cspViolation", self._violation)
        context.add_init_script(CSP_LISTENER)
        context.on("page", self._listen)  # popups too: admin "add another" windows

    def _violation(self, description: str) -> None:
        self.csp_violations.append(description)

    def _listen(self, page) -> None:
        page.on("pageerror", lambda error: self.page_errors.append(f"{page.url}: {error}"))
        page.on("console", lambda message: self._console(page, message.text))

    def _console(self, page, text: str) -> None:
        # Chromium's own report: it also covers frames where no script runs (sandboxed previews).
        if "Content Security Policy" in text or "Permissions-Policy" in text:
            self.csp_violations.append(f"{page.url}: {text}")


@pytest.fixture
def browser_problems() -> BrowserProblems:
    return BrowserProblems()


@pytest.fixture
def page(browser, live_server, browser_problems):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    browser_problems.watch(context)
    page = context.new_page()
    yield page
    for open_page in context.pages:
        open_page.wait_for_timeout(50)  # let late violation reports arrive before judging
    context.close()
    if browser_problems.csp_violations:
        pytest.fail(
            "Content-Security-Policy or Permissions-Policy problems:\n"
            + "\n".join(browser_problems.csp_violations)
        )


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot under test-artifacts/<name>.png."""

    def take(name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def sign_in(page, user, password: str = PASSWORD) -> None:
    """Log a user in through the real form, and the code page when the account has an app."""
    from leadership.second_factor import needs_second_factor
    from tests.factories import confirmed_totp, totp_code

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


@pytest.fixture
def log_in(page):
    """Log a user in on the test's page (see sign_in)."""

    def do(user, password: str = PASSWORD) -> None:
        sign_in(page, user, password)

    return do
