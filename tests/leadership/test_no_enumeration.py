"""Sign-up, password reset and log-in tell a visitor nothing about which addresses have an account.

Known and unknown addresses get the same status, redirect and page (byte for byte once the
CSRF token is taken out) and, for the reset, the same time; the owner of a known address is told
by email. Spraying one password over many accounts from one address is cut off.
"""

import gc
import re
import statistics
import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from leadership.models import User
from leadership.services import admin_invite
from leadership.views.accounts import LOGIN_FAILURES_PER_ADDRESS
from notifications.models import Notification
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-long-and-fresh-passphrase-42"
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')
TRIES = 50


def without_csrf(body: bytes) -> bytes:
    return CSRF.sub(b'name="csrfmiddlewaretoken" value=""', body)


def signup_data(email):
    return {
        "email": email,
        "full_name": "Nadia Newcomer",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "time_zone": "UTC",
        "language": "en",
    }


def answer(client, url, data):
    """Status, redirect, cookies set and the page it leads to, as an attacker would compare them."""
    response = client.post(url, data)
    page = client.get(response["Location"])
    return (
        response.status_code,
        response["Location"],
        response.content,
        sorted(response.cookies),
        page.status_code,
        without_csrf(page.content),
    )


def test_signup_with_a_known_address_answers_as_with_a_new_one(applicant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        known = answer(Client(), reverse("signup"), signup_data("Applicant@Example.org"))
        new = answer(Client(), reverse("signup"), signup_data("nobody-yet@example.org"))

    assert known == new
    assert known[:2] == (302, reverse("signup_sent"))


def test_the_owner_of_a_known_address_is_told_by_email(client, applicant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("signup"), signup_data("APPLICANT@example.org"))

    [message] = mail.outbox
    assert message.to == [applicant.email]
    assert message.subject == "Someone tried to sign up with your address"
    assert reverse("login") in message.body and reverse("password_reset") in message.body
    assert "/accounts/signup/confirm/" not in message.body
    applicant.refresh_from_db()
    assert applicant.check_password(PASSWORD)
    assert User.objects.filter(email__iexact=applicant.email).count() == 1


def test_reset_answers_known_and_unknown_addresses_alike(applicant):
    known = answer(Client(), reverse("password_reset"), {"email": applicant.email})
    unknown = answer(Client(), reverse("password_reset"), {"email": "nobody@example.org"})

    assert known == unknown


def median_times(client, url: str, addresses: dict[str, str]) -> dict[str, float]:
    """Median time of TRIES posts per address, in A B B A order so drift hits both alike.

    The time is the serving thread's CPU time: on a shared two-core machine wall time mostly
    measures the other processes; the request does no I/O for either address.
    """
    timings: dict[str, list[float]] = {name: [] for name in addresses}
    names = list(addresses)
    gc.disable()  # a collection landing in one sample would decide the result by itself
    try:
        for i in range(TRIES):
            for name in names if i % 2 == 0 else names[::-1]:
                start = time.thread_time()
                response = client.post(url, {"email": addresses[name]})
                timings[name].append(time.thread_time() - start)
                assert response.status_code == 302
    finally:
        gc.enable()
    return {name: statistics.median(values) for name, values in timings.items()}


def test_reset_answers_known_and_unknown_addresses_in_the_same_time(client, applicant):
    """Medians of 50 tries each within 10%; up to three rounds, for the noise of a shared machine."""
    url = reverse("password_reset")
    addresses = {"known": applicant.email, "unknown": "nobody@example.org"}
    for _ in range(5):  # warm up templates, URL resolver and caches for both
        for email in addresses.values():
            client.post(url, {"email": email})
    rounds = []
    for _ in range(3):
        medians = median_times(client, url, addresses)
        rounds.append(medians)
        if abs(medians["known"] - medians["unknown"]) <= 0.10 * min(medians.values()):
            return
    pytest.fail(f"known and unknown addresses differ by more than 10% in every round: {rounds}")


def test_the_reset_request_queues_the_same_work_for_any_address(
    applicant, django_capture_on_commit_callbacks
):
    for email in (applicant.email, "nobody@example.org"):
        with django_capture_on_commit_callbacks() as callbacks:
            Client().post(reverse("password_reset"), {"email": email})
        assert len(callbacks) == 1
    assert not Notification.objects.exists()  # nothing was looked up or written in the request


@pytest.fixture
def superuser(db):
    return UserFactory(email="root@example.org", is_staff=True, is_superuser=True)


def shown_in_admin(client, row) -> str:
    return client.get(reverse("admin:notifications_notification_change", args=[row.pk])).content.decode()


def test_the_outbox_admin_masks_the_reset_link(
    client, applicant, superuser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": applicant.email})
    row = Notification.objects.get(event="password_reset")
    path = re.search(r"/accounts/password/reset/[^/\s]+/[^/\s]+/", mail.outbox[0].body).group(0)
    assert path in row.body_text and path in row.body_html  # the real email carries the link

    client.force_login(superuser)
    page = shown_in_admin(client, row)

    assert path not in page
    assert "[link hidden]" in page


def test_the_outbox_admin_masks_the_invitation_link(
    client, community, applicant, superuser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = admin_invite(community=community, by=applicant, email="newbie@example.org")
    row = Notification.objects.get(event="invitation_sent")
    assert invitation.token in mail.outbox[0].body

    client.force_login(superuser)
    page = shown_in_admin(client, row)

    assert invitation.token not in page
    assert "[link hidden]" in page


def test_the_outbox_admin_masks_the_signup_link(client, superuser, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(reverse("signup"), signup_data("nobody-yet@example.org"))
    row = Notification.objects.get(event="signup_confirm")
    path = re.search(r"/accounts/signup/confirm/\S+/", mail.outbox[0].body).group(0)

    client.force_login(superuser)

    assert path not in shown_in_admin(client, row)


def test_other_emails_keep_their_links_in_the_admin(
    client, applicant, superuser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(reverse("signup"), signup_data(applicant.email))
    row = Notification.objects.get(event="signup_existing_account")

    client.force_login(superuser)

    assert "[link hidden]" not in shown_in_admin(client, row)


@pytest.fixture
def limits_on(settings):
    settings.RATELIMIT_ENABLE = True
    cache.clear()
    yield
    cache.clear()


def test_login_failures_from_one_address_are_limited_whatever_the_usernames(client, applicant, limits_on):
    allowed = int(LOGIN_FAILURES_PER_ADDRESS.split("/")[0])
    for i in range(allowed):
        response = client.post(
            reverse("login"),
            {"username": f"user{i}@example.org", "password": "guess"},
            REMOTE_ADDR="10.9.0.1",
        )
        assert response.status_code == 200  # the form again, with its error

    sprayed = client.post(
        reverse("login"), {"username": applicant.email, "password": PASSWORD}, REMOTE_ADDR="10.9.0.1"
    )
    elsewhere = Client().post(
        reverse("login"), {"username": applicant.email, "password": PASSWORD}, REMOTE_ADDR="10.9.0.2"
    )

    assert sprayed.status_code == 429
    assert "_auth_user_id" not in client.session
    assert elsewhere.status_code == 302


def test_successful_logins_do_not_count_against_the_address(client, applicant, limits_on):
    allowed = int(LOGIN_FAILURES_PER_ADDRESS.split("/")[0])
    for _ in range(allowed + 5):
        response = client.post(
            reverse("login"), {"username": applicant.email, "password": PASSWORD}, REMOTE_ADDR="10.9.1.1"
        )
        assert response.status_code == 302
        client.logout()
