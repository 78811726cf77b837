"""Individual deadline extensions: staff give one draft more time; submit, dashboard and reminders honour it."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import translation

from applications.models import DeadlineExtension, Status
from applications.reminders import draft_deadline_reminders_send
from applications.services import ApplicationRefused, application_deadline_extend
from notifications.models import Notification
from tests.factories import ApplicationFactory, CommunityFactory, RoundFactory, UserFactory

CLOSES_AT = datetime(2031, 3, 8, 23, 0, tzinfo=UTC)
EXTENDED = CLOSES_AT + timedelta(days=3)
BEFORE = CLOSES_AT - timedelta(days=1)


@pytest.fixture
def closing_draft(community, applicant):
    round_ = RoundFactory(
        opens_at=CLOSES_AT - timedelta(days=30),
        closes_at=CLOSES_AT,
        review_closes_at=CLOSES_AT + timedelta(days=30),
    )
    with time_machine.travel(BEFORE, tick=False):
        return ApplicationFactory(community=community, round=round_, created_by=applicant)


def _extend(draft, staff, *, until=EXTENDED, reason="The site was down on 8 March.", at=BEFORE):
    with time_machine.travel(at, tick=False):
        return application_deadline_extend(application=draft, by=staff, closes_at=until, reason=reason)


def test_an_extension_is_recorded_with_who_when_and_why(closing_draft, staff):
    extension = _extend(closing_draft, staff)
    closing_draft.refresh_from_db()
    assert closing_draft.deadline == EXTENDED and closing_draft.is_extended
    assert (extension.by, extension.previous_closes_at, extension.closes_at) == (staff, CLOSES_AT, EXTENDED)
    assert extension.at == BEFORE
    assert extension.reason == "The site was down on 8 March."


def test_a_later_extension_keeps_the_earlier_one_in_the_history(closing_draft, staff):
    _extend(closing_draft, staff)
    _extend(closing_draft, staff, until=EXTENDED + timedelta(days=1), reason="Still down.")
    rows = list(
        DeadlineExtension.objects.filter(application=closing_draft).values_list(
            "previous_closes_at", "closes_at"
        )
    )
    assert rows == [(CLOSES_AT, EXTENDED), (EXTENDED, EXTENDED + timedelta(days=1))]


def test_submission_after_the_rounds_close_is_accepted_until_the_extension(
    client, applicant, closing_draft, staff
):
    _extend(closing_draft, staff)
    with time_machine.travel(EXTENDED - timedelta(seconds=1), tick=False):
        client.force_login(applicant)
        response = client.post(reverse("application_submit", args=[closing_draft.pk]))
    assert response.status_code == 302
    closing_draft.refresh_from_db()
    assert closing_draft.status == Status.SUBMITTED


def test_submission_after_the_extension_is_refused(client, applicant, closing_draft, staff):
    _extend(closing_draft, staff)
    with time_machine.travel(EXTENDED + timedelta(seconds=1), tick=False):
        client.force_login(applicant)
        response = client.post(reverse("application_submit", args=[closing_draft.pk]))
    assert "applications can no longer be submitted" in response.content.decode()
    closing_draft.refresh_from_db()
    assert closing_draft.status == Status.DRAFT


def test_other_drafts_of_the_round_still_close_with_it(client, closing_draft, staff):
    admin = UserFactory()
    other = ApplicationFactory(round=closing_draft.round, community=CommunityFactory(admins=[admin]))
    _extend(closing_draft, staff)
    with time_machine.travel(CLOSES_AT + timedelta(hours=1), tick=False):
        client.force_login(admin)
        client.post(reverse("application_submit", args=[other.pk]))
    other.refresh_from_db()
    assert other.status == Status.DRAFT


@pytest.mark.parametrize(
    ("until", "message"),
    [
        (CLOSES_AT - timedelta(hours=1), "after the round's close"),
        (CLOSES_AT + timedelta(days=31), "Reviews of this round close"),
        (BEFORE - timedelta(hours=1), "in the future"),
    ],
)
def test_impossible_deadlines_are_refused_on_the_field(closing_draft, staff, until, message):
    with pytest.raises(ApplicationRefused) as refused:
        _extend(closing_draft, staff, until=until)
    assert message in " ".join(refused.value.message_dict["closes_at"])
    assert not DeadlineExtension.objects.exists()


def test_a_reason_is_required(closing_draft, staff):
    with pytest.raises(ApplicationRefused, match="Say why"):
        _extend(closing_draft, staff, reason="  ")


def test_only_drafts_get_more_time(closing_draft, staff):
    type(closing_draft).objects.filter(pk=closing_draft.pk).update(status=Status.SUBMITTED)
    with pytest.raises(ApplicationRefused, match="Only a draft"):
        _extend(closing_draft, staff)


def test_only_program_staff_give_more_time(closing_draft, applicant, staff_without_role):
    for user in (applicant, staff_without_role):
        with pytest.raises(ApplicationRefused, match="Only program staff"):
            _extend(closing_draft, user)


def test_the_applicants_admins_are_emailed_in_their_language(
    closing_draft, staff, applicant, co_admin, django_capture_on_commit_callbacks
):
    co_admin.language = "fr"
    co_admin.save(update_fields=["language"])
    with time_machine.travel(BEFORE, tick=False), django_capture_on_commit_callbacks(execute=True):
        application_deadline_extend(
            application=closing_draft, by=staff, closes_at=EXTENDED, reason="The site was down on 8 March."
        )
    rows = Notification.objects.filter(event="deadline_extended")
    assert sorted(rows.values_list("recipient__email", flat=True)) == sorted(
        [applicant.email, co_admin.email]
    )
    english = next(m for m in mail.outbox if m.to == [applicant.email])
    french = next(m for m in mail.outbox if m.to == [co_admin.email])
    assert "More time" in english.subject and "The site was down on 8 March." in english.body
    assert "Plus de temps" in french.subject and "The site was down on 8 March." in french.body
    assert reverse("application_edit", args=[closing_draft.pk]) in english.body
    translation.activate("en")


def test_the_dashboard_counts_down_to_the_extension(client, applicant, closing_draft, staff):
    _extend(closing_draft, staff)
    with time_machine.travel(CLOSES_AT + timedelta(days=1), tick=False):
        client.force_login(applicant)
        html = client.get(reverse("dashboard")).content.decode()
    block = html.split(f'data-next="{closing_draft.pk}"')[1].split("</div>")[0]
    assert "closes in 2\xa0days" in block and "extended for you" in block
    assert "11 March 2031, 23:00 UTC" in block


def test_reminders_follow_the_extension(closing_draft, staff, django_capture_on_commit_callbacks):
    with (
        time_machine.travel(CLOSES_AT - timedelta(hours=12), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert draft_deadline_reminders_send() == 2  # the round's last day, to both admins
    _extend(closing_draft, staff, at=CLOSES_AT - timedelta(hours=6))
    mail.outbox.clear()
    with (
        time_machine.travel(CLOSES_AT + timedelta(hours=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert draft_deadline_reminders_send() == 2  # 7 days' notice counted from the new deadline
    with time_machine.travel(EXTENDED - timedelta(hours=12), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert draft_deadline_reminders_send() == 2  # and its last day
        with django_capture_on_commit_callbacks(execute=True):
            assert draft_deadline_reminders_send() == 0  # once
    assert "11 March" in mail.outbox[-1].subject


def test_staff_give_more_time_on_their_page(client, staff, closing_draft, django_capture_on_commit_callbacks):
    url = reverse("staff_deadline_extend", args=[closing_draft.pk])
    with time_machine.travel(BEFORE, tick=False):
        client.force_login(staff)
        assert client.get(url).status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"closes_at": "2031-03-11T23:00", "reason": "Outage"})
        assert response.status_code == 302
        page = client.get(url).content.decode()
    assert "Outage" in page and "11 March 2031, 23:00 UTC" in page
    closing_draft.refresh_from_db()
    assert closing_draft.extended_closes_at == EXTENDED


def test_bad_input_stays_on_the_form_with_a_message(client, staff, closing_draft):
    url = reverse("staff_deadline_extend", args=[closing_draft.pk])
    with time_machine.travel(BEFORE, tick=False):
        client.force_login(staff)
        response = client.post(url, {"closes_at": "2031-03-08T10:00", "reason": "Outage at the venue"})
        nonsense = client.post(url, {"closes_at": "soon", "reason": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose a moment after" in html and "Outage at the venue" in html
    assert nonsense.status_code == 200 and "Enter a valid date/time" in nonsense.content.decode()
    assert not DeadlineExtension.objects.exists()


def test_others_get_404_and_anonymous_visitors_the_login(
    client, closing_draft, applicant, staff_without_role
):
    url = reverse("staff_deadline_extend", args=[closing_draft.pk])
    assert reverse("login") in client.get(url)["Location"]
    for user in (applicant, staff_without_role):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"closes_at": "2031-03-11T23:00", "reason": "x"}).status_code == 404
    assert not DeadlineExtension.objects.exists()


def test_the_admin_page_links_the_extension_and_shows_its_history(client, staff, closing_draft):
    _extend(closing_draft, staff)
    client.force_login(staff)
    html = client.get(
        reverse("admin:applications_application_change", args=[closing_draft.pk])
    ).content.decode()
    assert reverse("staff_deadline_extend", args=[closing_draft.pk]) in html
    assert "The site was down on 8 March." in html
