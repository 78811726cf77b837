"""A reviewer logs in to the admin, sets up two-step verification, scores an assigned application and submits the review."""

from base64 import b32decode

import pytest
from django_otp.oath import TOTP

from applications.models import Review
from tests.factories import PASSWORD, ReviewAssignmentFactory, make_reviewer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code_from(secret: str) -> str:
    """What the reviewer's phone shows: TOTP of the key read off the page."""
    totp = TOTP(b32decode(secret + "=" * (-len(secret) % 8)))
    return f"{totp.token():06d}"


def test_reviewer_scores_and_submits_in_the_admin(page, screenshot, reviewer):
    make_reviewer(reviewer)
    assignment = ReviewAssignmentFactory(reviewer=reviewer, application__title="Clean water workshops")
    criteria = list(assignment.application.round.program.criteria.all())

    page.goto("/admin/login/?next=/admin/applications/reviewassignment/")
    page.fill("#id_username", reviewer.email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # First log-in: the password alone does not open the admin; the reviewer sets up an app.
    page.wait_for_url("**/accounts/two-step/set-up/**")
    assert page.locator("figure.qr-code svg").is_visible()
    uri = page.locator("figure.qr-code").get_attribute("data-otpauth-uri")
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    assert f"secret={secret}" in uri
    screenshot("reviewer-enrol")
    page.get_by_label("Verification code").fill(_code_from(secret))
    page.get_by_role("button", name="Confirm and turn on").click()
    page.wait_for_url("**/accounts/two-step/backup-codes/**")
    assert page.locator("#backup-codes li").count() == 10
    page.get_by_role("link", name="I have saved my codes, continue").click()
    page.wait_for_url("**/admin/applications/reviewassignment/")
    assert page.get_by_role("heading", name="My reviews").is_visible()
    screenshot("reviewer-queue")

    page.get_by_role("link", name="Clean water workshops").click()
    page.wait_for_url(f"**/reviewassignment/{assignment.pk}/change/")
    for index, criterion in enumerate(criteria):
        page.check(f"input[name='score_{criterion.pk}'][value='{index % 5 + 1}']")
        page.fill(f"textarea[name='comment_{criterion.pk}']", f"Notes on {criterion.name}")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state()
    assert page.get_by_text("Draft saved.").is_visible()
    page.fill("textarea[name='overall_comment']", "A grounded plan with clear measures.")
    page.get_by_label("Strongly support").check()
    screenshot("reviewer-scoring")
    page.get_by_role("button", name="Submit review").click()
    page.wait_for_load_state()
    assert page.get_by_text("Your review was submitted").is_visible()
    assert page.get_by_role("button", name="Submit review").count() == 0
    screenshot("reviewer-submitted")

    review = Review.objects.get(assignment=assignment)
    assert review.submitted_at is not None
    assert review.recommendation == "strongly_support"
    assert sorted(s.value for s in review.scores.all()) == sorted(i % 5 + 1 for i in range(len(criteria)))

    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("reviewer-submitted-phone")
