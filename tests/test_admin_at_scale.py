"""The admin pages that issue 12's bench found slow at 20,000 applications: what made them slow stays out.

Each test names the cost it guards against (a DISTINCT over wide rows, a drill-down that scans a
table, a list of every community in a form, a label looked up in 250 country choices per row)
and checks the page still does its job.
"""

import pytest
from django.db import connection
from django.db.models import Field
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import Notification
from tests.factories import (
    ApplicationFactory,
    CommunityFactory,
    UserFactory,
    make_program_staff,
    make_reviewer,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff):
    client.force_login(make_program_staff(staff))
    return client


def _sql(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def test_application_search_finds_an_admins_email_without_distinct(staff_client):
    wanted = ApplicationFactory(
        title="Clean water", community=CommunityFactory(admins=[UserFactory(email="ada@x.org")])
    )
    # A second admin matching the term: the application is still listed once.
    wanted.community.memberships.create(user=UserFactory(email="ada.two@x.org"))
    ApplicationFactory(title="Other")

    url = reverse("admin:applications_application_changelist") + "?q=ada"
    sql = _sql(staff_client, url)
    page = staff_client.get(url).content.decode()

    assert page.count('name="_selected_action"') == 1
    assert "Clean water" in page
    assert "Other" not in page
    assert not [query for query in sql if 'DISTINCT "applications_application"."id"' in query]


def test_application_list_counts_files_without_grouping_every_row(staff_client):
    ApplicationFactory.create_batch(3)
    sql = _sql(staff_client, reverse("admin:applications_application_changelist"))
    listing = [query for query in sql if query.startswith('SELECT "applications_application"."id"')]
    assert listing and all('GROUP BY "applications_application"."id"' not in query for query in listing)


def test_outbox_list_has_no_drill_down_scan_and_filters_by_language_and_date(staff_client):
    Notification.objects.create(event="application_submitted", to_email="a@x.org", language="fr", subject="S")
    url = reverse("admin:notifications_notification_changelist")
    sql = _sql(staff_client, url)
    assert not [query for query in sql if "DISTINCT" in query]
    assert staff_client.get(url + "?language=fr").status_code == 200
    assert staff_client.get(url + "?created_at__gte=2026-01-01+00:00:00%2B00:00").status_code == 200


def test_reviewer_profile_form_searches_communities_instead_of_listing_them(staff_client):
    reviewer = make_reviewer()
    CommunityFactory.create_batch(5, name="Listed community")
    page = staff_client.get(
        reverse("admin:applications_reviewerprofile_change", args=[reviewer.reviewer_profile.pk])
    ).content.decode()
    assert "admin-autocomplete" in page
    assert "Listed community" not in page


def test_user_and_community_lists_name_the_country_without_walking_its_choices(staff_client, monkeypatch):
    CommunityFactory.create_batch(3, country="KE")
    UserFactory.create_batch(3, country="KE")
    walked = []
    flatchoices = Field.flatchoices

    def counting(self):
        if self.name == "country":
            walked.append(self.model)
        return flatchoices.fget(self)

    monkeypatch.setattr(Field, "flatchoices", property(counting))
    for name in ("user", "community"):
        walked.clear()
        page = staff_client.get(reverse(f"admin:leadership_{name}_changelist")).content.decode()
        assert "Kenya" in page
        # At most once for the community list's country filter; never once per row.
        assert len(walked) <= 1
