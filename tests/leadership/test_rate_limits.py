"""Log-in lockout (django-axes) and sign-up / reset limits per address and per account."""

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.urls import reverse

from leadership.views.accounts import (
    RESET_RATE_PER_ACCOUNT,
    RESET_RATE_PER_ADDRESS,
    SIGNUP_RATE_PER_ACCOUNT,
    SIGNUP_RATE_PER_ADDRESS,
)
from tests.factories import PASSWORD


def allowed(rate: str) -> int:
    return int(rate.split("/")[0])


@pytest.fixture
def limits_on(settings):
    settings.RATELIMIT_ENABLE = True
    cache.clear()
    yield
    cache.clear()


def signup_data(email):
    return {
        "email": email,
        "full_name": "Someone",
        "password1": "short",
        "password2": "short",
        "time_zone": "UTC",
        "language": "en",
    }


@pytest.mark.django_db
def test_repeated_failed_logins_lock_the_account_with_a_clear_message(client, applicant):
    for _ in range(django_settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("login"), {"username": applicant.email, "password": "wrong"})
        assert response.status_code == 200

    locked = client.post(reverse("login"), {"username": applicant.email, "password": "wrong"})

    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Log-in paused" in page
    assert "try again in 15 minutes" in page
    # Even the right password is refused until the pause ends.
    again = client.post(reverse("login"), {"username": applicant.email, "password": PASSWORD})
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_lockout_is_per_account(client, applicant, co_admin):
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": applicant.email, "password": "wrong"})

    response = client.post(reverse("login"), {"username": co_admin.email, "password": PASSWORD})

    assert response.status_code == 302


@pytest.mark.django_db
def test_signup_is_limited_per_address(client, limits_on):
    for i in range(allowed(SIGNUP_RATE_PER_ADDRESS)):
        assert client.post(reverse("signup"), signup_data(f"p{i}@example.org")).status_code == 200

    response = client.post(reverse("signup"), signup_data("one-more@example.org"))

    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    # Another connection is not affected.
    other = client.post(reverse("signup"), signup_data("fresh@example.org"), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


@pytest.mark.django_db
def test_signup_is_limited_per_account_across_addresses(client, limits_on):
    for i in range(allowed(SIGNUP_RATE_PER_ACCOUNT)):
        response = client.post(
            reverse("signup"), signup_data("target@example.org"), REMOTE_ADDR=f"10.0.1.{i}"
        )
        assert response.status_code == 200

    response = client.post(reverse("signup"), signup_data("TARGET@example.org"), REMOTE_ADDR="10.0.2.1")

    assert response.status_code == 429


@pytest.mark.django_db
def test_password_reset_is_limited_per_address(client, limits_on):
    for i in range(allowed(RESET_RATE_PER_ADDRESS)):
        assert client.post(reverse("password_reset"), {"email": f"p{i}@example.org"}).status_code == 302

    response = client.post(reverse("password_reset"), {"email": "one-more@example.org"})

    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


@pytest.mark.django_db
def test_password_reset_is_limited_per_account_across_addresses(client, applicant, limits_on):
    for i in range(allowed(RESET_RATE_PER_ACCOUNT)):
        response = client.post(
            reverse("password_reset"), {"email": applicant.email}, REMOTE_ADDR=f"10.0.3.{i}"
        )
        assert response.status_code == 302

    response = client.post(reverse("password_reset"), {"email": applicant.email}, REMOTE_ADDR="10.0.4.1")

    assert response.status_code == 429


@pytest.mark.django_db
def test_limits_count_posts_only(client, limits_on):
    for _ in range(allowed(SIGNUP_RATE_PER_ADDRESS) + 1):
        assert client.get(reverse("signup")).status_code == 200
