"""Decisions: quiet until released, one email per applicant on release, feedback to the declined."""

import pytest
from django.core import mail

from applications.disclosure import visible_status
from applications.models import Application, DecisionRelease, Status
from applications.services import ReviewRefused, application_decide, application_screen, decisions_release
from tests.factories import (
    ApplicationFactory,
    ReviewAssignmentFactory,
    RoundFactory,
    make_program_staff,
    make_reviewer,
    submitted_review,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(staff):
    return make_program_staff(staff)


@pytest.fixture
def decided_round(manager, community, django_capture_on_commit_callbacks):
    round_ = RoundFactory(reviewed=True)
    declined = ApplicationFactory(round=round_, community=community, status=Status.IN_REVIEW, title="Ours")
    shortlisted = ApplicationFactory(round=round_, status=Status.IN_REVIEW, title="Theirs")
    ineligible = ApplicationFactory(round=round_, status=Status.SUBMITTED, title="Political")
    with django_capture_on_commit_callbacks(execute=True):
        application_decide(
            application=declined,
            by=manager,
            outcome=Status.DECLINED,
            note_to_applicant="The plan lacked measurable goals.",
            internal_note="Weak budget",
            few_reviews_confirmed=True,
        )
        application_decide(
            application=shortlisted, by=manager, outcome=Status.SHORTLISTED, few_reviews_confirmed=True
        )
        application_screen(application=ineligible, by=manager, eligible=False, reason="Campaign group.")
    return round_, declined, shortlisted, ineligible


def test_deciding_tells_the_applicant_nothing(decided_round):
    _round, declined, _shortlisted, ineligible = decided_round
    assert mail.outbox == []
    assert visible_status(declined) == Status.IN_REVIEW
    assert visible_status(ineligible) == Status.SUBMITTED


def test_decline_needs_a_reason(manager):
    application = ApplicationFactory(status=Status.IN_REVIEW)
    with pytest.raises(ReviewRefused):
        application_decide(application=application, by=manager, outcome=Status.DECLINED)


def test_release_sends_one_email_per_admin_with_outcome_and_reason(
    decided_round, manager, applicant, co_admin, django_capture_on_commit_callbacks
):
    round_, declined, _shortlisted, ineligible = decided_round
    with django_capture_on_commit_callbacks(execute=True):
        release = decisions_release(round=round_, by=manager)
    assert release.applications_told == 3
    ours = [m for m in mail.outbox if m.to[0] in (applicant.email, co_admin.email)]
    assert len(ours) == 2
    assert all("The plan lacked measurable goals." in m.body for m in ours)
    assert all("Weak budget" not in m.body for m in mail.outbox)
    political = [m for m in mail.outbox if "Campaign group." in m.body]
    assert len(political) == ineligible.community.admins.count()
    declined.refresh_from_db()
    assert visible_status(declined) == Status.DECLINED


def test_release_happens_once(decided_round, manager, django_capture_on_commit_callbacks):
    round_ = decided_round[0]
    with django_capture_on_commit_callbacks(execute=True):
        decisions_release(round=round_, by=manager)
    sent = len(mail.outbox)
    with pytest.raises(ReviewRefused, match="already released"):
        decisions_release(round=round_, by=manager)
    assert len(mail.outbox) == sent
    assert DecisionRelease.objects.count() == 1


def test_release_waits_for_every_decision(manager):
    round_ = RoundFactory(reviewed=True)
    ApplicationFactory(round=round_, status=Status.IN_REVIEW)
    with pytest.raises(ReviewRefused, match="still await"):
        decisions_release(round=round_, by=manager)


def test_release_from_the_ranking_page(client, decided_round, manager, django_capture_on_commit_callbacks):
    round_ = decided_round[0]
    url = f"/staff/reviews/rounds/{round_.pk}/release/"
    client.force_login(manager)
    assert client.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert DecisionRelease.objects.filter(round=round_).exists()
    assert "Released on" in client.get(f"/staff/reviews/rounds/{round_.pk}/ranking/").content.decode()


def test_release_view_refuses_anonymous_and_strangers(client, stranger):
    round_ = RoundFactory()
    url = f"/staff/reviews/rounds/{round_.pk}/release/"
    assert client.post(url).status_code == 302
    client.force_login(stranger)
    assert client.post(url).status_code == 404


def test_bulk_decisions_in_the_admin(client, manager):
    apps = [ApplicationFactory(status=Status.IN_REVIEW) for _ in range(3)]
    client.force_login(manager)
    data = {"action": "decide_waitlisted", "_selected_action": [str(a.pk) for a in apps]}
    refused = client.post(
        "/admin/applications/application/",
        {**data, "note_to_applicant": "", "internal_note": "Reserve", "apply": "1"},
    )
    assert refused.status_code == 302
    assert (
        Application.objects.filter(status=Status.WAITLISTED).count() == 0
    )  # no reviews: needs a confirmation
    assert "Note to the applicant" in client.post("/admin/applications/application/", data).content.decode()
    response = client.post(
        "/admin/applications/application/",
        {
            **data,
            "note_to_applicant": "",
            "internal_note": "Reserve",
            "few_reviews_confirmed": "1",
            "apply": "1",
        },
    )
    assert response.status_code == 302
    assert Application.objects.filter(status=Status.WAITLISTED).count() == 3


def test_declined_applicant_sees_scores_beside_the_funded_median_never_reviews(
    client, applicant, manager, community, django_capture_on_commit_callbacks
):
    round_ = RoundFactory(share_feedback=True, reviewed=True)
    ours = ApplicationFactory(round=round_, community=community, status=Status.IN_REVIEW)
    funded = [ApplicationFactory(round=round_, status=Status.IN_REVIEW) for _ in range(3)]
    reviewer = make_reviewer(full_name="Secret Reviewer Name")
    submitted_review(
        ReviewAssignmentFactory(application=ours, reviewer=reviewer),
        [2, 3, 2, 2, 2],
        comment="A private remark",
    )
    for application, score in zip(funded, (4, 5, 3), strict=True):
        submitted_review(ReviewAssignmentFactory(application=application), [score] * 5)
    with django_capture_on_commit_callbacks(execute=True):
        application_decide(
            application=ours,
            by=manager,
            outcome=Status.DECLINED,
            note_to_applicant="Too early.",
            few_reviews_confirmed=True,
        )
        for application in funded:
            application_decide(
                application=application, by=manager, outcome=Status.SHORTLISTED, few_reviews_confirmed=True
            )
    from django.template import Context, Template

    panel = Template('{% include "applications/includes/feedback.html" %}')
    ours.refresh_from_db()
    assert panel.render(Context({"application": ours})).strip() == ""  # nothing before release
    with django_capture_on_commit_callbacks(execute=True):
        decisions_release(round=round_, by=manager)
    ours = Application.objects.with_listing().get(pk=ours.pk)
    html = panel.render(Context({"application": ours}))
    assert "Too early." in html
    assert "Community strength and trust" in html
    assert "2.0" in html and "3.0" in html and "4.0" in html  # ours (2, 3) beside the median of 4, 5, 3
    assert "Secret Reviewer Name" not in html
    assert "A private remark" not in html
