"""Two co-admins in two browsers edit the same draft: the second one's autosave shows the conflict
with both versions, they keep one field and take the other, and the draft is saved as chosen."""

import pytest

from applications.models import Application
from tests.browser.conftest import ARTIFACTS
from tests.factories import PASSWORD, ApplicationFactory, RoundFactory, program

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _signed_in(browser, live_server, user):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    return context, page


def _until(page, check, what: str) -> None:
    for _ in range(100):
        if check():
            return
        page.wait_for_timeout(150)
    pytest.fail(f"never happened: {what}")


def test_second_admins_autosave_shows_the_conflict_and_saves_the_choice(
    browser, live_server, applicant, co_admin, community
):
    draft = ApplicationFactory(
        community=community, round=RoundFactory(program=program("residency")), created_by=applicant
    )
    url = f"/applications/{draft.pk}/edit/"
    first_context, first = _signed_in(browser, live_server, applicant)
    second_context, second = _signed_in(browser, live_server, co_admin)
    try:
        first.goto(url)
        second.goto(url)

        # The applicant saves a new title and summary.
        first.get_by_label("Initiative title").fill("Applicant's title")
        first.get_by_label("Summary", exact=True).fill("Applicant's summary")
        first.get_by_role("button", name="Save draft").click()
        first.get_by_text("Draft saved.").wait_for()

        # The co-admin, on the page loaded before, types both too and waits for the autosave.
        second.get_by_label("Initiative title").fill("Co-admin's title")
        second.get_by_label("Summary", exact=True).fill("Co-admin's summary")
        alert = second.locator("#edit-conflicts")
        alert.get_by_text("Another admin changed this application while you were editing").wait_for()
        for text in ("Applicant's title", "Co-admin's title", "Applicant's summary", "Co-admin's summary"):
            assert alert.get_by_text(text, exact=True).is_visible(), text
        assert second.locator("#autosave-status").inner_text().startswith("Another admin")
        ARTIFACTS.mkdir(exist_ok=True)
        second.screenshot(path=str(ARTIFACTS / "edit-conflict.png"), full_page=True)
        draft.refresh_from_db()
        assert (draft.title, draft.summary) == ("Applicant's title", "Applicant's summary")

        # Keep my title, take their summary: the draft is saved again as chosen.
        alert.locator("[data-conflict-field=title]").get_by_role("button", name="Keep mine").click()
        alert.locator("[data-conflict-field=summary]").get_by_role("button", name="Take theirs").click()
        assert second.get_by_label("Summary", exact=True).input_value() == "Applicant's summary"
        assert alert.is_hidden()

        def saved() -> bool:
            draft.refresh_from_db()
            return (draft.title, draft.summary) == ("Co-admin's title", "Applicant's summary")

        _until(second, saved, "the co-admin's choice saved")
        second.get_by_text("Saved at", exact=False).wait_for()
        assert Application.objects.get(pk=draft.pk).version == 3
    finally:
        first_context.close()
        second_context.close()
