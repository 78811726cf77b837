"""Draft-deadline reminders: 7 days and 1 day before the close, once each, to those who want them."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from applications.models import Status
from applications.reminders import draft_deadline_reminders_send, threshold_for
from applications.tasks import remind_draft_owners
from notifications.models import Notification, SentReminder
from tests.factories import ApplicationFactory, RoundFactory


@pytest.fixture
def closing_round(db):
    return RoundFactory(closes_at=timezone.now() + timedelta(days=10))


@pytest.fixture
def draft(community, closing_round):
    return ApplicationFactory(community=community, round=closing_round, title="")


def run_reminders_at(time_machine, moment, captured):
    time_machine.move_to(moment, tick=False)
    with captured(execute=True):
        remind_draft_owners.delay()


def recipients():
    return sorted(message.to[0] for message in mail.outbox)


def test_each_admin_gets_one_reminder_at_seven_days_and_one_at_one_day(
    applicant, co_admin, draft, closing_round, time_machine, django_capture_on_commit_callbacks
):
    close = closing_round.closes_at
    run_reminders_at(time_machine, close - timedelta(days=8), django_capture_on_commit_callbacks)
    assert mail.outbox == []

    run_reminders_at(
        time_machine, close - timedelta(days=7) + timedelta(minutes=5), django_capture_on_commit_callbacks
    )
    run_reminders_at(time_machine, close - timedelta(days=6), django_capture_on_commit_callbacks)
    assert recipients() == sorted([applicant.email, co_admin.email])
    assert "still a draft" in mail.outbox[0].subject
    assert "Mothers of Lyon" in mail.outbox[0].subject

    mail.outbox.clear()
    run_reminders_at(time_machine, close - timedelta(hours=23), django_capture_on_commit_callbacks)
    run_reminders_at(time_machine, close - timedelta(hours=22), django_capture_on_commit_callbacks)
    assert recipients() == sorted([applicant.email, co_admin.email])
    assert "in 23\xa0hours;" in mail.outbox[0].body
    assert close.strftime("%H:%M UTC") in mail.outbox[0].subject

    mail.outbox.clear()
    run_reminders_at(time_machine, close + timedelta(hours=1), django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert set(SentReminder.objects.values_list("key", "threshold")) == {
        (f"application:{draft.pk}", "7d"),
        (f"application:{draft.pk}", "1d"),
    }


def test_the_reminder_links_to_the_draft_and_to_the_profile_switch(
    applicant, draft, closing_round, settings, time_machine, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://grants.example.org"
    run_reminders_at(
        time_machine, closing_round.closes_at - timedelta(days=3), django_capture_on_commit_callbacks
    )
    message = next(m for m in mail.outbox if m.to == [applicant.email])
    assert f"https://grants.example.org/applications/{draft.pk}/edit/" in message.body
    assert "https://grants.example.org/accounts/profile/" in message.body
    assert "turn them off" in message.alternatives[0][0]


def test_people_who_turned_reminders_off_get_none(
    applicant, co_admin, draft, closing_round, time_machine, django_capture_on_commit_callbacks
):
    co_admin.wants_reminders = False
    co_admin.save(update_fields=["wants_reminders"])
    run_reminders_at(
        time_machine, closing_round.closes_at - timedelta(days=6), django_capture_on_commit_callbacks
    )
    assert recipients() == [applicant.email]
    assert not Notification.objects.filter(recipient=co_admin).exists()


def test_submitted_and_withdrawn_applications_get_none(
    applicant, community, closing_round, time_machine, django_capture_on_commit_callbacks
):
    ApplicationFactory(community=community, round=closing_round, status=Status.SUBMITTED)
    ApplicationFactory(round=closing_round, status=Status.WITHDRAWN)
    run_reminders_at(
        time_machine, closing_round.closes_at - timedelta(days=6), django_capture_on_commit_callbacks
    )
    run_reminders_at(
        time_machine, closing_round.closes_at - timedelta(hours=12), django_capture_on_commit_callbacks
    )
    assert mail.outbox == []
    assert not SentReminder.objects.exists()


def test_a_draft_started_on_the_last_day_gets_only_the_last_day_reminder(
    applicant, co_admin, draft, closing_round, time_machine, django_capture_on_commit_callbacks
):
    run_reminders_at(
        time_machine, closing_round.closes_at - timedelta(hours=20), django_capture_on_commit_callbacks
    )
    assert len(mail.outbox) == 2
    assert list(SentReminder.objects.values_list("threshold", flat=True)) == ["1d"]


def test_reminders_cost_constant_reads_plus_a_fixed_number_of_writes_per_draft(
    applicant, closing_round, time_machine
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import CommunityFactory

    def queries_for(drafts: int) -> int:
        SentReminder.objects.all().delete()
        Notification.objects.all().delete()
        for _ in range(drafts - Notification.objects.count() - closing_round.applications.count()):
            ApplicationFactory(community=CommunityFactory(admins=[applicant]), round=closing_round)
        time_machine.move_to(closing_round.closes_at - timedelta(days=6), tick=False)
        with CaptureQueriesContext(connection) as captured:
            assert draft_deadline_reminders_send() == drafts
        return len(captured)

    one, three, six = queries_for(1), queries_for(3), queries_for(6)
    per_draft = (six - three) // 3
    assert three - one == 2 * per_draft  # no read grows with the number of drafts
    assert per_draft <= 8


def test_thresholds():
    assert threshold_for(timedelta(days=8)) is None
    assert threshold_for(timedelta(days=7)) == "7d"
    assert threshold_for(timedelta(days=1, seconds=1)) == "7d"
    assert threshold_for(timedelta(days=1)) == "1d"
    assert threshold_for(timedelta(0)) is None
