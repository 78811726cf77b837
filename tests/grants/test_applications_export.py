"""Applications of a round exported with their scores and rank, as CSV and XLSX, for staff only."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from applications.models import Status
from grants.models import ExportLog
from tests.factories import ApplicationFactory, ReviewAssignmentFactory, RoundFactory, submitted_review

pytestmark = pytest.mark.django_db
URL = reverse("staff_export_applications")


@pytest.fixture
def reviewed_round():
    round_ = RoundFactory()
    strong = ApplicationFactory(round=round_, status=Status.IN_REVIEW, title="=Strong plan")
    weak = ApplicationFactory(round=round_, status=Status.IN_REVIEW, title="Weak plan")
    submitted_review(ReviewAssignmentFactory(application=strong), [5, 5, 4, 5, 5])
    submitted_review(ReviewAssignmentFactory(application=weak), [2, 2, 3, 1, 2])
    return round_


def test_csv_lists_applications_in_rank_order_with_scores(client, staff, reviewed_round):
    client.force_login(staff)
    response = client.post(URL, {"format": "csv", "applications-round": reviewed_round.pk})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [r["Rank"] for r in rows] == ["1", "2"]
    assert rows[0]["Initiative"] == "'=Strong plan"  # neutralised
    assert float(rows[0]["Raw mean"]) > float(rows[1]["Raw mean"])
    assert rows[0]["Reviews"] == "1" and rows[0]["Amount requested"] == "50000.00"
    log = ExportLog.objects.get()
    assert (log.kind, log.filters) == ("applications", {"round": reviewed_round.pk})


def test_xlsx_has_one_row_per_ranked_application(client, staff, reviewed_round):
    client.force_login(staff)
    response = client.post(URL, {"format": "xlsx", "applications-round": reviewed_round.pk})
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook["Applications"].iter_rows(values_only=True))
    assert rows[0][0] == "Rank" and len(rows) == 3


def test_a_round_is_required(client, staff):
    client.force_login(staff)
    assert client.post(URL, {"format": "csv"}).status_code == 400
    assert not ExportLog.objects.exists()
