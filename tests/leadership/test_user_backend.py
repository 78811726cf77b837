"""leadership.backends.UserBackend: the signed-in person, their roles and second factor in one query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leadership.backends import UserBackend
from leadership.roles import is_program_staff, is_reviewer
from tests.factories import confirmed_totp, make_program_staff, make_reviewer

pytestmark = pytest.mark.django_db


def test_reads_the_roles_and_the_second_factor_with_the_user(staff, reviewer):
    make_program_staff(staff)
    make_reviewer(staff)
    make_reviewer(reviewer)
    confirmed_totp(staff)
    loaded = UserBackend().get_user(staff.pk)
    assert loaded == staff
    assert loaded._role_names == {"Program staff", "Reviewers"}
    assert loaded._second_factor_on is True
    with CaptureQueriesContext(connection) as queries:
        assert is_program_staff(loaded) and is_reviewer(loaded)
    assert len(queries) == 0
    plain = UserBackend().get_user(reviewer.pk)
    assert plain._role_names == {"Reviewers"} and plain._second_factor_on is False


def test_an_unconfirmed_app_is_no_second_factor(applicant):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=applicant, name="phone", confirmed=False)
    loaded = UserBackend().get_user(applicant.pk)
    assert loaded._role_names == set() and loaded._second_factor_on is False


def test_inactive_and_unknown_users_are_nobody(applicant):
    applicant.is_active = False
    applicant.save()
    assert UserBackend().get_user(applicant.pk) is None
    assert UserBackend().get_user(applicant.pk + 1000) is None


def test_a_signed_in_request_reads_the_user_once(client, applicant):
    """The user row, the groups and the authenticator come in one query, not three; the path is
    resolved by the URL dispatcher only (the second factor and consent checks do not resolve it
    for a person they let through)."""
    client.force_login(applicant)
    client.get(reverse("dashboard"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("dashboard")).status_code == 200
    user_reads = [
        q["sql"] for q in queries if 'FROM "leadership_user"' in q["sql"] or "auth_group" in q["sql"]
    ]
    assert len(user_reads) == 1, user_reads


def test_a_reviewer_without_an_app_is_still_held(client, reviewer):
    make_reviewer(reviewer)
    client.password_only_login(reviewer)
    assert client.get(reverse("dashboard"))["Location"].startswith(reverse("mfa_enrol"))
