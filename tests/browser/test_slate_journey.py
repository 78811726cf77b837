"""Program staff build a slate from the ranking page, save it and apply it; also on a 390 px phone."""

import pytest

from applications.models import Slate, Status, StatusChange
from tests.applications.slate_data import SPECS, reviewed
from tests.browser.conftest import ARTIFACTS
from tests.factories import RoundFactory, make_program_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_build_save_and_apply_a_slate(page, screenshot, log_in, staff):
    make_program_staff(staff)
    round_ = RoundFactory(title="Spring 2018")
    apps = reviewed(round_, SPECS)
    log_in(staff)

    page.goto(f"/staff/reviews/rounds/{round_.pk}/ranking/")
    page.get_by_role("link", name="Build a slate").click()
    page.wait_for_url(f"**/rounds/{round_.pk}/slate/")
    page.get_by_label("Awards to fill").fill("4")
    page.get_by_label("At most per country").fill("2")
    page.get_by_label("Environment").fill("1")
    page.get_by_label("Oceania").fill("3")
    page.get_by_role("button", name="Find the best slate").click()
    page.wait_for_load_state()
    conflicts = page.locator("#conflicts")
    assert "At least 3 in Oceania, but only 1 candidate is in Oceania." in conflicts.inner_text()
    assert page.get_by_label("Awards to fill").input_value() == "4"  # nothing typed is lost
    screenshot("slate-conflict")

    page.get_by_label("Oceania").fill("")
    page.get_by_role("button", name="Find the best slate").click()
    page.wait_for_load_state()
    coming_in = page.locator("#coming-in tbody tr")
    assert coming_in.count() == 2
    assert "KE best" in page.locator("#coming-in").inner_text()
    assert "FR third" in page.locator("#going-out").inner_text()
    assert page.locator("figure svg rect").count() > 0
    screenshot("slate-build")

    page.get_by_label("Name of the slate").fill("Two per country")
    page.get_by_role("button", name="Save the slate").click()
    page.wait_for_url("**/staff/reviews/slates/*/")
    slate = Slate.objects.get()
    assert page.get_by_text("Slate “Two per country” saved.").is_visible()
    assert page.locator("#members tbody tr").count() == 4
    screenshot("slate-detail")

    # One review each where the round asks for three: applying needs the confirmation ticked.
    assert page.locator("#slate-few-reviews").is_visible()
    page.get_by_label("I have read the warning and shortlist them anyway.").check()
    page.get_by_role("button", name="Shortlist these applications").click()
    page.wait_for_load_state()
    assert page.get_by_text("Slate applied: 4 applications shortlisted.").is_visible()
    assert page.locator("#applied").is_visible()
    shortlisted = {
        a.pk for a in apps.values() if a.__class__.objects.get(pk=a.pk).status == Status.SHORTLISTED
    }
    assert shortlisted == set(slate.applications.values_list("pk", flat=True))
    assert StatusChange.objects.filter(new_status=Status.SHORTLISTED, by=staff).count() == 4
    screenshot("slate-applied")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/staff/reviews/rounds/{round_.pk}/slate/?size=4&max_per_country=2&min_focus_environment=1")
    # Nothing overflows the phone's width: tables scroll inside their own box.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    screenshot("slate-build-phone")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "slate-build-phone-top.png"))
    page.locator("#result-heading").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "slate-build-phone-result.png"))
