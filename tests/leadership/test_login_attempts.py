"""Log-in attempts of any outcome are limited per address before the password is hashed."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from leadership.views.accounts import LOGIN_ATTEMPTS_PER_ADDRESS
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits_on(settings):
    settings.RATELIMIT_ENABLE = True
    cache.clear()
    yield
    cache.clear()


def _log_in(client, user, address):
    return client.post(reverse("login"), {"username": user.email, "password": PASSWORD}, REMOTE_ADDR=address)


def test_an_address_over_its_attempts_waits_without_a_password_hash(limits_on):
    allowed = int(LOGIN_ATTEMPTS_PER_ADDRESS.split("/")[0])
    people = [UserFactory() for _ in range(3)]
    client = Client()
    for i in range(allowed):
        assert _log_in(client, people[i % 3], "10.8.0.1").status_code == 302
        client.logout()

    with mock.patch("django.contrib.auth.hashers.check_password") as check:
        refused = _log_in(client, people[0], "10.8.0.1")

    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
    check.assert_not_called()


def test_other_addresses_still_log_in(limits_on):
    allowed = int(LOGIN_ATTEMPTS_PER_ADDRESS.split("/")[0])
    person = UserFactory()
    client = Client()
    for _ in range(allowed + 1):
        _log_in(client, person, "10.8.0.2")
        client.logout()

    assert _log_in(Client(), person, "10.8.0.3").status_code == 302
