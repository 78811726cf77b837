"""The dashboard after a decision: the decision instead of the deadline, the award's next steps."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone

from applications.models import DecisionRelease, Status
from grants.models import Award
from grants.services import award_accept, award_make
from programs.money import format_money
from programs.open_now import rounds_open_now_forget
from tests.factories import ApplicationFactory, RoundFactory
from tests.grants.support import shortlisted

pytestmark = pytest.mark.django_db


@pytest.fixture
def offered(staff, community):
    return award_make(application=shortlisted("fellowship", community=community), by=staff, amount=None)


def test_an_offered_award_asks_to_accept_or_decline_by_a_date_with_a_link(client, applicant, offered):
    client.force_login(applicant)
    response = client.get(reverse("dashboard"))
    html = response.content.decode()
    respond_by = formats.date_format(timezone.localtime(offered.respond_by), "j F Y")
    assert f"Accept or decline by {respond_by}" in html
    assert f'href="{offered.get_absolute_url()}"' in html
    assert "Accept or decline</a>" in html
    # The decision, not the closed round's countdown.
    block = html.split(f'data-next="{offered.application_id}"')[1].split("</div>")[0]
    assert "Awarded" in block and "closes in" not in block and "Deadline" not in block


def test_the_offer_is_answered_within_the_response_window(offered):
    assert (offered.respond_by - offered.offered_at).days == Award.RESPONSE_DAYS


def test_a_running_award_shows_reports_due_and_the_next_payment(client, applicant, offered):
    award = award_accept(award=offered, by=applicant, agree=True)
    report = award.reports.order_by("due_date").first()
    tranche = award.tranches.order_by("due_date").first()
    client.force_login(applicant)
    response = client.get(reverse("dashboard"))
    html = response.content.decode()
    kinds = [step.kind for step in response.context["next_steps"]]
    assert "respond" not in kinds and "report" in kinds and "payment" in kinds
    assert reverse("report_file", args=[award.pk, report.pk]) in html
    assert formats.date_format(report.due_date, "j F Y") in html
    assert formats.date_format(tranche.due_date, "j F Y") in html
    assert format_money(tranche.amount, award.program.currency) in html


def test_awards_are_reachable_from_the_dashboard(client, applicant, offered):
    client.force_login(applicant)
    html = client.get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("award_list")}"' in html
    assert "Your award" in html


def test_a_released_decline_shows_the_decision_not_the_deadline(client, applicant, community, staff):
    round_ = RoundFactory()
    declined = ApplicationFactory(community=community, round=round_, status=Status.DECLINED)
    DecisionRelease.objects.create(round=round_, released_by=staff)
    client.force_login(applicant)
    html = client.get(reverse("dashboard")).content.decode()
    block = html.split(f'data-next="{declined.pk}"')[1].split("</div>")[0]
    assert "Declined" in block and "closes in" not in block


def test_a_submitted_application_shows_when_it_was_sent(client, applicant, community):
    submitted = ApplicationFactory(community=community, status=Status.SUBMITTED, submitted_at=timezone.now())
    client.force_login(applicant)
    html = client.get(reverse("dashboard")).content.decode()
    block = html.split(f'data-next="{submitted.pk}"')[1].split("</div>")[0]
    assert "Submitted on" in block and "closes in" not in block


def test_constant_queries_with_more_awards(client, applicant, community, staff, offered):
    award_accept(award=offered, by=applicant, agree=True)
    client.force_login(applicant)
    client.get(reverse("dashboard"))

    def count() -> int:
        rounds_open_now_forget()  # both counts read the open rounds (new rounds forget them)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("dashboard")).status_code == 200
        return len(queries)

    small = count()
    for _ in range(3):
        award = award_make(application=shortlisted("fellowship", community=community), by=staff, amount=None)
        award_accept(award=award, by=applicant, agree=True)
    ApplicationFactory(community=community, status=Status.DRAFT)
    assert Award.objects.count() == 4
    assert count() == small


def test_the_award_page_says_by_when_to_answer(client, applicant, offered):
    client.force_login(applicant)
    html = client.get(offered.get_absolute_url()).content.decode()
    respond_by = formats.date_format(timezone.localtime(offered.respond_by), "j F Y")
    assert f"Accept or decline by {respond_by}." in html


def test_an_applicant_without_an_awarded_application_costs_no_award_query(client, applicant, community):
    ApplicationFactory(community=community, status=Status.DRAFT)
    client.force_login(applicant)
    client.get(reverse("dashboard"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("dashboard")).status_code == 200
    assert not [q["sql"] for q in queries if "grants_award" in q["sql"]]
