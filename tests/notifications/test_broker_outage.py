"""A broker outage loses no submission and no email: rows wait, the relay hands each over once."""

import threading
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from applications.models import Status
from applications.services import application_submit
from notifications.models import Notification, State
from notifications.services import notification_send, notifications_relay
from notifications.tasks import deliver_notification
from tests.conftest import require
from tests.factories import ApplicationFactory, CommunityFactory
from tests.notifications.conftest import celery_broker


def test_enqueueing_to_a_closed_port_fails_fast(broker_down):
    started = time.monotonic()
    with pytest.raises(Exception):  # noqa: B017 - any broker error will do; it must come quickly
        deliver_notification.delay(0)
    assert time.monotonic() - started < 3


def test_submissions_never_publish_to_the_broker_and_the_relay_sends_each_once_when_it_is_back(
    applicant, open_round, broker_down, django_capture_on_commit_callbacks
):
    drafts = [
        ApplicationFactory(community=CommunityFactory(admins=[applicant]), round=open_round)
        for _ in range(20)
    ]
    with mock.patch.object(deliver_notification, "apply_async") as publish:
        for draft in drafts:
            with django_capture_on_commit_callbacks(execute=True):
                application_submit(application=draft, by=applicant)
    publish.assert_not_called()  # the request path writes rows and nothing else

    for draft in drafts:
        draft.refresh_from_db()
        assert draft.status == Status.SUBMITTED
    rows = Notification.objects.filter(event="application_submitted")
    assert rows.count() == 20
    assert Notification.objects.waiting().count() == 20

    # The relay cannot reach the broker: it says so and gives every row back.
    with pytest.raises(Exception):  # noqa: B017 - the broker's own error
        notifications_relay()
    assert Notification.objects.waiting().count() == 20
    assert mail.outbox == []

    with celery_broker("memory://", eager=True):
        assert notifications_relay() == 20
        assert notifications_relay() == 0

    assert len(mail.outbox) == 20
    assert sorted(m.subject for m in mail.outbox) == sorted(rows.values_list("subject", flat=True))
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


def queue(applicant, draft, count):
    return [
        notification_send(event="application_submitted", to=[applicant], context={"application": draft})[0]
        for _ in range(count)
    ]


def test_waiting_rows_are_the_due_pending_ones_no_task_carries(
    applicant, receipt_draft, settings, django_capture_on_commit_callbacks, time_machine
):
    settings.NOTIFICATIONS_HANDOFF_SECONDS = 120
    with django_capture_on_commit_callbacks(execute=False):
        new, sent, failed, sending, backing_off, handed, handed_long_ago = queue(applicant, receipt_draft, 7)
    now = timezone.now()
    Notification.objects.filter(pk=sent.pk).update(state=State.SENT, sent_at=now)
    Notification.objects.filter(pk=failed.pk).update(state=State.FAILED)
    Notification.objects.filter(pk=sending.pk).update(
        state=State.SENDING, lease_until=now + timedelta(minutes=5)
    )
    Notification.objects.filter(pk=backing_off.pk).update(next_attempt_at=now + timedelta(minutes=8))
    Notification.objects.filter(pk=handed.pk).update(last_enqueued_at=now)
    Notification.objects.filter(pk=handed_long_ago.pk).update(last_enqueued_at=now - timedelta(minutes=3))
    assert set(Notification.objects.waiting().values_list("pk", flat=True)) == {new.pk, handed_long_ago.pk}

    # Once its backoff ends a row waits again, though it was handed over before.
    Notification.objects.filter(pk=backing_off.pk).update(last_enqueued_at=now - timedelta(minutes=1))
    time_machine.move_to(now + timedelta(minutes=9))
    assert backing_off.pk in set(Notification.objects.waiting().values_list("pk", flat=True))


def test_the_relay_hands_a_row_over_once_until_the_handoff_runs_out(
    applicant, receipt_draft, settings, django_capture_on_commit_callbacks, time_machine
):
    settings.NOTIFICATIONS_HANDOFF_SECONDS = 120
    with django_capture_on_commit_callbacks(execute=False):
        (row,) = queue(applicant, receipt_draft, 1)
    with mock.patch.object(deliver_notification, "delay") as publish:
        assert notifications_relay() == 1
        assert notifications_relay() == 0  # the task is on its way
        time_machine.move_to(timezone.now() + timedelta(minutes=3))
        assert notifications_relay() == 1  # lost on the way: handed over again
    assert [c.args for c in publish.call_args_list] == [(row.pk,), (row.pk,)]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_relays_at_once_never_hand_over_the_same_row(applicant, open_round):
    require(connection.vendor == "postgresql", "PostgreSQL (SKIP LOCKED)")
    draft = ApplicationFactory(community=CommunityFactory(admins=[applicant]), round=open_round)
    with celery_broker("memory://", eager=False):  # rows only: no delivery in process on commit
        held, other = queue(applicant, draft, 2)
    locked, release = threading.Event(), threading.Event()

    def first_relay_mid_batch():
        try:
            with transaction.atomic():
                Notification.objects.select_for_update().filter(pk=held.pk).get()
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=first_relay_mid_batch)
    thread.start()
    try:
        assert locked.wait(10)
        with mock.patch.object(deliver_notification, "delay") as publish:
            assert notifications_relay() == 1
        assert [c.args for c in publish.call_args_list] == [(other.pk,)]
    finally:
        release.set()
        thread.join(10)
