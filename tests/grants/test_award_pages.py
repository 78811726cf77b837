"""Grantee pages under /awards/: only the community's admins see them; accept, decline, file, budget."""

from decimal import Decimal

import pytest
from django.urls import reverse

from grants.models import AwardStatus, ReportStatus
from grants.services import award_accept, award_make
from tests.factories import UserFactory
from tests.grants.support import community_with, make_award, shortlisted

pytestmark = pytest.mark.django_db


@pytest.fixture
def award(staff, community):
    return award_make(
        application=shortlisted("residency", community=community), by=staff, amount=Decimal("800000")
    )


@pytest.fixture
def accepted(award, applicant):
    return award_accept(award=award, by=applicant, agree=True)


def test_dashboard_lists_the_communitys_award_with_terms_and_schedule(client, applicant, award):
    client.force_login(applicant)
    page = client.get(reverse("award_list")).content.decode()
    assert "Mothers of Lyon" in page and "Review and accept" in page
    detail = client.get(award.get_absolute_url()).content.decode()
    assert "Grant agreement" in detail and "receipts" in detail
    assert "Payment schedule" in detail and "$320,000" in detail
    assert "Progress report 1" in detail


@pytest.mark.parametrize("name", ["award_detail", "award_accept", "award_decline", "budget_proposal"])
def test_a_stranger_and_staff_get_404(client, stranger, staff, award, name):
    for user in (stranger, staff):
        client.force_login(user)
        method = client.post if name in ("award_accept", "award_decline") else client.get
        assert method(reverse(name, args=[award.pk])).status_code == 404


def test_anonymous_is_sent_to_log_in(client, award):
    for name in ("award_list", "award_detail", "award_accept"):
        url = reverse(name, args=[award.pk] if name != "award_list" else [])
        response = client.post(url) if name == "award_accept" else client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_accept_view(client, co_admin, award):
    client.force_login(co_admin)
    assert client.get(reverse("award_accept", args=[award.pk])).status_code == 405
    response = client.post(reverse("award_accept", args=[award.pk]), {"agree": "on", "list_publicly": "on"})
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.status == AwardStatus.ACCEPTED and award.accepted_by == co_admin and award.list_publicly


def test_accept_without_agreeing_shows_the_reason_on_the_form(client, applicant, award):
    client.force_login(applicant)
    response = client.post(reverse("award_accept", args=[award.pk]), {"list_publicly": "on"})
    assert response.status_code == 200
    assert "Tick the box to show you accept" in response.content.decode()


def test_decline_view(client, applicant, award):
    client.force_login(applicant)
    assert client.get(reverse("award_decline", args=[award.pk])).status_code == 405
    client.post(reverse("award_decline", args=[award.pk]), {"reason": "Not now"})
    award.refresh_from_db()
    assert award.status == AwardStatus.DECLINED_BY_GRANTEE


def test_file_a_report_through_the_form(client, applicant, accepted):
    report = accepted.reports.get(number=1)
    url = reverse("report_file", args=[accepted.pk, report.pk])
    client.force_login(applicant)
    assert client.get(url).status_code == 200
    bad = client.post(
        url,
        {
            "narrative": "",
            "members_reached": "10",
            "events_held": "1",
            "people_trained": "1",
            "money_spent": "10",
        },
    )
    assert bad.status_code == 200 and "This field is required" in bad.content.decode()
    response = client.post(
        url,
        {
            "narrative": "We ran it.",
            "members_reached": "120",
            "events_held": "3",
            "people_trained": "25",
            "money_spent": "1500.25",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.money_spent == Decimal("1500.25")


def test_report_of_another_award_is_404(client, applicant, accepted, staff):
    other = make_award(staff, "fellowship")
    client.force_login(applicant)
    url = reverse("report_file", args=[accepted.pk, other.reports.first().pk])
    assert client.get(url).status_code == 404


def test_budget_form_refused_over_the_cap_keeps_what_was_typed(client, applicant, accepted):
    client.force_login(applicant)
    url = reverse("budget_proposal", args=[accepted.pk])
    assert client.get(url).status_code == 200
    data = {
        "narrative": "Our plan",
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "1",
        "lines-MAX_NUM_FORMS": "40",
        "lines-0-category": "events",
        "lines-0-description": "Venues",
        "lines-0-amount": "900000",
        "lines-1-category": "travel",
        "lines-1-description": "Trains",
        "lines-1-amount": "200000",
    }
    page = client.post(url, data).content.decode()
    assert "at most $1,000,000.00" in page and "Trains" in page
    data["lines-1-amount"] = "50000"
    assert client.post(url, data).status_code == 302
    assert accepted.budget_proposal.versions.get().total == Decimal("950000")


def test_public_list_shows_only_communities_that_agreed(client, staff, applicant, award):
    admin = UserFactory()
    other = make_award(staff, "fellowship", community=community_with(admin, name="Quiet Garden Club"))
    award_accept(award=award, by=applicant, agree=True, list_publicly=True)
    award_accept(award=other, by=admin, agree=True, list_publicly=False)
    page = client.get(reverse("awarded_communities")).content.decode()
    assert "Mothers of Lyon" in page
    assert other.application.community.name not in page
