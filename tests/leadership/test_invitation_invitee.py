"""An invitation binds to the address it was sent to: holding the link is not enough to accept it."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from leadership.models import CommunityAdmin, Invitation
from leadership.services import LeadershipRefused, admin_invite, invitation_accept
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(community, applicant):
    return admin_invite(community=community, by=applicant, email="nina.newbie@example.org")


def path_of(invitation) -> str:
    return reverse("invitation_accept", args=[invitation.token])


def test_the_service_refuses_anyone_but_the_invitee(invitation, stranger):
    with pytest.raises(LeadershipRefused, match=r"n\*\*\*@example\.org"):
        invitation_accept(invitation=invitation, by=stranger)
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert not CommunityAdmin.objects.filter(user=stranger).exists()


def test_the_invitee_is_matched_whatever_the_case(invitation, community):
    invitee = UserFactory(email="Nina.Newbie@EXAMPLE.org")
    invitation_accept(invitation=invitation, by=invitee)
    assert CommunityAdmin.objects.filter(community=community, user=invitee).exists()


def test_someone_else_is_told_whose_invitation_it_is(client, invitation, stranger):
    client.force_login(stranger)

    page = client.get(path_of(invitation)).content.decode()

    assert "n***@example.org" in page
    assert "nina.newbie@example.org" not in page
    assert "Accept and become an admin" not in page
    assert "logged in as stranger@example.org" in page


def test_someone_else_posting_changes_nothing_and_reads_why(client, invitation, community, stranger):
    client.force_login(stranger)

    response = client.post(path_of(invitation), follow=True)

    assert response.redirect_chain[0][0] == path_of(invitation)
    assert "This invitation is for n***@example.org" in response.content.decode()
    assert not CommunityAdmin.objects.filter(community=community, user=stranger).exists()
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is None


def test_the_invitee_sees_the_accept_button(client, invitation):
    client.force_login(UserFactory(email="nina.newbie@example.org"))

    assert "Accept and become an admin" in client.get(path_of(invitation)).content.decode()


def test_anonymous_visitor_is_sent_to_log_in_or_sign_up_with_the_invitation_kept(client, invitation):
    path = path_of(invitation)

    page = client.get(path).content.decode()
    response = client.post(path)

    assert f"{reverse('signup')}?next={quote(path)}" in page
    assert f"{reverse('login')}?next={quote(path)}" in page
    assert "nina.newbie@example.org" not in page
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={path}"
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is None
