"""Inviting a co-admin by email and accepting through the link, with or without an account."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from leadership.models import CommunityAdmin, Invitation
from leadership.services import admin_invite

NEW_PASSWORD = "a-long-and-fresh-passphrase-42"


def invite(client, community, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("community_invite", args=[community.pk]), {"email": email})


def link_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/communities/invitations/[^/\s]+/)", message.body).group(1)


@pytest.mark.django_db
def test_invite_sends_an_email_with_the_link(
    client, community, applicant, django_capture_on_commit_callbacks
):
    client.force_login(applicant)

    response = invite(client, community, "Newbie@Example.org", django_capture_on_commit_callbacks)

    assert response["Location"] == community.get_absolute_url()
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.invited_by) == ("newbie@example.org", applicant)
    assert [m.to for m in mail.outbox] == [["newbie@example.org"]]
    assert "Mothers of Lyon" in mail.outbox[0].subject
    assert link_path(mail.outbox[0]) == reverse("invitation_accept", args=[invitation.token])
    detail = client.get(community.get_absolute_url()).content.decode()
    assert "newbie@example.org" in detail


@pytest.mark.django_db
def test_existing_user_accepts_and_becomes_co_admin(
    client, community, applicant, stranger, django_capture_on_commit_callbacks
):
    client.force_login(applicant)
    invite(client, community, stranger.email, django_capture_on_commit_callbacks)
    path = link_path(mail.outbox[0])

    client.force_login(stranger)
    page = client.get(path)
    assert page.status_code == 200
    assert "Accept and become an admin" in page.content.decode()
    assert not CommunityAdmin.objects.filter(community=community, user=stranger).exists()

    response = client.post(path)

    assert response["Location"] == community.get_absolute_url()
    assert CommunityAdmin.objects.filter(community=community, user=stranger, is_creator=False).exists()
    assert client.get(community.get_absolute_url()).status_code == 200
    assert Invitation.objects.get().accepted_by == stranger


@pytest.mark.django_db
def test_new_person_signs_up_through_the_link_and_accepts(
    client, community, applicant, django_capture_on_commit_callbacks, django_user_model
):
    client.force_login(applicant)
    invite(client, community, "newbie@example.org", django_capture_on_commit_callbacks)
    path = link_path(mail.outbox[0])
    client.logout()

    page = client.get(path).content.decode()
    signup_url = f"{reverse('signup')}?next={path}"
    assert signup_url.replace("/", "%2F").split("%3F")[0] in page or f"?next={path}" in page.replace(
        "%2F", "/"
    )
    assert reverse("login") + "?next=" in page

    form = client.get(reverse("signup"), {"next": path})
    # Not pre-filled: whoever holds the link must not learn the invited address from it.
    assert not form.context["form"]["email"].value()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"{reverse('signup')}?next={path}",
            {
                "email": "newbie@example.org",
                "full_name": "Nina Newbie",
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
                "time_zone": "Europe/Paris",
                "language": "en",
                "next": path,
            },
        )
    confirm = re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+/)", mail.outbox[-1].body).group(1)
    response = client.post(confirm)
    assert response["Location"] == path

    response = client.post(path)

    newbie = django_user_model.objects.get(email="newbie@example.org")
    assert response["Location"] == community.get_absolute_url()
    assert CommunityAdmin.objects.filter(community=community, user=newbie).exists()


@pytest.mark.django_db
def test_login_through_the_link_returns_to_it(client, community, applicant, stranger):
    invitation = admin_invite(community=community, by=applicant, email=stranger.email)
    path = reverse("invitation_accept", args=[invitation.token])

    page = client.get(reverse("login"), {"next": path})

    assert f'name="next" value="{path}"' in page.content.decode()


@pytest.mark.django_db
def test_expired_invitation_explains_what_to_do(client, community, applicant, stranger):
    invitation = admin_invite(community=community, by=applicant, email=stranger.email)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    path = reverse("invitation_accept", args=[invitation.token])
    client.force_login(stranger)

    page = client.get(path).content.decode()
    assert "expired" in page
    assert "Ask Amina Applicant" in page

    response = client.post(path, follow=True)

    assert not CommunityAdmin.objects.filter(community=community, user=stranger).exists()
    assert "expired or was already used" in response.content.decode()


@pytest.mark.django_db
def test_used_invitation_cannot_be_used_again(client, community, applicant, stranger, reviewer):
    invitation = admin_invite(community=community, by=applicant, email=stranger.email)
    path = reverse("invitation_accept", args=[invitation.token])
    client.force_login(stranger)
    client.post(path)

    client.force_login(reviewer)
    assert "already used" in client.get(path).content.decode()
    client.post(path)

    assert not CommunityAdmin.objects.filter(community=community, user=reviewer).exists()


@pytest.mark.django_db
def test_unknown_token_is_404(client):
    assert client.get(reverse("invitation_accept", args=["not-a-token"])).status_code == 404


@pytest.mark.django_db
def test_accepting_needs_login(client, community, applicant):
    invitation = admin_invite(community=community, by=applicant, email="newbie@example.org")
    path = reverse("invitation_accept", args=[invitation.token])

    response = client.post(path)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert Invitation.objects.get().accepted_at is None


@pytest.mark.django_db
def test_inviting_an_existing_admin_shows_the_error_on_the_form(client, community, applicant, co_admin):
    client.force_login(applicant)

    response = client.post(reverse("community_invite", args=[community.pk]), {"email": co_admin.email})

    assert response.status_code == 200
    assert "already an admin" in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_invite_needs_post(client, community, applicant):
    client.force_login(applicant)

    assert client.get(reverse("community_invite", args=[community.pk])).status_code == 405


@pytest.mark.django_db
def test_invite_anonymous_is_sent_to_login(client, community):
    response = client.post(reverse("community_invite", args=[community.pk]), {"email": "x@example.org"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_invite_stranger_gets_404(client, community, stranger):
    client.force_login(stranger)

    response = client.post(reverse("community_invite", args=[community.pk]), {"email": "x@example.org"})

    assert response.status_code == 404
    assert not Invitation.objects.exists()
