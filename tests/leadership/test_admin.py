"""The Django admin for people, communities and invitations renders and works with email logins."""

import pytest
from django.urls import reverse

from leadership.models import User
from leadership.services import admin_invite


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser(email="root@example.org", password="x", full_name="Root")


@pytest.mark.django_db
def test_admin_pages_render(client, superuser, community, applicant):
    invitation = admin_invite(community=community, by=applicant, email="newbie@example.org")
    client.force_login(superuser)

    urls = [
        reverse("admin:leadership_user_changelist") + "?q=applicant",
        reverse("admin:leadership_user_add"),
        reverse("admin:leadership_user_change", args=[applicant.pk]),
        reverse("admin:leadership_community_changelist") + "?q=coadmin@example.org",
        reverse("admin:leadership_community_change", args=[community.pk]),
        reverse("admin:leadership_invitation_changelist") + "?state=pending",
        reverse("admin:leadership_invitation_change", args=[invitation.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_admin_adds_a_user_by_email(client, superuser):
    client.force_login(superuser)

    response = client.post(
        reverse("admin:leadership_user_add"),
        {
            "email": "New.Staff@Example.org",
            "full_name": "New Staff",
            "usable_password": "true",
            "password1": "a-long-and-fresh-passphrase-42",
            "password2": "a-long-and-fresh-passphrase-42",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="new.staff@example.org")
    assert user.check_password("a-long-and-fresh-passphrase-42")


@pytest.mark.django_db
def test_invitations_are_not_added_from_the_admin(client, superuser):
    client.force_login(superuser)

    # The project's admin site answers 404 for pages one may not use (config.admin).
    assert client.get(reverse("admin:leadership_invitation_add")).status_code == 404
