"""The group admin's whole journey in a real browser: sign up, create the community, start an
application, save a draft, come back later, complete it, submit, and see it submitted."""

import re

import pytest

from applications.eligibility import RULES
from applications.models import Application, Status
from notifications.models import Notification
from tests.factories import RoundFactory, program


def signup_link(email: str) -> str:
    body = Notification.objects.get(event="signup_confirm", to_email=email).body_text
    return re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+/)", body).group(1)


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-and-fresh-passphrase-42"


def test_sign_up_apply_save_come_back_submit(page, screenshot):
    round_ = RoundFactory(program=program("residency"), title="Spring 2027")

    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill("lea@example.org")
    page.get_by_label("Full name").fill("Léa Martin")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/accounts/signup/sent/")
    page.goto(signup_link("lea@example.org"))  # from the email
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url("**/applications/")

    page.goto("/communities/new/")
    page.get_by_label("Name").fill("Jardins partagés de Lyon")
    page.get_by_label("Link to the group").fill("https://groups.example.org/jardins")
    page.get_by_label("Platform").select_option("facebook")
    page.get_by_label("Number of members").fill("4200")
    page.get_by_label("Country").select_option("FR")
    page.get_by_label("Primary language").fill("French")
    page.get_by_label("Environment").check()
    page.get_by_label("Description").fill("Neighbours who grow food together on shared plots.")
    page.get_by_label("Year founded").fill("2016")
    page.get_by_role("button", name="Create the community").click()
    page.get_by_role("heading", name="Jardins partagés de Lyon").wait_for()

    page.goto("/applications/start/")
    page.get_by_label("Round").select_option(str(round_.pk))
    for rule in RULES:
        page.locator(f"input[name='{rule.key}'][value='yes']").check()
    page.get_by_role("button", name="Continue to the application").click()
    page.wait_for_url("**/edit/")

    # A first sitting: only the title and part of the story, then save the draft.
    page.get_by_label("Initiative title").fill("Seeds for every school")
    page.get_by_label("Your community and why members trust it").fill("Four thousand gardeners.")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state()
    application = Application.objects.get()
    assert application.status == Status.DRAFT
    assert application.title == "Seeds for every school"

    # Later: back from the dashboard, the text is still there; finish and submit.
    page.goto("/applications/")
    page.get_by_role("link", name="Continue").first.click()
    page.wait_for_url("**/edit/")
    assert page.get_by_label("Initiative title").input_value() == "Seeds for every school"
    page.get_by_role("textbox", name="The leaders").fill("Léa (founder), Marc (moderator)")
    page.get_by_label("Summary", exact=True).fill("Gardens in twelve schools.")
    page.get_by_label("Plan and timeline").fill("Spring: soil. Summer: planting. Autumn: harvest fairs.")
    page.get_by_label("Positive impact").fill("Children learn where food comes from.")
    page.get_by_label("How impact will be measured").fill("Schools joined, pupils involved, kilos harvested.")
    page.get_by_label("Amount requested").fill("250000")
    page.get_by_label("Budget summary").fill("Tools 50k, soil 100k, coordinators 100k.")
    screenshot("applicant-journey-form")
    page.get_by_role("button", name="Submit application").click()
    page.get_by_text("Submitted", exact=False).first.wait_for()
    screenshot("applicant-journey-submitted")

    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert application.amount_requested == 250000
    assert page.get_by_role("button", name="Submit application").count() == 0
