"""Each persona logs in through the real form and lands where they work; the awarded applicant
sees by when to accept; the staff home and My reviews on a 390 px phone."""

import re
from datetime import UTC, timedelta
from decimal import Decimal

import pytest
from django.utils import formats, timezone

from applications.models import Application, Review, Status
from grants.services import award_make
from tests.factories import (
    ApplicationFactory,
    CommunityFactory,
    ReviewAssignmentFactory,
    RoundFactory,
    StaffFactory,
    UserFactory,
    make_reviewer,
    submitted_review,
)
from tests.grants.support import shortlisted

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def round_with_reviews(db):
    round_ = RoundFactory(title="Open call 2031")
    reviewer = make_reviewer(
        UserFactory(email="rita@example.org", full_name="Rita Reviewer", time_zone="Africa/Nairobi")
    )
    other = make_reviewer(UserFactory(email="omar@example.org", full_name="Omar Reviewer"))
    criteria = round_.program.criteria.count()
    for i, title in enumerate(
        ["Clean water for Kibera", "Seed library", "Choir for refugees", "Night school"]
    ):
        application = ApplicationFactory(round=round_, status=Status.IN_REVIEW, title=title)
        mine = ReviewAssignmentFactory(application=application, reviewer=reviewer)
        theirs = ReviewAssignmentFactory(application=application, reviewer=other)
        if i == 0:
            submitted_review(mine, [4] * criteria)
            submitted_review(theirs, [3] * criteria)
        elif i == 1:
            Review.objects.create(assignment=mine)
        elif i == 2:
            mine.conflict_declared_at = timezone.now()
            mine.conflict_reason = "I sing in it."
            mine.save()
    ApplicationFactory.create_batch(3, round=round_, status=Status.SUBMITTED)
    ApplicationFactory.create_batch(2, round=round_, status=Status.DRAFT)
    return {"round": round_, "reviewer": reviewer}


def test_the_reviewer_lands_on_my_reviews_and_opens_a_scoring_page(
    page, log_in, screenshot, round_with_reviews
):
    log_in(round_with_reviews["reviewer"])
    page.wait_for_url("**/reviews/")
    page.get_by_role("heading", name="My reviews").wait_for()
    assert page.get_by_text("I sing in it.").is_visible()
    assert "EAT" in page.locator("section time").first.inner_text()  # the deadline in Nairobi time
    screenshot("my-reviews")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    screenshot("my-reviews-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name=re.compile(r"^Score .*Night school")).click()
    page.wait_for_url("**/admin/applications/reviewassignment/*/change/")
    # The menu's "Reviews" opens the queue, not the admin index.
    page.goto("/applications/")
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Reviews").click()
    page.wait_for_url("**/reviews/")


def test_staff_land_on_the_staff_home(page, log_in, screenshot, round_with_reviews):
    staff = StaffFactory(email="pm@example.org", full_name="Paula Manager")
    log_in(staff)
    page.wait_for_url("**/staff/")
    page.get_by_role("heading", name="Staff home").wait_for()
    assert "Open call 2031" in page.locator("#round-title").inner_text()
    assert page.locator('#pipeline tr[data-status="submitted"] td').inner_text() == "3"
    assert page.locator('#review-progress [data-figure="submitted"]').inner_text() == "2"
    screenshot("staff-home")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    screenshot("staff-home-phone")
    # No sideways scrolling of the page itself on a phone.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Ranking", exact=True).click()
    page.wait_for_url(f"**/staff/reviews/rounds/{round_with_reviews['round'].pk}/ranking/")
    page.goto("/admin/")
    screenshot("admin-index-work-places")
    page.locator("#work-places-staff").get_by_role("link", name="Staff home").click()
    page.wait_for_url("**/staff/")

    # More time for one draft, from its admin page.
    draft = Application.objects.filter(round=round_with_reviews["round"], status=Status.DRAFT).first()
    page.goto(f"/admin/applications/application/{draft.pk}/change/")
    page.get_by_role("link", name="Give more time").click()
    until = timezone.localtime(draft.round.closes_at + timedelta(days=2), UTC)
    page.get_by_label("New deadline").fill(until.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Reason").fill("The upload page was down for six hours.")
    page.get_by_role("button", name="Give more time").click()
    page.get_by_text("its admins are emailed").wait_for()
    screenshot("deadline-extend")
    draft.refresh_from_db()
    assert draft.deadline == until.replace(second=0, microsecond=0)


def test_the_awarded_applicant_lands_on_the_dashboard_and_sees_by_when_to_accept(page, log_in, screenshot):
    grantee = UserFactory(email="nadia@example.org", full_name="Nadia Haddad")
    staff = StaffFactory(email="pm2@example.org")
    community = CommunityFactory(admins=[grantee], name="Mamans solidaires de Tunis", country="TN")
    award = award_make(application=shortlisted("fellowship", community=community), by=staff, amount=None)
    log_in(grantee)
    page.wait_for_url("**/applications/")
    respond_by = formats.date_format(timezone.localtime(award.respond_by), "j F Y")
    steps = page.locator("#next-steps")
    steps.get_by_text(f"Accept or decline by {respond_by}").wait_for()
    assert "closes in" not in page.locator(f'[data-next="{award.application_id}"]').inner_text()
    screenshot("dashboard-award-offered")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    screenshot("dashboard-award-offered-phone")
    steps.get_by_role("link", name="Accept or decline").click()
    page.wait_for_url(f"**/awards/{award.pk}/")
    page.get_by_text(f"Accept or decline by {respond_by}.").wait_for()
    assert award.amount == Decimal("50000.00")
