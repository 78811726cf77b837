"""The applicant's dashboard: communities, applications with deadlines, open rounds."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import Status
from tests.factories import ApplicationFactory, RoundFactory


def test_dashboard_shows_applications_deadlines_and_actions(client, applicant, community, open_round, draft):
    applicant.time_zone = "America/Los_Angeles"
    applicant.save(update_fields=["time_zone"])
    past = RoundFactory(
        opens_at=timezone.now() - timedelta(days=400), closes_at=timezone.now() - timedelta(days=370)
    )
    old = ApplicationFactory(community=community, round=past, status=Status.DECLINED)
    client.force_login(applicant)
    response = client.get(reverse("dashboard"))
    content = response.content.decode()
    assert response.status_code == 200
    assert community.name in content and draft.title in content and old.title in content
    assert "closes in" in content
    assert "PST" in content or "PDT" in content  # the deadline in the applicant's own zone
    assert reverse("application_edit", args=[draft.pk]) in content
    assert reverse("application_withdraw", args=[draft.pk]) in content
    assert f"{reverse('application_start')}?from={old.pk}" in content
    # The only community already has a live application in the open round: no second one offered.
    assert f"{reverse('application_start')}?round={open_round.pk}" not in content


def test_dashboard_lists_only_the_users_applications(client, stranger, draft):
    client.force_login(stranger)
    response = client.get(reverse("dashboard"))
    assert draft.title not in response.content.decode()


def test_dashboard_query_count_does_not_grow(client, applicant, community, django_assert_num_queries):
    ApplicationFactory(community=community)
    # An awarded application brings the award query (grants.next_steps): in both counts.
    ApplicationFactory(community=community, status=Status.AWARDED)
    client.force_login(applicant)
    with CaptureQueriesContext(connection) as with_one:
        assert client.get(reverse("dashboard")).status_code == 200
    for status in [Status.DRAFT, Status.SUBMITTED, Status.WITHDRAWN, Status.AWARDED, Status.DECLINED] * 10:
        ApplicationFactory(community=community, status=status)
    with django_assert_num_queries(len(with_one)):
        response = client.get(reverse("dashboard"))
    assert len(response.context["applications"]) == 52


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302


def test_a_decision_is_not_shown_before_its_release(client, applicant, community, open_round):
    from applications.models import StatusChange

    application = ApplicationFactory(community=community, round=open_round, status=Status.DECLINED)
    StatusChange.objects.create(
        application=application, old_status=Status.IN_REVIEW, new_status=Status.DECLINED
    )
    client.force_login(applicant)
    for url in [reverse("dashboard"), reverse("application_detail", args=[application.pk])]:
        content = client.get(url).content.decode()
        assert "In review" in content
        assert "Declined" not in content


def test_a_round_the_community_already_applied_to_is_not_offered_again(
    client, applicant, community, open_round
):
    client.force_login(applicant)
    start = f"{reverse('application_start')}?round={open_round.pk}"
    assert start in client.get(reverse("dashboard")).content.decode()
    ApplicationFactory(community=community, round=open_round, created_by=applicant)
    page = client.get(reverse("dashboard")).content.decode()
    assert start not in page and "Applied" in page


def test_a_person_without_a_community_costs_no_application_query(client, stranger, draft):
    client.force_login(stranger)
    client.get(reverse("dashboard"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboard"))
    assert response.context["applications"] == []
    assert not [q["sql"] for q in queries if 'FROM "applications_application"' in q["sql"]]
