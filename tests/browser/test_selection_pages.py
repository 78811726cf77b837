"""Staff judge a duplicate flag in the browser and read a round's reviewer calibration (screenshots)."""

import pytest

from applications.flags import flags_for_application
from applications.models import Flag, FlagStatus, Status
from tests.applications.test_calibration import PAPER, _round_of
from tests.applications.test_flags import _near_copy, _sent, _texts
from tests.factories import StaffFactory, make_program_staff

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_read_calibration_and_confirm_a_copy(page, log_in, screenshot):
    staff = make_program_staff(StaffFactory(email="pm@example.org", full_name="Paula Manager"))
    round_, _ = _round_of(PAPER)
    original = _sent(71, title="Clean water for Lyon")
    copy = _sent(_near_copy(_texts(71)), title="Water for our district")
    flags_for_application(original.pk)
    flags_for_application(copy.pk)
    flag = Flag.objects.get()
    assert copy.status == Status.SUBMITTED

    log_in(staff)
    page.goto(f"/staff/reviews/rounds/{round_.pk}/calibration/")
    assert page.locator("#alpha").inner_text() == "0.849"
    page.get_by_text("How to read these figures").click()
    screenshot("staff-calibration")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("staff-calibration-phone")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/admin/applications/application/{copy.pk}/change/")
    assert page.get_by_text("1 open flag for screening").is_visible()
    screenshot("admin-application-screening-flag")
    page.goto("/staff/reviews/")
    page.get_by_role("link", name="Duplicate and fraud flags").click()
    screenshot("staff-flags")
    page.locator(f"tr[data-flag='{flag.pk}'] a").first.click()
    page.get_by_role("button", name="Confirm: a copy or a fraud").click()
    assert page.get_by_text("Say why in a note").is_visible()  # refused, nothing lost
    page.get_by_label("Note").fill("The plan is copied from Clean water for Lyon.")
    page.get_by_role("button", name="Confirm: a copy or a fraud").click()
    page.wait_for_load_state()
    assert "Flag confirmed." in page.content()
    screenshot("staff-flag-detail")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("staff-flag-detail-phone")
    flag.refresh_from_db()
    assert flag.status == FlagStatus.CONFIRMED and flag.note.startswith("The plan")
