"""`manage.py outbox_relay --once` hands waiting rows over, and says so when the broker is down."""

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from notifications.models import Notification, State
from notifications.services import notification_send
from tests.notifications.conftest import celery_broker


@pytest.fixture
def waiting_row(applicant, receipt_draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        (row,) = notification_send(
            event="application_submitted", to=[applicant], context={"application": receipt_draft}
        )
    return row


def test_once_hands_the_waiting_rows_over_and_exits(waiting_row, capsys):
    with celery_broker("memory://", eager=True):
        call_command("outbox_relay", "--once")
    assert "1 notifications handed to the broker." in capsys.readouterr().out
    waiting_row.refresh_from_db()
    assert waiting_row.state == State.SENT
    assert len(mail.outbox) == 1


def test_once_with_the_broker_down_fails_and_leaves_the_row_waiting(waiting_row, broker_down):
    with pytest.raises(CommandError, match="broker could not be reached"):
        call_command("outbox_relay", "--once")
    assert list(Notification.objects.waiting()) == [waiting_row]
