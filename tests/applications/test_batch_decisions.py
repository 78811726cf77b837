"""Batch decisions from the ranking page: ticked or every filtered application, one message and reason."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.models import Application, DeclineReason, MessageTemplate, Status
from applications.services import FewReviews, applications_decide
from tests.factories import (
    ApplicationFactory,
    CommunityFactory,
    ReviewAssignmentFactory,
    RoundFactory,
    make_program_staff,
    submitted_review,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(staff):
    return make_program_staff(staff)


@pytest.fixture
def round_():
    return RoundFactory(reviews_required=1)


@pytest.fixture
def reason():
    return DeclineReason.objects.create(label="The plan lacks measurable goals.", label_fr="Objectifs flous.")


@pytest.fixture
def template():
    return MessageTemplate.objects.create(
        name="Declined", outcome=Status.DECLINED, subject="About {round}", body="Dear {applicant_name}"
    )


def _reviewed(round_, country="KE", score=3):
    application = ApplicationFactory(
        round=round_, status=Status.IN_REVIEW, community=CommunityFactory(country=country)
    )
    submitted_review(ReviewAssignmentFactory(application=application), [score] * 5)
    return application


def test_service_decides_each_and_keeps_message_and_reason(manager, round_, reason, template):
    apps = [_reviewed(round_) for _ in range(3)]
    result = applications_decide(
        round=round_,
        application_ids=[a.pk for a in apps[:2]],
        by=manager,
        outcome=Status.DECLINED,
        message=template,
        decline_reason=reason,
    )
    assert len(result.decided) == 2 and result.refused == []
    declined = Application.objects.filter(status=Status.DECLINED)
    assert set(declined.values_list("pk", flat=True)) == {apps[0].pk, apps[1].pk}
    assert set(declined.values_list("decision_message", "decline_reason")) == {(template.pk, reason.pk)}
    assert Application.objects.get(pk=apps[2].pk).status == Status.IN_REVIEW


def test_a_batch_decline_needs_a_reason(manager, round_):
    from applications.services import ReviewRefused

    application = _reviewed(round_)
    with pytest.raises(ReviewRefused, match="reason"):
        applications_decide(
            round=round_, application_ids=[application.pk], by=manager, outcome=Status.DECLINED
        )


def test_applications_of_another_round_are_never_touched(manager, round_):
    other = _reviewed(RoundFactory())
    from applications.services import ReviewRefused

    with pytest.raises(ReviewRefused):
        applications_decide(round=round_, application_ids=[other.pk], by=manager, outcome=Status.WAITLISTED)
    assert Application.objects.get(pk=other.pk).status == Status.IN_REVIEW


def test_few_reviews_stop_the_whole_batch_until_confirmed(manager):
    round_ = RoundFactory(reviews_required=2)
    apps = [_reviewed(round_) for _ in range(2)]
    with pytest.raises(FewReviews, match="2 applications have fewer than the 2 submitted reviews"):
        applications_decide(
            round=round_, application_ids=[a.pk for a in apps], by=manager, outcome=Status.WAITLISTED
        )
    assert not Application.objects.filter(status=Status.WAITLISTED).exists()
    applications_decide(
        round=round_,
        application_ids=[a.pk for a in apps],
        by=manager,
        outcome=Status.WAITLISTED,
        few_reviews_confirmed=True,
    )
    assert Application.objects.filter(status=Status.WAITLISTED).count() == 2


def test_refused_moves_are_reported_and_the_rest_done(manager, round_):
    ok = _reviewed(round_)
    ineligible = ApplicationFactory(round=round_, status=Status.INELIGIBLE)
    result = applications_decide(
        round=round_,
        application_ids=[ok.pk, ineligible.pk],
        by=manager,
        outcome=Status.SHORTLISTED,
        few_reviews_confirmed=True,
    )
    assert [a.pk for a in result.decided] == [ok.pk]
    assert [a.pk for a, _why in result.refused] == [ineligible.pk]


def test_ticked_rows_from_the_ranking_page(client, manager, round_, reason, template):
    apps = [_reviewed(round_) for _ in range(3)]
    client.force_login(manager)
    response = client.post(
        f"/staff/reviews/rounds/{round_.pk}/decide/",
        {
            "applications": [apps[0].pk, apps[2].pk],
            "outcome": "declined",
            "message": template.pk,
            "decline_reason": reason.pk,
        },
    )
    assert response.status_code == 302
    assert set(Application.objects.filter(status=Status.DECLINED).values_list("pk", flat=True)) == {
        apps[0].pk,
        apps[2].pk,
    }
    page = client.get(f"/staff/reviews/rounds/{round_.pk}/ranking/").content.decode()
    assert 'id="decline-summary"' in page
    assert "The plan lacks measurable goals." in page


def test_all_filtered_decides_only_what_the_filters_match(client, manager, round_):
    kenyan = [_reviewed(round_, country="KE") for _ in range(2)]
    french = _reviewed(round_, country="FR")
    client.force_login(manager)
    response = client.post(
        f"/staff/reviews/rounds/{round_.pk}/decide/?country=KE",
        {"all_filtered": "on", "outcome": "waitlisted"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?country=KE")
    assert set(Application.objects.filter(status=Status.WAITLISTED).values_list("pk", flat=True)) == {
        a.pk for a in kenyan
    }
    assert Application.objects.get(pk=french.pk).status == Status.IN_REVIEW


def test_bad_batch_shows_errors_on_the_form_and_keeps_the_ticks(client, manager, round_, template):
    application = _reviewed(round_)
    client.force_login(manager)
    response = client.post(
        f"/staff/reviews/rounds/{round_.pk}/decide/",
        {"applications": [application.pk], "outcome": "declined", "note_to_applicant": "Kept note"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose the reason for declining." in html
    assert "Kept note" in html
    assert f'value="{application.pk}" id="pick-{application.pk}" checked' in html
    nothing = client.post(f"/staff/reviews/rounds/{round_.pk}/decide/", {"outcome": "waitlisted"})
    assert "Tick the applications to decide" in nothing.content.decode()
    wrong = client.post(
        f"/staff/reviews/rounds/{round_.pk}/decide/",
        {"applications": [application.pk], "outcome": "shortlisted", "message": template.pk},
    )
    assert "This message is written for another decision." in wrong.content.decode()
    assert Application.objects.get(pk=application.pk).status == Status.IN_REVIEW


def test_the_ranking_lists_and_links_what_awaits_a_decision(client, manager, round_):
    waiting = ApplicationFactory(round=round_, status=Status.SUBMITTED, title="Waiting for screening")
    client.force_login(manager)
    html = client.get(f"/staff/reviews/rounds/{round_.pk}/ranking/").content.decode()
    assert "1 application awaits screening or a decision" in html
    assert f'href="/staff/reviews/applications/{waiting.pk}/"' in html
    assert "Waiting for screening" in html


def _page_queries(client, round_) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/staff/reviews/rounds/{round_.pk}/ranking/").status_code == 200
    return len(queries)


def test_ranking_page_queries_do_not_grow_with_decisions_and_waiting_ones(client, manager, reason):
    client.force_login(manager)
    counts = []
    for size in (3, 30):
        round_ = RoundFactory()
        for i in range(size):
            application = _reviewed(round_, score=i % 5 + 1)
            if i % 3 == 0:
                Application.objects.filter(pk=application.pk).update(
                    status=Status.DECLINED, decline_reason=reason
                )
            ApplicationFactory(round=round_, status=Status.SUBMITTED)
        counts.append(_page_queries(client, round_))
    assert counts[0] == counts[1]
