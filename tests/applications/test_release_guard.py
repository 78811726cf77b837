"""Releasing decisions before the round has closed and its reviews are due needs a reason, kept for audit."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.utils import timezone

from applications.models import DecisionRelease, Status
from applications.services import EarlyRelease, decisions_release
from notifications.models import Notification
from tests.factories import ApplicationFactory, RoundFactory, make_program_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(staff):
    return make_program_staff(staff)


def _decided(round_):
    return ApplicationFactory(round=round_, status=Status.SHORTLISTED, title="Ready")


def test_release_of_an_open_round_is_refused_without_a_reason(manager):
    round_ = RoundFactory()  # open for 20 more days, reviews due in 50
    _decided(round_)
    with pytest.raises(EarlyRelease, match="Give a reason"):
        decisions_release(round=round_, by=manager)
    with pytest.raises(EarlyRelease):
        decisions_release(round=round_, by=manager, early_reason="   ")
    assert not DecisionRelease.objects.exists()
    assert not Notification.objects.filter(event="decision_released").exists()


def test_release_before_the_review_deadline_is_refused_too(manager):
    now = timezone.now()
    round_ = RoundFactory(
        opens_at=now - timedelta(days=30),
        closes_at=now - timedelta(days=1),
        review_closes_at=now + timedelta(days=5),
    )
    _decided(round_)
    with pytest.raises(EarlyRelease):
        decisions_release(round=round_, by=manager)


def test_early_release_with_a_reason_is_kept_on_the_record_and_in_the_history(manager):
    round_ = RoundFactory()
    _decided(round_)
    release = decisions_release(round=round_, by=manager, early_reason="  Board met early; all reviews in.  ")
    assert release.early_reason == "Board met early; all reviews in."
    entry = LogEntry.objects.get(object_id=str(round_.pk), content_type__model="round")
    assert entry.user_id == manager.pk
    assert "Board met early; all reviews in." in entry.change_message


def test_release_after_the_deadlines_needs_no_reason_and_records_none(manager):
    round_ = RoundFactory(reviewed=True)
    _decided(round_)
    release = decisions_release(round=round_, by=manager, early_reason="ignored when on time")
    assert release.early_reason == ""
    assert not LogEntry.objects.filter(content_type__model="round").exists()


def test_ranking_page_warns_and_asks_for_the_reason(client, manager):
    round_ = RoundFactory()
    _decided(round_)
    client.force_login(manager)
    html = client.get(f"/staff/reviews/rounds/{round_.pk}/ranking/").content.decode()
    assert 'id="release-early-warning"' in html
    assert 'name="early_reason"' in html
    assert "Release decisions early" in html


def test_early_release_without_reason_shows_the_error_on_the_form(client, manager):
    round_ = RoundFactory()
    _decided(round_)
    client.force_login(manager)
    response = client.post(f"/staff/reviews/rounds/{round_.pk}/release/", {"early_reason": ""})
    assert response.status_code == 400
    assert "Give a reason to release the decisions before then." in response.content.decode()
    assert not DecisionRelease.objects.exists()


def test_early_release_with_reason_from_the_page_shows_it_on_the_release_record(
    client, manager, django_capture_on_commit_callbacks
):
    round_ = RoundFactory()
    _decided(round_)
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/staff/reviews/rounds/{round_.pk}/release/", {"early_reason": "Funder deadline moved up"}
        )
    assert response.status_code == 302
    html = client.get(f"/staff/reviews/rounds/{round_.pk}/ranking/").content.decode()
    assert "Released early because:" in html
    assert "Funder deadline moved up" in html
