"""In a real browser: sign-up preselects the browser's zone from a grouped list, and a Nairobi
reader of a Paris gathering sees Paris time with theirs beside it, on a phone too."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests.factories import GatheringFactory, group_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_signup_preselects_the_browsers_zone_on_the_first_visit(browser, live_server):
    context = browser.new_context(base_url=live_server.url, timezone_id="Africa/Nairobi")
    page = context.new_page()
    page.goto("/accounts/signup/")  # straight to the form: no tz cookie yet
    select = page.locator("#id_time_zone")
    assert select.input_value() == "Africa/Nairobi"
    groups = page.locator("#id_time_zone optgroup").evaluate_all("els => els.map(e => e.label)")
    assert groups[:2] == ["Africa", "America"] and "Europe" in groups
    assert page.locator('#id_time_zone option[value="Factory"]').count() == 0
    context.close()


def test_a_nairobi_reader_sees_a_paris_gathering_on_paris_time(page, log_in, screenshot):
    day = (timezone.now() + timedelta(days=40)).astimezone(ZoneInfo("Europe/Paris"))
    start = day.replace(hour=19, minute=0, second=0, microsecond=0)
    gathering = GatheringFactory(
        title="Paris group admins meetup",
        city="Paris",
        venue="Maison des associations",
        time_zone="Europe/Paris",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )
    reader = group_admin(time_zone="Africa/Nairobi")
    nairobi = start.astimezone(ZoneInfo("Africa/Nairobi"))
    log_in(reader)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(gathering.get_absolute_url())
    when = page.locator(".event-when").first.inner_text()
    assert "19:00–21:00 Paris time" in when
    assert f"({nairobi:%H:%M}–{nairobi + timedelta(hours=2):%H:%M} your time, Nairobi)" in when
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("gathering-paris-time-390")
