"""A group admin proposes a gathering, staff approve it, another admin RSVPs: in a real browser."""

from datetime import timedelta

import pytest
from django.utils import timezone

from leadership.models import Gathering, Rsvp
from tests.browser.conftest import ARTIFACTS, sign_in
from tests.factories import group_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def new_page(browser, live_server, width: int = 1280):
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 900})
    context.set_default_timeout(15_000)
    return context.new_page()


def test_admin_proposes_staff_approve_another_admin_rsvps(browser, live_server, page, screenshot, staff):
    host = group_admin(email="host@example.org", full_name="Hélène Host")
    guest = group_admin(email="guest@example.org", full_name="Gabriel Guest")
    start = (timezone.localtime() + timedelta(days=12)).replace(hour=18, minute=30, second=0, microsecond=0)

    # The host proposes.
    sign_in(page, host)
    page.goto("/leadership/gatherings/")
    page.get_by_role("link", name="Propose a gathering").first.click()
    page.get_by_label("Title").fill("Lyon admins' evening")
    page.get_by_label("Description").fill("An evening to share how we keep our groups kind and lively.")
    page.get_by_label("Venue").fill("Maison des associations, 3 rue Ravier")
    page.get_by_label("City").fill("Lyon")
    page.get_by_label("Country").select_option("FR")
    page.get_by_label("Starts at").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Ends at").fill((start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Seats").fill("15")
    page.get_by_label("List publicly").check()
    screenshot("gathering-propose-form")
    page.get_by_role("button", name="Send my proposal").click()
    page.get_by_text("Awaiting approval").first.wait_for()
    screenshot("gathering-proposed")
    gathering = Gathering.objects.get(title="Lyon admins' evening")
    assert gathering.status == "proposed" and gathering.host == host

    # Staff approve from their gatherings page.
    staff_page = new_page(browser, live_server)
    sign_in(staff_page, staff)
    staff_page.goto("/leadership/staff/gatherings/")
    staff_page.get_by_text("Lyon admins' evening").wait_for()
    staff_page.screenshot(path=str(ARTIFACTS / "gathering-staff-list.png"), full_page=True)
    staff_page.get_by_role("button", name="Approve").click()
    staff_page.get_by_text("is approved").wait_for()
    gathering.refresh_from_db()
    assert gathering.status == "approved"

    # Another admin finds it by country and city and RSVPs, on a phone-sized screen.
    guest_page = new_page(browser, live_server, width=390)
    sign_in(guest_page, guest)
    guest_page.goto("/leadership/gatherings/")
    guest_page.get_by_role("heading", name="France").wait_for()
    guest_page.get_by_role("link", name="Lyon admins' evening").click()
    guest_page.get_by_role("button", name="RSVP — save my seat").click()
    guest_page.get_by_text("You have a seat").first.wait_for()
    guest_page.screenshot(path=str(ARTIFACTS / "gathering-rsvp-phone.png"), full_page=True)
    assert Rsvp.objects.get(gathering=gathering, user=guest).state == "confirmed"
