"""The privacy notice: accepted at sign-up, recorded by version, asked again when a new one is published."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leadership.models import ConsentRecord, PrivacyNotice
from leadership.privacy.consent import consent_accept, current_version, privacy_notice_publish
from leadership.services import LeadershipRefused
from tests.factories import UserFactory, make_program_staff
from tests.leadership.privacy_support import forget_notice_cache, published_notice  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("forget_notice_cache")]

SIGNUP = {
    "email": "nadia@example.org",
    "full_name": "Nadia Newcomer",
    "password1": "a-long-enough-Passphrase-7",
    "password2": "a-long-enough-Passphrase-7",
    "time_zone": "Europe/Paris",
    "language": "en",
}


def _confirm_link() -> str:
    body = mail.outbox[-1].body
    return re.search(r"http://[^\s]+/accounts/signup/confirm/[^\s]+/", body).group(0).split("testserver")[-1]


def test_signup_shows_the_notice_and_requires_the_box(client):
    notice = published_notice()
    page = client.get(reverse("signup"))
    assert notice.body_en in page.content.decode()
    response = client.post(reverse("signup"), SIGNUP)
    assert response.status_code == 200
    assert "Tick this box to accept the privacy notice" in response.content.decode()
    # Nothing typed is lost.
    assert 'value="Nadia Newcomer"' in response.content.decode()
    assert len(mail.outbox) == 0


def test_signup_records_the_version_accepted_and_when(client, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "http://testserver"
    notice = published_notice()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("signup"), {**SIGNUP, "accept_notice": "on"}).status_code == 302
    link = re.search(r"/accounts/signup/confirm/[^\s]+/", mail.outbox[-1].body).group(0)
    client.post(link)
    record = ConsentRecord.objects.get(user__email="nadia@example.org")
    assert record.notice == notice
    assert record.accepted_at is not None
    # Accepted at sign-up: the dashboard opens straight away.
    assert client.get(reverse("dashboard")).status_code == 200


def test_without_a_published_notice_signup_has_no_box(client):
    assert "accept_notice" not in client.get(reverse("signup")).content.decode()
    assert client.post(reverse("signup"), SIGNUP).status_code == 302


def test_a_new_version_sends_everyone_to_accept_it_before_anything_else(client, applicant):
    first = published_notice(1)
    consent_accept(user=applicant, notice=first)
    client.force_login(applicant)
    assert client.get(reverse("dashboard")).status_code == 200
    published_notice(2)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("privacy_consent") + "?next=%2Fapplications%2F"
    page = client.get(response["Location"])
    assert "We hold your name and email (version 2)." in page.content.decode()
    # The way out, and the copy of one's data, stay open.
    assert client.get(reverse("privacy_data")).status_code == 200
    refused = client.post(reverse("privacy_consent") + "?next=/", {})
    assert "Tick this box to accept the notice" in refused.content.decode()
    accepted = client.post(reverse("privacy_consent"), {"accept": "on", "next": reverse("dashboard")})
    assert accepted["Location"] == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200
    assert list(ConsentRecord.objects.filter(user=applicant).values_list("notice__version", flat=True)) == [
        2,
        1,
    ]


def test_the_next_login_asks_for_the_new_version(client, applicant):
    published_notice(1)
    client.force_login(applicant)
    assert client.get(reverse("dashboard"))["Location"].startswith(reverse("privacy_consent"))


def test_staff_are_asked_too_even_in_the_admin(client, staff):
    published_notice(1)
    client.force_login(staff)
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("privacy_consent"))


def test_the_check_costs_no_query_once_the_session_knows(client, applicant):
    notice = published_notice(1)
    consent_accept(user=applicant, notice=notice)
    client.force_login(applicant)
    client.get(reverse("profile"))  # the first request records the version in the session
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("profile")).status_code == 200
    assert not [
        q for q in queries.captured_queries if "privacynotice" in q["sql"] or "consentrecord" in q["sql"]
    ]


def test_a_stale_cache_never_locks_people_out(client, applicant):
    """The cache says version 3 but the database has none (a rolled-back publication)."""
    from django.core.cache import cache

    from leadership.privacy.consent import CURRENT_VERSION_KEY

    cache.set(CURRENT_VERSION_KEY, 3)
    client.force_login(applicant)
    assert client.get(reverse("dashboard")).status_code == 200
    assert current_version() == 0


def test_publishing_twice_or_an_older_version_is_refused(staff):
    notice = published_notice(2)
    with pytest.raises(LeadershipRefused):
        privacy_notice_publish(notice=notice, by=staff)
    older = PrivacyNotice.objects.create(version=1, title_en="a", title_fr="b", body_en="c", body_fr="d")
    with pytest.raises(LeadershipRefused):
        privacy_notice_publish(notice=older, by=staff)


def test_staff_publish_from_the_admin_and_cannot_edit_a_published_version(client):
    staff = make_program_staff()
    published_notice(1)
    consent_accept(user=staff, notice=PrivacyNotice.objects.get(version=1))
    client.force_login(staff)
    add = client.get(reverse("admin:leadership_privacynotice_add"))
    assert 'value="2"' in add.content.decode()
    client.post(
        reverse("admin:leadership_privacynotice_add"),
        {
            "version": 2,
            "title_en": "New",
            "title_fr": "Nouveau",
            "body_en": "New text",
            "body_fr": "Nouveau texte",
        },
    )
    draft = PrivacyNotice.objects.get(version=2)
    assert not draft.is_published
    client.post(
        reverse("admin:leadership_privacynotice_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    draft.refresh_from_db()
    assert draft.is_published and draft.published_by == staff
    # Staff accept it too, then the published version's page is read-only.
    client.post(reverse("privacy_consent"), {"accept": "on"})
    change = client.get(reverse("admin:leadership_privacynotice_change", args=[draft.pk]))
    assert change.status_code == 200
    assert 'name="body_en"' not in change.content.decode()


def test_the_notice_page_speaks_french(client):
    published_notice(1)
    user = UserFactory(language="fr")
    consent_accept(user=user, notice=PrivacyNotice.objects.get(version=1))
    client.force_login(user)
    assert (
        "Nous conservons votre nom et votre adresse (version 1)."
        in client.get(reverse("privacy_notice")).content.decode()
    )


def test_demo_data_publishes_a_notice_its_people_accepted():
    from leadership.demo import PEOPLE, seed_people
    from leadership.privacy.demo import seed_privacy_notice

    seed_people()
    seed_privacy_notice()
    seed_privacy_notice()  # safe to repeat
    notice = PrivacyNotice.objects.get()
    assert notice.is_published and notice.title_fr and notice.body_fr
    assert ConsentRecord.objects.filter(notice=notice).count() == len(PEOPLE)


def test_a_post_sent_before_accepting_is_not_lost(client, applicant, community, open_round):
    from applications.models import Application
    from tests.factories import ApplicationFactory

    draft = ApplicationFactory(community=community, round=open_round, created_by=applicant)
    client.force_login(applicant)
    published_notice(1)
    client.post(reverse("application_autosave", args=[draft.pk]), {"summary": "Typed just now."})
    assert Application.objects.get(pk=draft.pk).summary == "Typed just now."
    assert client.get(reverse("dashboard"))["Location"].startswith(reverse("privacy_consent"))
