"""In a real browser: the visitor's zone pre-fills sign-up, and the new admin creates a community."""

import re

import pytest

from leadership.models import Community, User
from notifications.models import Notification


def signup_link(email: str) -> str:
    body = Notification.objects.get(event="signup_confirm", to_email=email).body_text
    return re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+/)", body).group(1)


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_signup_in_the_browsers_zone_then_create_a_community(browser, live_server):
    context = browser.new_context(base_url=live_server.url, timezone_id="Asia/Tokyo")
    context.set_default_timeout(15_000)
    page = context.new_page()

    page.goto("/")  # timezone.js sets the tz cookie on the first page
    page.goto("/accounts/signup/")
    assert page.locator("#id_time_zone").input_value() == "Asia/Tokyo"
    page.get_by_label("Email").fill("kenji@example.org")
    page.get_by_label("Full name").fill("Kenji Tanaka")
    page.locator("#id_password1").fill("a-long-and-fresh-passphrase-42")
    page.locator("#id_password2").fill("a-long-and-fresh-passphrase-42")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/accounts/signup/sent/")
    page.goto(signup_link("kenji@example.org"))  # from the email
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url("**/applications/")

    page.goto("/communities/new/")
    page.get_by_label("Name").fill("Tokyo Parents Circle")
    page.get_by_label("Link to the group").fill("https://groups.example.org/tpc")
    page.get_by_label("Platform").select_option("facebook")
    page.get_by_label("Number of members").fill("800")
    page.get_by_label("Country").select_option("JP")
    page.get_by_label("Primary language").fill("Japanese")
    page.get_by_label("Education").check()
    page.get_by_label("Description").fill("Parents helping each other with schooling.")
    page.get_by_label("Year founded").fill("2019")
    page.get_by_role("button", name="Create the community").click()
    page.get_by_role("heading", name="Tokyo Parents Circle").wait_for()

    user = User.objects.get(email="kenji@example.org")
    assert user.time_zone == "Asia/Tokyo"
    assert Community.objects.get().memberships.get().user == user
    context.close()
