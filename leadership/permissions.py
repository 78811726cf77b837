"""Who may see and change a community. Missing and not-yours are one 404."""

from __future__ import annotations

from django.http import Http404

from .models import Community, CommunityAdmin, Invitation
from .roles import is_program_staff


def is_admin_of(user, community: Community) -> bool:
    if not (user and user.is_authenticated):
        return False
    return CommunityAdmin.objects.filter(user=user, community=community).exists()


def get_community_for_user(user, pk, *, write: bool = False) -> Community:
    """The community if the user is one of its admins (staff may read)."""
    qs = Community.objects.prefetch_related("focus_areas")
    if write or not is_program_staff(user):
        qs = qs.administered_by(user)
    community = qs.filter(pk=pk).first()
    if community is None:
        raise Http404
    return community


def get_invitation_by_token(token: str) -> Invitation:
    """The invitation its link names; whoever holds the link may open it, used or not."""
    invitation = Invitation.objects.select_related("community", "invited_by").filter(token=token).first()
    if invitation is None:
        raise Http404
    return invitation
