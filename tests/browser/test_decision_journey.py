"""Staff decide a round in the browser: an early release is refused without a reason, a batch decline
with a message template and a reason, the release with a reason, and the chosen message in the outbox."""

import pytest

from applications.models import Application, DecisionRelease, DeclineReason, MessageTemplate, Status
from notifications.models import Notification
from tests.factories import (
    ApplicationFactory,
    CommunityFactory,
    ReviewAssignmentFactory,
    RoundFactory,
    UserFactory,
    make_program_staff,
    submitted_review,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def decided_round(staff):
    make_program_staff(staff)
    round_ = RoundFactory(title="Spring call", reviews_required=2)  # still open: releasing is early
    admins = [
        UserFactory(full_name="Amina Applicant", language="en"),
        UserFactory(full_name="Chloé Co-admin", language="fr"),
    ]
    apps = []
    for i, (title, score) in enumerate((("Clean rivers", 5), ("Night school", 3), ("Seed bank", 2))):
        application = ApplicationFactory(
            round=round_,
            status=Status.IN_REVIEW,
            title=title,
            # Night school is run by Amina (English), Seed bank by Chloé (French).
            community=CommunityFactory(admins=[admins[i - 1]] if i else None, name=f"Community {title}"),
        )
        submitted_review(ReviewAssignmentFactory(application=application), [score] * 5)
        apps.append(application)
    MessageTemplate.objects.create(
        name="Declined — thank you",
        outcome=Status.DECLINED,
        subject="{community}: the decision on {round}",
        body="Dear {applicant_name}, thank you for “{title}”.",
        subject_fr="{community} : la décision sur {round}",
        body_fr="Bonjour {applicant_name}, merci pour « {title} ».",
    )
    DeclineReason.objects.create(
        label="The plan lacks measurable goals.", label_fr="Objectifs peu mesurables."
    )
    return round_, apps


def test_batch_decline_then_an_early_release_with_a_reason(page, screenshot, log_in, staff, decided_round):
    round_, (clean, night, seed) = decided_round
    log_in(staff)
    page.goto(f"/staff/reviews/rounds/{round_.pk}/ranking/")
    assert page.locator("#ranking td.score-cell").first.inner_text().strip() != "0.00"
    assert page.get_by_text("fewer reviews: 1 of 2").first.is_visible()

    # The header box ticks every row of the page, and clears them again.
    page.get_by_label("Select every application on this page").check()
    assert page.locator("#ranking input[name='applications']:checked").count() == 3
    page.get_by_label("Select every application on this page").uncheck()
    assert page.locator("#ranking input[name='applications']:checked").count() == 0

    # Shortlist the first, then decline the two others with a template and a reason.
    page.locator("#batch summary").click()
    page.get_by_label(f"Select “{clean.title}”").check()
    page.get_by_label("Decision", exact=True).select_option("shortlisted")
    page.get_by_role("button", name="Decide", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_text("the round asks for 2").first.is_visible()  # fewer reviews: confirm first
    page.get_by_label("Decide even with fewer submitted reviews than the round asks for").check()
    page.get_by_role("button", name="Decide", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_text("1 application decided").is_visible()

    page.locator("#batch summary").click()
    page.get_by_label(f"Select “{night.title}”").check()
    page.get_by_label(f"Select “{seed.title}”").check()
    page.get_by_label("Decision", exact=True).select_option("declined")
    page.get_by_label("Message to the applicant").select_option(label="Declined — thank you")
    page.get_by_label("Reason for declining").select_option(label="The plan lacks measurable goals.")
    page.get_by_label("Decide even with fewer submitted reviews than the round asks for").check()
    screenshot("decide-batch-form")
    page.get_by_role("button", name="Decide", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_text("2 applications decided").is_visible()
    assert page.locator("#decline-summary").get_by_text("The plan lacks measurable goals.").is_visible()
    assert Application.objects.filter(status=Status.DECLINED).count() == 2
    assert not Notification.objects.filter(event="decision_released").exists()  # nothing until release

    # Too early: refused without a reason, accepted with one.
    assert page.locator("#release-early-warning").is_visible()
    page.get_by_role("button", name="Release decisions early").click()
    page.wait_for_load_state()
    assert page.get_by_text("Give a reason to release the decisions before then.").is_visible()
    assert not DecisionRelease.objects.exists()
    page.get_by_label("Reason for releasing before the review deadline").fill("The board met early.")
    screenshot("decide-release-refused")
    page.get_by_role("button", name="Release decisions early").click()
    page.wait_for_load_state()
    assert page.get_by_text("Decisions released: 3 applications were told their outcome.").is_visible()
    assert page.get_by_text("The board met early.").is_visible()
    screenshot("decide-ranking-released")

    rows = Notification.objects.filter(event="decision_released")
    declined = {row.to_email: row for row in rows if "thank you" in row.body_text or "merci" in row.body_text}
    amina = night.community.admins.get()
    assert declined[amina.email].subject == f"Community Night school: the decision on {round_}"
    assert "Dear Amina Applicant, thank you for “Night school”." in declined[amina.email].body_text
    assert "The plan lacks measurable goals." in declined[amina.email].body_text
    chloe = seed.community.admins.get()
    assert declined[chloe.email].subject == f"Community Seed bank : la décision sur {round_}"
    assert "Objectifs peu mesurables." in declined[chloe.email].body_text

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/staff/reviews/rounds/{round_.pk}/ranking/")
    screenshot("decide-ranking-390")


def test_actions_on_the_application_pages_and_the_admin_list_at_1280(
    page, screenshot, log_in, staff, decided_round
):
    round_, (clean, _night, _seed) = decided_round
    waiting = ApplicationFactory(round=round_, status=Status.SUBMITTED, title="Waiting for screening")
    log_in(staff)
    page.goto(f"/staff/reviews/rounds/{round_.pk}/ranking/")
    page.locator("#awaiting").get_by_role("link", name="Waiting for screening").click()
    page.wait_for_url(f"**/staff/reviews/applications/{waiting.pk}/")
    page.get_by_label("Eligible: send to review").check()
    screenshot("decide-application-page")
    page.get_by_role("button", name="Save screening").click()
    page.wait_for_load_state()
    assert Application.objects.get(pk=waiting.pk).status == Status.IN_REVIEW
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/staff/reviews/applications/{clean.pk}/")
    screenshot("decide-application-page-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"/admin/applications/application/{clean.pk}/change/")
    page.get_by_label("Decision", exact=True).select_option("waitlisted")
    page.get_by_label("Decide even with fewer submitted reviews than the round asks for").check()
    screenshot("decide-admin-change")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("decide-admin-change-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Save decision").click()
    page.wait_for_url(f"**/admin/applications/application/{clean.pk}/change/")
    assert Application.objects.get(pk=clean.pk).status == Status.WAITLISTED

    from django.utils import timezone

    Application.objects.update(submitted_at=timezone.now())
    page.goto("/admin/applications/application/")
    table = page.locator("#result_list")
    viewport = page.viewport_size["width"]
    for column in ("status", "amount"):
        header = table.locator(f"thead th.column-{column}")
        box = header.bounding_box()
        assert box is not None and header.is_visible()
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport, f"{column} is cut at 1280 px"
    screenshot("decide-admin-list-1280")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport
    # No column cut off inside the list's own scroll box either.
    cut = page.evaluate(
        """() => {
          const box = document.querySelector('#changelist .results').getBoundingClientRect();
          return Array.from(document.querySelectorAll('#result_list thead th'))
            .filter(th => th.getBoundingClientRect().right > box.right + 0.5)
            .map(th => th.className);
        }"""
    )
    assert cut == [], f"columns cut at 1280 px: {cut}"
