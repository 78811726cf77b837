"""Reviewers are reminded of unfinished reviews 3 days and 1 day before the deadline, once each."""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.utils import timezone

from applications.services.reviews import review_reminders_send
from applications.tasks import remind_reviewers
from tests.factories import ReviewAssignmentFactory, RoundFactory, make_reviewer, submitted_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_closing():
    now = timezone.now()
    return RoundFactory(
        opens_at=now - timedelta(days=40),
        closes_at=now - timedelta(days=10),
        review_closes_at=now + timedelta(days=2, hours=12),
    )


def test_three_day_then_one_day_reminder_once_each(
    round_closing, reviewer, django_capture_on_commit_callbacks
):
    make_reviewer(reviewer)
    ReviewAssignmentFactory(reviewer=reviewer, application__round=round_closing)
    ReviewAssignmentFactory(reviewer=reviewer, application__round=round_closing)
    with django_capture_on_commit_callbacks(execute=True):
        assert review_reminders_send() == 1
        assert review_reminders_send() == 0
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [reviewer.email]
    assert "in 3 days: 2 still to finish" in mail.outbox[0].subject
    later = round_closing.review_closes_at - timedelta(hours=20)
    with django_capture_on_commit_callbacks(execute=True):
        assert review_reminders_send(now=later) == 1
        assert review_reminders_send(now=later) == 0
    assert "tomorrow" in mail.outbox[1].subject


def test_finished_reviews_and_opted_out_reviewers_get_nothing(round_closing, reviewer, other_reviewer):
    make_reviewer(reviewer)
    done = ReviewAssignmentFactory(reviewer=reviewer, application__round=round_closing)
    submitted_review(done, [3] * 5)
    other_reviewer.wants_reminders = False
    other_reviewer.save()
    make_reviewer(other_reviewer)
    ReviewAssignmentFactory(reviewer=other_reviewer, application__round=round_closing)
    assert review_reminders_send() == 0


def test_far_deadlines_are_not_reminded(reviewer):
    make_reviewer(reviewer)
    ReviewAssignmentFactory(reviewer=reviewer)  # reviews close in 50 days
    assert remind_reviewers() == 0


def test_the_task_is_on_the_beat_schedule():
    tasks = {entry["task"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()}
    assert "applications.tasks.remind_reviewers" in tasks
