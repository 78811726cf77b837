"""Staff pages: only staff (404 for others, login for anonymous), dashboard in constant queries, actions."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.models import AwardAmendment, AwardStatus, ExportLog, Tranche
from grants.services import award_accept, award_make, budget_proposal_submit, report_submit
from tests.grants.support import bulk_awards, round_of, shortlisted

pytestmark = pytest.mark.django_db


@pytest.fixture
def award(staff, community, applicant):
    award = award_make(
        application=shortlisted("residency", community=community), by=staff, amount=Decimal("1000000")
    )
    return award_accept(award=award, by=applicant, agree=True)


def staff_urls(award) -> list[tuple[str, str]]:
    tranche, report = award.tranches.first(), award.reports.first()
    get = ["staff_dashboard", "staff_dashboard_data", "staff_shortlist", "staff_reports"]
    urls = [("get", reverse(name)) for name in get]
    urls += [
        ("get", reverse("staff_award_make", args=[award.application_id])),
        ("get", reverse("staff_award_detail", args=[award.pk])),
        ("get", reverse("staff_tranches_edit", args=[award.pk])),
        ("post", reverse("staff_award_cancel", args=[award.pk])),
        ("post", reverse("staff_award_amend", args=[award.pk])),
        ("post", reverse("staff_award_complete", args=[award.pk])),
        ("post", reverse("staff_tranche_paid", args=[award.pk, tranche.pk])),
        ("post", reverse("staff_report_accept", args=[award.pk, report.pk])),
        ("post", reverse("staff_report_changes", args=[award.pk, report.pk])),
        ("post", reverse("staff_proposal_approve", args=[award.pk])),
        ("post", reverse("staff_proposal_changes", args=[award.pk])),
        ("post", reverse("staff_export_awards") + "?format=csv"),
        ("post", reverse("staff_export_applications")),
        ("get", reverse("staff_export_progress", args=[1])),
        ("get", reverse("staff_export_status", args=[1])),
        ("get", reverse("staff_export_download", args=[1])),
    ]
    return urls


def test_non_staff_get_404_and_anonymous_get_the_login_page_on_every_staff_url(
    client, award, applicant, staff
):
    ExportLog.objects.create(pk=1, requested_by=staff, kind="awards", format="xlsx", state="ready")
    for method, url in staff_urls(award):
        client.logout()
        response = getattr(client, method)(url, {"format": "csv"})
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        client.force_login(applicant)
        assert getattr(client, method)(url, {"format": "csv"}).status_code == 404, url
    assert ExportLog.objects.count() == 1


def test_state_changes_refuse_get(client, staff, award):
    client.force_login(staff)
    for method, url in staff_urls(award):
        if method == "post":
            assert client.get(url).status_code == 405, url


def test_dashboard_runs_in_constant_queries(client, staff, django_assert_max_num_queries):
    client.force_login(staff)
    bulk_awards(2, round_=round_of("fellowship"), country="KE", name="A")
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("staff_dashboard"))
    bulk_awards(60, round_=round_of("fellowship"), country="SN", name="B")
    bulk_awards(3, round_=round_of("residency"), amount=Decimal("500000"), country="BR", name="C")
    Tranche.objects.filter(number=2).update(due_date=timezone.localdate() - timedelta(days=1))
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(reverse("staff_dashboard")).content.decode()
    assert "Senegal" in page and "Overdue tranches" in page


def test_dashboard_figures_and_json(client, staff):
    bulk_awards(4, round_=round_of("fellowship"), country="KE")
    client.force_login(staff)
    data = client.get(reverse("staff_dashboard_data")).json()
    fellowship = next(p for p in data["programs"] if p["slug"] == "fellowship")
    assert (fellowship["live_awards"], fellowship["slots_left"]) == (4, 96)
    assert Decimal(fellowship["awarded"]) == Decimal("200000") and Decimal(
        fellowship["disbursed"]
    ) == Decimal("100000")
    assert Decimal(fellowship["remaining"]) == Decimal("4800000")
    assert data["countries"][0]["name"] == "Kenya" and data["focus_areas"][0]["code"] == "health"


def test_staff_make_an_award_from_the_shortlist(client, staff):
    application = shortlisted("residency", requested=Decimal("500000"))
    client.force_login(staff)
    assert application.community.name in client.get(reverse("staff_shortlist")).content.decode()
    url = reverse("staff_award_make", args=[application.pk])
    page = client.post(url, {"amount": "600000"}).content.decode()
    assert "more than the $500,000.00 requested" in page
    response = client.post(url, {"amount": "600000", "above_request_confirmed": "on", "note": "Strong plan"})
    assert response.status_code == 302
    assert application.awards.get().amount == Decimal("600000")


def test_staff_record_payment_review_report_and_approve_budget(client, staff, applicant, award):
    client.force_login(staff)
    tranche = award.tranches.get(number=1)
    today = timezone.localdate().isoformat()
    client.post(
        reverse("staff_tranche_paid", args=[award.pk, tranche.pk]), {"paid_on": today, "reference": "W1"}
    )
    award.refresh_from_db()
    assert award.status == AwardStatus.ACTIVE
    refused = client.post(
        reverse("staff_tranche_paid", args=[award.pk, award.tranches.get(number=2).pk]),
        {"paid_on": today, "reference": "W2"},
    )
    assert refused.status_code == 400 and "Payments follow results" in refused.content.decode()
    report = report_submit(
        report=award.reports.get(number=1),
        by=applicant,
        data={
            "narrative": "Done",
            "members_reached": 1,
            "events_held": 1,
            "people_trained": 1,
            "money_spent": 1,
        },
    )
    client.post(reverse("staff_report_accept", args=[award.pk, report.pk]), {"note": "Good"})
    report.refresh_from_db()
    assert report.status == "accepted"
    budget_proposal_submit(
        award=award,
        by=applicant,
        narrative="Plan",
        lines=[{"category": "events", "description": "Venues", "amount": Decimal("900000")}],
    )
    client.post(reverse("staff_proposal_approve", args=[award.pk]), {"note": ""})
    award.refresh_from_db()
    assert award.amount == Decimal("900000") and AwardAmendment.objects.filter(award=award).exists()
    page = client.get(reverse("staff_award_detail", args=[award.pk])).content.decode()
    assert "Budget proposal version 1 approved." in page


def test_staff_amend_and_cancel(client, staff, award):
    client.force_login(staff)
    bad = client.post(reverse("staff_award_amend", args=[award.pk]), {"amount": "1200000", "reason": "More"})
    assert bad.status_code == 400 and "at most $1,000,000.00" in bad.content.decode()
    client.post(
        reverse("staff_award_amend", args=[award.pk]), {"amount": "700000", "reason": "Training budget"}
    )
    award.refresh_from_db()
    assert award.amount == Decimal("700000")
    assert client.post(reverse("staff_award_cancel", args=[award.pk]), {"reason": ""}).status_code == 400
    client.post(reverse("staff_award_cancel", args=[award.pk]), {"reason": "Closed"})
    award.refresh_from_db()
    assert award.status == AwardStatus.CANCELLED


def test_staff_edit_the_schedule(client, staff, award):
    client.force_login(staff)
    url = reverse("staff_tranches_edit", args=[award.pk])
    assert client.get(url).status_code == 200
    due = (timezone.localdate() + timedelta(days=40)).isoformat()
    data = {
        "tranches-TOTAL_FORMS": "1",
        "tranches-INITIAL_FORMS": "0",
        "tranches-MIN_NUM_FORMS": "0",
        "tranches-MAX_NUM_FORMS": "1000",
        "tranches-0-amount": "999999",
        "tranches-0-due_date": due,
    }
    assert "must be equal" in client.post(url, data).content.decode()
    data["tranches-0-amount"] = "1000000"
    assert client.post(url, data).status_code == 302
    assert list(award.tranches.values_list("amount", flat=True)) == [Decimal("1000000")]
