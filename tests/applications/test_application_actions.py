"""Screen and decide from the application's staff page and its admin change page."""

import pytest

from applications.models import Application, DeclineReason, Status
from tests.factories import ApplicationFactory, RoundFactory, make_program_staff, make_reviewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(staff):
    return make_program_staff(staff)


def test_staff_page_offers_screening_for_a_submitted_application(client, manager):
    application = ApplicationFactory(status=Status.SUBMITTED)
    client.force_login(manager)
    html = client.get(f"/staff/reviews/applications/{application.pk}/").content.decode()
    assert f'action="/staff/reviews/applications/{application.pk}/screen/"' in html
    assert "csrfmiddlewaretoken" in html
    assert "/assign/" in html or "Assign reviewers" in html


def test_screening_in_from_the_staff_page(client, manager):
    application = ApplicationFactory(status=Status.SUBMITTED)
    client.force_login(manager)
    url = f"/staff/reviews/applications/{application.pk}/screen/"
    assert client.get(url).status_code == 405
    response = client.post(url, {"eligible": "1"})
    assert response.status_code == 302
    assert Application.objects.get(pk=application.pk).status == Status.IN_REVIEW


def test_ineligible_needs_a_reason_on_the_form(client, manager):
    application = ApplicationFactory(status=Status.SUBMITTED)
    client.force_login(manager)
    url = f"/staff/reviews/applications/{application.pk}/screen/"
    response = client.post(url, {"eligible": "0", "reason": ""})
    assert response.status_code == 400
    assert "Give the reason the application is ineligible" in response.content.decode()
    client.post(url, {"eligible": "0", "reason": "A political campaign"})
    application.refresh_from_db()
    assert application.status == Status.INELIGIBLE
    assert application.decision_note == "A political campaign"


def test_decline_with_reason_from_the_staff_page(client, manager):
    application = ApplicationFactory(status=Status.IN_REVIEW, round=RoundFactory(reviews_required=1))
    reason = DeclineReason.objects.create(label="Budget does not match")
    client.force_login(manager)
    url = f"/staff/reviews/applications/{application.pk}/decide/"
    response = client.post(
        url, {"outcome": "declined", "decline_reason": reason.pk, "few_reviews_confirmed": "on"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.DECLINED
    assert application.decline_reason == reason
    page = client.get(f"/staff/reviews/applications/{application.pk}/").content.decode()
    assert "Budget does not match" in page


def test_strangers_and_reviewers_get_404(client, stranger, reviewer):
    make_reviewer(reviewer)
    application = ApplicationFactory(status=Status.SUBMITTED)
    for user in (stranger, reviewer):
        client.force_login(user)
        assert (
            client.post(
                f"/staff/reviews/applications/{application.pk}/screen/", {"eligible": "1"}
            ).status_code
            == 404
        )
        assert (
            client.post(
                f"/staff/reviews/applications/{application.pk}/decide/", {"outcome": "waitlisted"}
            ).status_code
            == 404
        )
    assert Application.objects.get(pk=application.pk).status == Status.SUBMITTED


def test_admin_change_page_has_the_forms_and_comes_back_to_itself(client, manager):
    application = ApplicationFactory(status=Status.IN_REVIEW)
    client.force_login(manager)
    admin_url = f"/admin/applications/application/{application.pk}/change/"
    html = client.get(admin_url).content.decode()
    assert f'action="/staff/reviews/applications/{application.pk}/decide/"' in html
    assert 'id="few-reviews-warning"' in html
    # The decision forms sit outside the admin's own form: no nested <form>.
    decide_at = html.index(f'action="/staff/reviews/applications/{application.pk}/decide/"')
    assert html.index('id="application_form"') > decide_at
    response = client.post(
        f"/staff/reviews/applications/{application.pk}/decide/",
        {"outcome": "waitlisted", "few_reviews_confirmed": "on", "next": admin_url},
    )
    assert response.status_code == 302
    assert response["Location"] == admin_url
    assert Application.objects.get(pk=application.pk).status == Status.WAITLISTED


def test_next_never_leaves_the_site(client, manager):
    application = ApplicationFactory(status=Status.SUBMITTED)
    client.force_login(manager)
    response = client.post(
        f"/staff/reviews/applications/{application.pk}/screen/",
        {"eligible": "1", "next": "https://evil.example/"},
    )
    assert response["Location"] == f"/staff/reviews/applications/{application.pk}/"


def test_admin_change_page_shows_screening_for_submitted(client, manager):
    application = ApplicationFactory(status=Status.SUBMITTED)
    client.force_login(manager)
    html = client.get(f"/admin/applications/application/{application.pk}/change/").content.decode()
    assert f'action="/staff/reviews/applications/{application.pk}/screen/"' in html


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "page", ["/staff/reviews/applications/{pk}/", "/admin/applications/application/{pk}/change/"]
)
def test_pages_with_the_forms_run_constant_queries(client, manager, page):
    from tests.factories import ReviewAssignmentFactory, submitted_review

    client.force_login(manager)
    counts = []
    for n_reviews in (1, 6):
        application = ApplicationFactory(status=Status.IN_REVIEW)
        for _ in range(n_reviews):
            submitted_review(ReviewAssignmentFactory(application=application), [3] * 5)
        DeclineReason.objects.create(label=f"Reason {n_reviews}")
        counts.append(_queries(client, page.format(pk=application.pk)))
    assert counts[0] == counts[1]
