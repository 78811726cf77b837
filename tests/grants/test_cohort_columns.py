"""The staff cohort overview shows each resident's budget proposal and progress reports."""

from decimal import Decimal

from django.urls import reverse

from grants.services import award_accept, budget_proposal_submit
from leadership.models import Cohort
from tests.factories import make_program_staff
from tests.grants.support import make_award


def test_cohort_overview_shows_budget_proposal_and_reports(client, applicant, co_admin, staff, community):
    make_program_staff(staff)
    award = make_award(staff, "residency", community=community)
    award_accept(award=award, by=applicant, agree=True)
    budget_proposal_submit(
        award=award,
        by=applicant,
        narrative="Venues and trainers.",
        lines=[{"category": "events", "description": "Venues", "amount": Decimal("600000")}],
    )
    cohort = Cohort.objects.get(key=f"residency:{award.application.round_id}")
    client.force_login(staff)
    body = client.get(reverse("staff_cohort_detail", args=[cohort.pk])).content.decode()
    assert "Budget proposal" in body and "Awaiting review" in body
    assert "Progress reports filed" in body
    assert f"0 / {award.reports.count()}" in body


def test_fellows_show_no_budget_proposal_state(client, applicant, staff, community):
    award = make_award(staff, "fellowship", community=community)
    award_accept(award=award, by=applicant, agree=True)
    cohort = Cohort.objects.get(key=f"fellowship:{award.application.round_id}")
    client.force_login(staff)
    body = client.get(reverse("staff_cohort_detail", args=[cohort.pk])).content.decode()
    assert "Awaiting review" not in body and "Not filed yet" not in body
