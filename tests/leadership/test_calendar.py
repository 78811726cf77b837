"""The .ics files: RFC 5545 structure, parsed by icalendar, start and end in UTC."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse

from leadership.calendar import CalendarEvent, build_calendar, escape_text, fold
from leadership.services import cohort_join
from tests.factories import CohortFactory, GatheringFactory, TrainingSessionFactory


def assert_rfc5545_lines(text: str) -> None:
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    for line in text.split("\r\n")[:-1]:
        assert len(line.encode("utf-8")) <= 75, line


def test_escape_and_fold():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    long = "DESCRIPTION:" + "é" * 100
    folded = fold(long)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == long


def test_calendar_parses_and_round_trips_text():
    start = datetime(2026, 3, 1, 9, 30, tzinfo=ZoneInfo("Europe/Paris"))
    text = build_calendar(
        [
            CalendarEvent(
                uid="session-1@example.org",
                start=start,
                end=start + timedelta(hours=2),
                summary="Moderation, safety; and growth",
                description="Line one\nLine two — " + "long " * 40,
                location="Salle 3, Lyon",
                url="https://example.org/s/1",
            )
        ]
    )
    assert_rfc5545_lines(text)
    assert "DTSTART:20260301T083000Z\r\n" in text
    event = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    assert event["SUMMARY"] == "Moderation, safety; and growth"
    assert event["DESCRIPTION"].startswith("Line one\nLine two")
    assert event.decoded("DTSTART") == datetime(2026, 3, 1, 8, 30, tzinfo=UTC)


@pytest.mark.django_db
def test_session_ics_carries_the_right_start_in_utc(client, applicant):
    cohort = CohortFactory()
    cohort_join(key=cohort.key, name=cohort.name, user=applicant, by=applicant)
    start = (datetime.now(UTC) + timedelta(days=9)).replace(hour=16, minute=45, second=0, microsecond=0)
    session = TrainingSessionFactory(
        cohorts=[cohort], starts_at=start, ends_at=start + timedelta(minutes=90), title="Growing, together"
    )
    applicant.time_zone = "America/Sao_Paulo"  # the user's zone must not leak into the file
    applicant.save(update_fields=["time_zone"])
    client.force_login(applicant)

    response = client.get(reverse("session_calendar", args=[session.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert_rfc5545_lines(text)
    assert f"DTSTART:{start:%Y%m%dT%H%M%S}Z\r\n" in text
    calendar = icalendar.Calendar.from_ical(text)
    assert calendar["VERSION"] == "2.0"
    event = calendar.walk("VEVENT")[0]
    assert event.decoded("DTSTART") == start
    assert event.decoded("DTEND") == start + timedelta(minutes=90)
    assert event["SUMMARY"] == "Growing, together"
    assert event["LOCATION"] == session.online_url  # enrolled with the cohort, so the link is there


@pytest.mark.django_db
def test_gathering_ics(client, applicant, community):
    gathering = GatheringFactory()
    client.force_login(applicant)
    text = client.get(reverse("gathering_calendar", args=[gathering.pk])).content.decode()
    event = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == gathering.starts_at.replace(microsecond=0)
    assert "Lyon" in event["LOCATION"]
