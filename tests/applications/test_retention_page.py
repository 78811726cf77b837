"""The staff page "Data retention" and the staff home's panel: what the policy acts on this month."""

from datetime import timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, DecisionRelease, Status
from applications.retention import staff_home_panel
from tests.factories import ApplicationFactory, CommunityFactory, RoundFactory, make_reviewer

URL = reverse("staff_retention")


def old_decisions(staff, n):
    """n declined applications of a round released three years ago, and one awarded."""
    round_ = RoundFactory()
    DecisionRelease.objects.create(
        round=round_, released_by=staff, released_at=timezone.now() - timedelta(days=1100)
    )
    for i in range(n):
        ApplicationFactory(
            round=round_, community=CommunityFactory(name=f"Old community {i}"), status=Status.DECLINED
        )
    ApplicationFactory(round=round_, community=CommunityFactory(name="Funded group"), status=Status.AWARDED)


def stale_drafts(n):
    for i in range(n):
        draft = ApplicationFactory(community=CommunityFactory(name=f"Quiet group {i}"), status=Status.DRAFT)
        Application.objects.filter(pk=draft.pk).update(updated_at=timezone.now() - timedelta(days=400))


@pytest.mark.django_db
def test_staff_see_the_counts_and_what_is_due(client, staff):
    old_decisions(staff, 2)
    stale_drafts(1)
    client.force_login(staff)
    response = client.get(URL)
    assert response.status_code == 200
    assert [response.context["due"].to_anonymise, response.context["due"].drafts_to_delete] == [2, 1]
    page = response.content.decode()
    assert "Old community 0" in page and "Quiet group 0" in page
    assert "Funded group" not in page
    assert "Not yet" in page


@pytest.mark.django_db
def test_the_page_takes_the_same_queries_at_two_sizes(client, staff):
    client.force_login(staff)
    old_decisions(staff, 1)
    stale_drafts(1)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    old_decisions(staff, 8)
    stale_drafts(8)
    with CaptureQueriesContext(connection) as large:
        assert client.get(URL).status_code == 200
    assert len(large) == len(small)


@pytest.mark.django_db
def test_reviewers_and_applicants_get_404_and_visitors_the_login(client, applicant):
    client.force_login(make_reviewer())
    assert client.get(URL).status_code == 404
    client.force_login(applicant)
    assert client.get(URL).status_code == 404
    client.logout()
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.django_db
def test_the_staff_menu_links_to_the_page(client, staff):
    client.force_login(staff)
    assert URL in client.get(reverse("staff_review_rounds")).content.decode()


@pytest.mark.django_db
def test_the_staff_home_panel_shows_the_counts_and_links_to_the_page(staff):
    old_decisions(staff, 3)
    html = render_to_string("applications/includes/retention_panel.html", staff_home_panel())
    assert "Retention: due this month" in html
    assert "<strong>3</strong>" in html
    assert URL in html
