"""Sign up, log in, log out and change the password."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from leadership.models import User
from tests.factories import PASSWORD

NEW_PASSWORD = "a-long-and-fresh-passphrase-42"


def signup_data(**overrides):
    return {
        "email": "Nadia@Example.org",
        "full_name": "Nadia Newcomer",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "country": "SN",
        "time_zone": "Africa/Dakar",
        "language": "fr",
        **overrides,
    }


def confirm_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+/)", message.body).group(1)


@pytest.mark.django_db
def test_signup_creates_the_account_once_the_address_confirms_it(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("signup"), signup_data())

    assert response["Location"] == reverse("signup_sent")
    assert not User.objects.exists()
    assert [m.to for m in mail.outbox] == [["nadia@example.org"]]
    link = confirm_link(mail.outbox[0])
    assert "Nadia Newcomer" in client.get(link).content.decode()
    assert not User.objects.exists()  # following the link (GET) changes nothing: mail scanners do it

    response = client.post(link)

    assert response.status_code == 302
    assert response["Location"] == reverse("landing")  # on to where an applicant works: the dashboard
    user = User.objects.get()
    assert (user.email, user.full_name, user.country.code) == ("nadia@example.org", "Nadia Newcomer", "SN")
    assert (user.time_zone, user.language) == ("Africa/Dakar", "fr")
    assert user.check_password(NEW_PASSWORD)
    assert int(client.session["_auth_user_id"]) == user.pk


@pytest.mark.django_db
def test_a_confirmation_link_works_once(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("signup"), signup_data())
    link = confirm_link(mail.outbox[0])
    client.post(link)
    client.logout()

    response = client.post(link)

    assert response.status_code == 200
    assert "already has an account" in response.content.decode()
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_an_altered_confirmation_link_is_refused(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("signup"), signup_data())
    link = confirm_link(mail.outbox[0])

    response = client.post(link.replace(":", "x", 1))

    assert response.status_code == 200
    assert "not valid" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_signup_prefills_the_time_zone_from_the_browser_cookie(client):
    client.cookies["tz"] = "America%2FSao_Paulo"  # as static/js/timezone.js writes it
    response = client.get(reverse("signup"))

    assert response.context["form"]["time_zone"].value() == "America/Sao_Paulo"


@pytest.mark.django_db
def test_signup_ignores_a_time_zone_cookie_that_is_not_a_zone(client):
    client.cookies["tz"] = "Mars/Olympus"
    response = client.get(reverse("signup"))

    assert response.context["form"]["time_zone"].value() == "UTC"


@pytest.mark.django_db
def test_signup_keeps_what_was_typed_when_passwords_differ(client):
    response = client.post(reverse("signup"), signup_data(password2="something-else-entirely"))

    assert response.status_code == 200
    assert not User.objects.exists()
    assert 'value="Nadia@Example.org"' in response.content.decode()
    assert response.context["form"].errors["password2"]


@pytest.mark.django_db
def test_signup_refuses_a_weak_password(client):
    response = client.post(reverse("signup"), signup_data(password1="12345678", password2="12345678"))

    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    assert not User.objects.exists()


@pytest.mark.django_db
def test_login_with_email_in_any_case_then_logout(client, applicant):
    page = client.get(reverse("login"))
    assert "Email" in page.content.decode()

    response = client.post(reverse("login"), {"username": "Applicant@Example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("landing")
    assert client.get(response["Location"])["Location"] == reverse("dashboard")
    assert int(client.session["_auth_user_id"]) == applicant.pk

    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_with_a_wrong_password_shows_an_error(client, applicant):
    response = client.post(reverse("login"), {"username": applicant.email, "password": "wrong"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["form"].non_field_errors()


@pytest.mark.django_db
def test_logout_needs_a_post(client, applicant):
    client.force_login(applicant)

    assert client.get(reverse("logout")).status_code == 405


@pytest.mark.django_db
def test_password_change(client, applicant):
    client.force_login(applicant)
    assert client.get(reverse("password_change")).status_code == 200

    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response["Location"] == reverse("password_change_done")
    applicant.refresh_from_db()
    assert applicant.check_password(NEW_PASSWORD)
    assert client.get(reverse("password_change_done")).status_code == 200


@pytest.mark.django_db
def test_password_change_needs_login(client):
    response = client.get(reverse("password_change"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
