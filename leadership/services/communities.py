"""Every write to communities, their admins and invitations."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import notification_send

from ..models import INVITATION_LIFETIME, Community, CommunityAdmin, FocusArea, Invitation
from ..permissions import is_community_admin

if TYPE_CHECKING:
    from leadership.models import User

COMMUNITY_FIELDS = (
    "name",
    "url",
    "platform",
    "member_count",
    "country",
    "primary_language",
    "description",
    "year_founded",
)
PROFILE_FIELDS = ("full_name", "country", "time_zone", "language", "wants_reminders")


class LeadershipRefused(ValidationError):
    """A change to a community or its admins that the rules do not allow."""


def user_profile_update(*, user: User, by: User, data: Mapping[str, Any]) -> User:
    """Change a person's own profile: name, country, time zone, language, reminders."""
    if by.pk != user.pk:
        raise LeadershipRefused(_("You can only change your own profile."))
    changed = [field for field in PROFILE_FIELDS if field in data]
    for field in changed:
        setattr(user, field, data[field])
    with transaction.atomic():
        user.save(update_fields=changed)
    return user


def community_create(*, by: User, data: Mapping[str, Any], focus_areas: Iterable[FocusArea]) -> Community:
    """Create a community profile; its creator becomes its first admin."""
    with transaction.atomic():
        community = Community.objects.create(**{f: data[f] for f in COMMUNITY_FIELDS if f in data})
        community.focus_areas.set(focus_areas)
        CommunityAdmin.objects.create(community=community, user=by, is_creator=True)
    return community


def community_update(
    *, community: Community, by: User, data: Mapping[str, Any], focus_areas: Iterable[FocusArea]
) -> Community:
    if not is_community_admin(by, community.pk):
        raise LeadershipRefused(_("Only the community's admins can change it."))
    with transaction.atomic():
        changed = [f for f in COMMUNITY_FIELDS if f in data]
        for field in changed:
            setattr(community, field, data[field])
        community.save(update_fields=changed)
        community.focus_areas.set(focus_areas)
    return community


def admin_invite(*, community: Community, by: User, email: str) -> Invitation:
    """Invite someone by email to become a co-admin; the link in the email accepts it."""
    if not is_community_admin(by, community.pk):
        raise LeadershipRefused(_("Only the community's admins can invite co-admins."))
    email = email.strip().lower()
    if community.memberships.filter(user__email__iexact=email).exists():
        raise LeadershipRefused(
            {"email": [_("%(email)s is already an admin of this community.") % {"email": email}]}
        )
    with transaction.atomic():
        # A new invitation to the same address replaces the pending one (fresh link, fresh expiry).
        community.invitations.filter(email__iexact=email, accepted_at__isnull=True).delete()
        invitation = Invitation.objects.create(
            community=community,
            email=email,
            invited_by=by,
            expires_at=timezone.now() + INVITATION_LIFETIME,
        )
        # Someone who already has an account reads it in their language; anyone else in the inviter's.
        User = get_user_model()
        invitee = User.objects.filter(email__iexact=email).first() or User(
            email=email, full_name="", language=by.language, time_zone=by.time_zone
        )
        notification_send(
            event="invitation_sent",
            to=[invitee],
            context={"invitation": invitation, "community": community, "inviter": by},
        )
    return invitation


def invitation_accept(*, invitation: Invitation, by: User) -> CommunityAdmin:
    """The invitee, signed in with the invited address, becomes a co-admin.

    Holding the link is not enough: it travels through inboxes, forwards and the outbox.
    """
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_usable:
            raise LeadershipRefused(
                _("This invitation has expired or was already used. Ask an admin for a new one.")
            )
        if not locked.is_for(by):
            raise LeadershipRefused(
                _(
                    "This invitation is for %(email)s. Log in with that address to accept it, "
                    "or ask an admin of the community to invite you."
                )
                % {"email": locked.masked_email}
            )
        try:
            with transaction.atomic():
                membership = CommunityAdmin.objects.create(community_id=locked.community_id, user=by)
        except IntegrityError:
            membership = CommunityAdmin.objects.get(community_id=locked.community_id, user=by)
        locked.accepted_at, locked.accepted_by = timezone.now(), by
        locked.save(update_fields=["accepted_at", "accepted_by"])
    return membership
