"""Submission closes at the round's close, an instant in UTC, whatever the applicant's time zone."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from applications.models import Status
from tests.factories import ApplicationFactory, RoundFactory

CLOSES_AT = datetime(2031, 3, 8, 23, 0, tzinfo=UTC)
ZONES = ["UTC", "Pacific/Auckland", "America/Los_Angeles"]


@pytest.fixture
def closing_draft(community, applicant):
    round_ = RoundFactory(
        opens_at=CLOSES_AT - timedelta(days=30),
        closes_at=CLOSES_AT,
        review_closes_at=CLOSES_AT + timedelta(days=30),
    )
    with time_machine.travel(CLOSES_AT - timedelta(days=1), tick=False):
        return ApplicationFactory(community=community, round=round_, created_by=applicant)


def _submit(client, user, application, moment):
    with time_machine.travel(moment, tick=False):
        client.force_login(user)  # inside the frozen time, or the session would have expired
        return client.post(reverse("application_submit", args=[application.pk]))


@pytest.mark.parametrize("zone", ZONES)
def test_one_second_before_the_close_is_accepted(client, applicant, closing_draft, zone):
    applicant.time_zone = zone
    applicant.save(update_fields=["time_zone"])
    response = _submit(client, applicant, closing_draft, CLOSES_AT - timedelta(seconds=1))
    assert response.status_code == 302
    assert response["Location"] == reverse("application_detail", args=[closing_draft.pk])
    closing_draft.refresh_from_db()
    assert closing_draft.status == Status.SUBMITTED
    assert closing_draft.submitted_at == CLOSES_AT - timedelta(seconds=1)


@pytest.mark.parametrize("zone", ZONES)
def test_one_second_after_the_close_is_refused(client, applicant, closing_draft, zone):
    applicant.time_zone = zone
    applicant.save(update_fields=["time_zone"])
    response = _submit(client, applicant, closing_draft, CLOSES_AT + timedelta(seconds=1))
    assert response.status_code == 200
    assert "applications can no longer be submitted" in response.content.decode()
    closing_draft.refresh_from_db()
    assert closing_draft.status == Status.DRAFT
    assert closing_draft.submitted_at is None


def test_exactly_at_the_close_is_refused(client, applicant, closing_draft):
    _submit(client, applicant, closing_draft, CLOSES_AT)
    closing_draft.refresh_from_db()
    assert closing_draft.status == Status.DRAFT


def test_the_refusal_shows_the_close_in_the_applicants_time_zone(client, applicant, closing_draft):
    applicant.time_zone = "Pacific/Auckland"
    applicant.save(update_fields=["time_zone"])
    response = _submit(client, applicant, closing_draft, CLOSES_AT + timedelta(hours=1))
    # 23:00 UTC on 8 March is noon on 9 March in Auckland (daylight saving time).
    assert "2031-03-09 12:00" in response.content.decode()
