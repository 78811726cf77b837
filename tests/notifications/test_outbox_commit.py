"""notification_send writes rows in the caller's transaction and sends only after commit."""

import pytest
from django.core import mail
from django.db import transaction

from applications.services import application_submit
from notifications.models import Notification, State
from notifications.services import notification_send
from tests.factories import ApplicationFactory, CommunityFactory, UserFactory


class Boom(Exception):
    pass


def test_receipt_is_not_sent_when_the_transaction_rolls_back(
    applicant, receipt_draft, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Boom),
        transaction.atomic(),
    ):
        application_submit(application=receipt_draft, by=applicant)
        assert Notification.objects.filter(event="application_submitted").count() == 2
        raise Boom
    assert callbacks == []
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_receipt_is_sent_once_to_each_admin_after_commit(
    applicant, co_admin, receipt_draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        application_submit(application=receipt_draft, by=applicant)
        assert mail.outbox == []  # nothing leaves before commit
    assert len(callbacks) == 1
    callbacks[0]()
    assert sorted(message.to[0] for message in mail.outbox) == sorted([applicant.email, co_admin.email])
    rows = Notification.objects.filter(event="application_submitted")
    assert {row.state for row in rows} == {State.SENT}
    assert {row.attempts for row in rows} == {1}


def test_receipt_names_the_community_title_round_and_links_to_the_application(
    applicant, receipt_draft, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://grants.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        application_submit(application=receipt_draft, by=applicant)
    message = next(m for m in mail.outbox if m.to == [applicant.email])
    link = f"https://grants.example.org/applications/{receipt_draft.pk}/"
    assert receipt_draft.title in message.subject
    assert "Mothers of Lyon" in message.subject
    for part in ("Mothers of Lyon", receipt_draft.title, receipt_draft.round.title, link):
        assert part in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{link}"' in html
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"


def test_submitted_at_is_shown_in_the_recipients_time_zone(
    applicant, co_admin, receipt_draft, django_capture_on_commit_callbacks
):
    applicant.time_zone = "Asia/Tokyo"
    applicant.save(update_fields=["time_zone"])
    with django_capture_on_commit_callbacks(execute=True):
        application_submit(application=receipt_draft, by=applicant)
    receipt_draft.refresh_from_db()
    tokyo = next(m for m in mail.outbox if m.to == [applicant.email])
    utc = next(m for m in mail.outbox if m.to == [co_admin.email])
    from zoneinfo import ZoneInfo

    assert receipt_draft.submitted_at.astimezone(ZoneInfo("Asia/Tokyo")).strftime("%H:%M JST") in tokyo.body
    assert receipt_draft.submitted_at.astimezone(ZoneInfo("UTC")).strftime("%H:%M UTC") in utc.body


def test_text_is_not_html_escaped_but_html_is(applicant, open_round, django_capture_on_commit_callbacks):
    community = CommunityFactory(admins=[applicant], name="Tom & Jerry <Friends>")
    draft = ApplicationFactory(community=community, round=open_round, title='Soup & "Bread"')
    with django_capture_on_commit_callbacks(execute=True):
        application_submit(application=draft, by=applicant)
    (message,) = mail.outbox
    assert 'Soup & "Bread"' in message.subject
    assert "Tom & Jerry <Friends>" in message.body
    html = message.alternatives[0][0]
    assert "Tom &amp; Jerry &lt;Friends&gt;" in html
    assert "<Friends>" not in html


def test_duplicates_and_inactive_accounts_get_nothing(
    applicant, django_capture_on_commit_callbacks, receipt_draft
):
    inactive = UserFactory(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        rows = notification_send(
            event="application_submitted",
            to=[applicant, applicant, inactive],
            context={"application": receipt_draft},
        )
    assert [row.to_email for row in rows] == [applicant.email]
    assert len(mail.outbox) == 1


def test_an_unknown_event_is_refused(applicant):
    with pytest.raises(LookupError, match="no_such_event"):
        notification_send(event="no_such_event", to=[applicant], context={})


def test_withdrawal_tells_every_admin_who_withdrew_it(
    applicant, co_admin, receipt_draft, django_capture_on_commit_callbacks
):
    from applications.services import application_withdraw

    with django_capture_on_commit_callbacks(execute=True):
        application_withdraw(application=receipt_draft, by=applicant, reason="Not ready")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([applicant.email, co_admin.email])
    message = mail.outbox[0]
    assert message.subject.startswith("Application withdrawn:")
    assert "Amina Applicant withdrew the application of Mothers of Lyon" in message.body
    assert "start a new application" in message.body  # the round is still open
