"""Blind exports for outside evaluators: no personal string in the file, stable pseudonyms instead."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from applications.models import AccessAction, AccessRecord, Status
from grants.models import AwardAmendment, ExportLog
from leadership.pseudonyms import pseudonym
from tests.factories import (
    ApplicationFactory,
    CommunityFactory,
    ReviewAssignmentFactory,
    RoundFactory,
    UserFactory,
    make_reviewer,
    submitted_review,
)
from tests.grants.support import make_award

pytestmark = pytest.mark.django_db

AWARDS_URL = reverse("staff_export_awards")
APPLICATIONS_URL = reverse("staff_export_applications")
PERSONAL = (
    "Mothers of Lyon",
    "groups.example.org",
    "Amina Applicant",
    "applicant@example.org",
    "Lyon first-aid circle",
    "Amina asked",
    "staff@example.org",
)


def csv_text(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def xlsx_text(response) -> str:
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return "\n".join(
        " ".join(str(cell) for cell in row if cell is not None)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
    )


@pytest.fixture
def award(staff, community):
    award = make_award(staff, "residency", community=community, amount=Decimal("800000.00"))
    award.application.title = "Lyon first-aid circle"
    award.application.save(update_fields=["title"])
    AwardAmendment.objects.create(
        award=award,
        old_amount=Decimal("800000.00"),
        new_amount=Decimal("800000.00"),
        reason="Amina asked",
        by=staff,
    )
    return award


@pytest.fixture
def reviewed_round(community):
    round_ = RoundFactory()
    mine = ApplicationFactory(
        round=round_, community=community, status=Status.IN_REVIEW, title="Lyon first-aid circle"
    )
    other = ApplicationFactory(
        round=round_, community=CommunityFactory(name="Other group"), status=Status.IN_REVIEW
    )
    submitted_review(ReviewAssignmentFactory(application=mine), [5, 5, 4, 5, 5])
    submitted_review(ReviewAssignmentFactory(application=other), [2, 2, 3, 1, 2])
    return round_


def test_the_full_award_report_names_people_and_the_blind_one_names_none(client, staff, award):
    client.force_login(staff)
    full = csv_text(client.post(AWARDS_URL, {"format": "csv"}))
    assert "Mothers of Lyon" in full and "applicant@example.org" in full

    response = client.post(AWARDS_URL, {"format": "csv", "awards-blind": "on"})
    blind = csv_text(response)
    for personal in PERSONAL:
        assert personal not in blind, personal
    row = next(csv.DictReader(io.StringIO(blind)))
    assert row["Pseudonymous ID"] == pseudonym("award", award.pk)
    assert row["Amount"] == "800000.00" and row["Country"] == "France"
    assert "Leaders" not in row and "Community" not in row
    assert "-blind-" in response["Content-Disposition"]


def test_the_blind_award_workbook_names_no_one_on_any_sheet(client, staff, award):
    client.force_login(staff)
    text = xlsx_text(client.post(AWARDS_URL, {"format": "xlsx", "awards-blind": "on"}))
    for personal in PERSONAL:
        assert personal not in text, personal
    assert pseudonym("award", award.pk) in text and "800000" in text


def test_the_blind_applications_export_keeps_scores_and_hides_communities(client, staff, reviewed_round):
    client.force_login(staff)
    data = {"format": "csv", "applications-round": reviewed_round.pk, "applications-blind": "on"}
    first = csv_text(client.post(APPLICATIONS_URL, data))
    for personal in (*PERSONAL, "Other group"):
        assert personal not in first, personal
    rows = list(csv.DictReader(io.StringIO(first)))
    assert [r["Rank"] for r in rows] == ["1", "2"]
    assert rows[0]["Raw mean"] and rows[0]["Amount requested"] == "50000.00"
    assert rows[0]["Pseudonymous ID"].startswith("APP-")
    # Stable: the same application has the same pseudonym in the next file.
    assert csv_text(client.post(APPLICATIONS_URL, data)) == first
    assert xlsx_text(client.post(APPLICATIONS_URL, {**data, "format": "xlsx"})).count("APP-") == 2


def test_pseudonyms_are_stable_differ_per_record_and_kind_and_hide_the_id():
    assert pseudonym("award", 12345) == pseudonym("award", 12345)
    assert pseudonym("award", 1) != pseudonym("award", 2)
    assert pseudonym("award", 1)[4:] != pseudonym("application", 1)[4:]
    assert "12345" not in pseudonym("award", 12345)


def test_only_program_staff_export_blind_or_not(client, award):
    data = {"format": "csv", "awards-blind": "on"}
    assert client.post(AWARDS_URL, data).status_code == 302  # to the login page
    for outsider in (make_reviewer(), UserFactory(is_staff=True)):
        client.force_login(outsider)
        assert client.post(AWARDS_URL, data).status_code == 404
    assert not ExportLog.objects.exists()
    assert not AccessRecord.objects.exists()


def test_an_export_is_one_access_record_with_its_count(client, staff, reviewed_round):
    client.force_login(staff)
    client.post(
        APPLICATIONS_URL,
        {"format": "csv", "applications-round": reviewed_round.pk, "applications-blind": "on"},
    )
    record = AccessRecord.objects.get()
    assert (record.action, record.user, record.application_count, record.round_id) == (
        AccessAction.EXPORT,
        staff,
        2,
        reviewed_round.pk,
    )
    assert record.application_id is None
    assert record.detail == "applications csv blind"
    assert record.path == APPLICATIONS_URL
