"""Staff pages: cohort overview (with the hook for other apps' columns), reports, CSV exports."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from leadership import cohort_overview
from leadership.services import (
    attendance_mark,
    cohort_join,
    gathering_report_submit,
)
from tests.factories import CohortFactory, GatheringFactory, TrainingSessionFactory, UserFactory, group_admin

pytestmark = pytest.mark.django_db


def csv_rows(response) -> list[list[str]]:
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def past(session):
    session.starts_at, session.ends_at = (
        timezone.now() - timedelta(hours=3),
        timezone.now() - timedelta(hours=1),
    )
    session.save(update_fields=["starts_at", "ends_at"])
    return session


@pytest.fixture
def cohort_with_activity(staff):
    cohort = CohortFactory(name="Fellows 2018")
    leaders = [group_admin(full_name=f"Leader {i}") for i in range(3)]
    for leader in leaders:
        cohort_join(key=cohort.key, name=cohort.name, user=leader, by=staff)
    session = past(TrainingSessionFactory(cohorts=[cohort], title="Kick-off"))
    attendance_mark(session=session, by=staff, present=[leaders[0].pk, leaders[1].pk])
    gathering = GatheringFactory(
        host=leaders[0],
        starts_at=timezone.now() - timedelta(hours=3),
        ends_at=timezone.now() - timedelta(hours=1),
    )
    gathering_report_submit(
        gathering=gathering, by=leaders[0], attendance=5, learnings="Lots", follow_up="More"
    )
    return cohort, leaders, session


STAFF_PAGES = [
    ("staff_cohort_list", False),
    ("staff_cohort_detail", True),
    ("staff_cohort_attendance_csv", True),
    ("staff_session_list", False),
    ("staff_session_detail", "session"),
    ("staff_session_attendance_csv", "session"),
    ("staff_gathering_list", False),
    ("staff_gathering_export_csv", False),
    ("staff_report_list", False),
]


def _url(name, arg, cohort, session):
    if arg is True:
        return reverse(name, args=[cohort.pk])
    if arg == "session":
        return reverse(name, args=[session.pk])
    return reverse(name)


@pytest.mark.parametrize(("name", "arg"), STAFF_PAGES)
def test_staff_pages_are_staff_only(client, cohort_with_activity, applicant, name, arg):
    cohort, leaders, session = cohort_with_activity
    url = _url(name, arg, cohort, session)
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response.url
    client.force_login(leaders[0])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(("name", "arg"), STAFF_PAGES)
def test_staff_pages_render(client, cohort_with_activity, staff, name, arg):
    cohort, _leaders, session = cohort_with_activity
    client.force_login(staff)
    assert client.get(_url(name, arg, cohort, session)).status_code == 200


def test_cohort_overview_shows_members_attendance_and_reports(client, staff, cohort_with_activity):
    cohort, leaders, _session = cohort_with_activity
    client.force_login(staff)
    response = client.get(reverse("staff_cohort_detail", args=[cohort.pk]))
    rows = {m.user_id: m for m, _extra in response.context["rows"]}
    assert (rows[leaders[0].pk].attended, rows[leaders[0].pk].reports, rows[leaders[0].pk].hosted) == (
        1,
        1,
        1,
    )
    assert (rows[leaders[2].pk].enrolled, rows[leaders[2].pk].attended) == (1, 0)
    assert "Kick-off" in response.content.decode()


def test_other_apps_add_a_column_to_the_cohort_overview(client, staff, cohort_with_activity, monkeypatch):
    cohort, leaders, _session = cohort_with_activity
    monkeypatch.setattr(cohort_overview, "_COLUMNS", {})
    cohort_overview.register_member_column(
        key="budget_proposal",
        label="Budget proposal",
        values=lambda c, user_ids: {leaders[1].pk: "Submitted"} if c == cohort else {},
    )
    client.force_login(staff)
    body = client.get(reverse("staff_cohort_detail", args=[cohort.pk])).content.decode()
    assert "Budget proposal" in body and "Submitted" in body


def test_cohort_overview_runs_in_constant_queries(client, staff, django_assert_max_num_queries):
    cohort = CohortFactory()
    client.force_login(staff)
    for size in (2, 12):
        for _ in range(size):
            cohort_join(key=cohort.key, name=cohort.name, user=UserFactory(), by=staff)
        TrainingSessionFactory(cohorts=[cohort])
        # 11: the menu asks whether this person manages reviews (their permissions, once a request).
        with django_assert_max_num_queries(11):
            assert client.get(reverse("staff_cohort_detail", args=[cohort.pk])).status_code == 200


def test_session_attendance_csv(client, staff, cohort_with_activity):
    _cohort, leaders, session = cohort_with_activity
    client.force_login(staff)
    rows = csv_rows(client.get(reverse("staff_session_attendance_csv", args=[session.pk])))
    assert rows[0][:2] == ["Name", "Email"]
    by_email = {row[1]: row for row in rows[1:]}
    assert by_email[leaders[0].email][-1] == "yes"
    assert by_email[leaders[2].email][-1] == "no"


def test_cohort_attendance_csv_has_a_row_per_member_and_session(client, staff, cohort_with_activity):
    cohort, leaders, _session = cohort_with_activity
    TrainingSessionFactory(cohorts=[cohort], title="Next one")
    client.force_login(staff)
    rows = csv_rows(client.get(reverse("staff_cohort_attendance_csv", args=[cohort.pk])))
    assert len(rows) == 1 + len(leaders) * 2
    assert {r[2] for r in rows[1:]} == {"Kick-off", "Next one"}


def test_gatherings_export_per_country_and_formula_safe(client, staff):
    GatheringFactory(title="=HYPERLINK(1)", country="FR")
    GatheringFactory(title="Dakar meetup", country="SN", city="Dakar")
    client.force_login(staff)
    rows = csv_rows(client.get(reverse("staff_gathering_export_csv"), {"country": "SN"}))
    assert [r[3] for r in rows[1:]] == ["Dakar meetup"]
    rows = csv_rows(client.get(reverse("staff_gathering_export_csv")))
    assert "'=HYPERLINK(1)" in [r[3] for r in rows[1:]]


def test_staff_list_proposed_gatherings_and_approve(client, staff):
    gathering = GatheringFactory(status="proposed", title="Breakfast in Lille")
    client.force_login(staff)
    assert "Breakfast in Lille" in client.get(reverse("staff_gathering_list")).content.decode()
    url = reverse("staff_gathering_approve", args=[gathering.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    gathering.refresh_from_db()
    assert gathering.status == "approved"


def test_decline_needs_a_reason(client, staff):
    gathering = GatheringFactory(status="proposed")
    client.force_login(staff)
    url = reverse("staff_gathering_decline", args=[gathering.pk])
    client.post(url, {"note": ""})
    gathering.refresh_from_db()
    assert gathering.status == "proposed"
    client.post(url, {"note": "Another one is planned that week"})
    gathering.refresh_from_db()
    assert gathering.status == "declined"


def test_decide_views_are_404_for_admins(client, applicant, community):
    gathering = GatheringFactory(status="proposed")
    client.force_login(applicant)
    assert client.post(reverse("staff_gathering_approve", args=[gathering.pk])).status_code == 404


def test_reports_page_lists_filed_reports(client, staff, cohort_with_activity):
    client.force_login(staff)
    assert "Lots" in client.get(reverse("staff_report_list")).content.decode()


def test_staff_gathering_list_runs_in_constant_queries(client, staff, django_assert_max_num_queries):
    client.force_login(staff)
    GatheringFactory.create_batch(2, status="proposed")
    with django_assert_max_num_queries(10):
        client.get(reverse("staff_gathering_list"))
    GatheringFactory.create_batch(10, status="proposed", country="SN")
    with django_assert_max_num_queries(10):
        client.get(reverse("staff_gathering_list"))


def test_exports_write_moments_in_the_one_utc_format(client, staff, cohort_with_activity):
    _cohort, _leaders, session = cohort_with_activity
    client.force_login(staff)
    rows = csv_rows(client.get(reverse("staff_gathering_export_csv")))
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", rows[1][6])
    rows = csv_rows(client.get(reverse("staff_session_attendance_csv", args=[session.pk])))
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", row[4]) for row in rows[1:])
