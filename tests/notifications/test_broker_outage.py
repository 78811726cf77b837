"""A broker outage loses no submission and no email: rows wait, the sweep sends them once."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from applications.models import Status
from applications.services import application_submit
from notifications.models import Notification, State
from notifications.services import notification_send, notifications_sweep
from notifications.tasks import deliver_notification, sweep_pending
from tests.factories import ApplicationFactory, CommunityFactory


def test_enqueueing_to_a_closed_port_fails_fast(broker_down):
    started = time.monotonic()
    with pytest.raises(Exception):  # noqa: B017 - any broker error will do; it must come quickly
        deliver_notification.delay(0)
    assert time.monotonic() - started < 3


def test_twenty_submissions_succeed_and_wait_then_one_sweep_sends_each_once(
    applicant, open_round, broker_down, django_capture_on_commit_callbacks, time_machine
):
    drafts = [
        ApplicationFactory(community=CommunityFactory(admins=[applicant]), round=open_round)
        for _ in range(20)
    ]
    started = time.monotonic()
    for draft in drafts:
        with django_capture_on_commit_callbacks(execute=True):
            application_submit(application=draft, by=applicant)
    assert time.monotonic() - started < 20  # each failed enqueue gives up quickly

    for draft in drafts:
        draft.refresh_from_db()
        assert draft.status == Status.SUBMITTED
    rows = Notification.objects.filter(event="application_submitted")
    assert rows.count() == 20
    assert set(rows.values_list("state", flat=True)) == {State.PENDING}
    assert mail.outbox == []

    # Too early for the sweep: the rows are not a minute overdue yet.
    from tests.notifications.conftest import celery_broker

    with celery_broker("memory://", eager=True):
        assert notifications_sweep() == 0
        time_machine.move_to(timezone.now() + timedelta(minutes=2))
        sweep_pending.delay()
        sweep_pending.delay()

    assert len(mail.outbox) == 20
    assert sorted(m.subject for m in mail.outbox) == sorted(
        Notification.objects.values_list("subject", flat=True)
    )
    assert set(rows.values_list("state", "attempts")) == {(State.SENT, 1)}


def test_a_web_submission_succeeds_while_the_broker_is_down(
    client, applicant, co_admin, receipt_draft, broker_down, django_capture_on_commit_callbacks
):
    client.force_login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("application_submit", args=[receipt_draft.pk]))
    assert response.status_code == 302
    receipt_draft.refresh_from_db()
    assert receipt_draft.status == Status.SUBMITTED
    rows = Notification.objects.filter(event="application_submitted")
    assert sorted(rows.values_list("to_email", flat=True)) == sorted([applicant.email, co_admin.email])
    assert set(rows.values_list("state", flat=True)) == {State.PENDING}


def test_the_sweep_leaves_sent_failed_and_backing_off_rows_alone(
    applicant, receipt_draft, django_capture_on_commit_callbacks, time_machine
):
    with django_capture_on_commit_callbacks(execute=False):
        waiting, sent, failed, backing_off = (
            notification_send(
                event="application_submitted", to=[applicant], context={"application": receipt_draft}
            )[0]
            for _ in range(4)
        )
    Notification.objects.filter(pk=sent.pk).update(state=State.SENT, sent_at=timezone.now())
    Notification.objects.filter(pk=failed.pk).update(state=State.FAILED)
    Notification.objects.filter(pk=backing_off.pk).update(
        next_attempt_at=timezone.now() + timedelta(minutes=8)
    )
    time_machine.move_to(timezone.now() + timedelta(minutes=2))
    assert list(Notification.objects.stale().values_list("pk", flat=True)) == [waiting.pk]
    assert notifications_sweep() == 1
    assert [m.to for m in mail.outbox] == [[applicant.email]]
