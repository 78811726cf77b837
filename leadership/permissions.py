"""Who may see and change communities, training sessions and gatherings. Missing and not-yours are one 404."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from .models import (
    CohortMembership,
    Community,
    CommunityAdmin,
    Enrolment,
    EnrolmentState,
    Gathering,
    GatheringStatus,
    Invitation,
    SessionMaterial,
    TrainingSession,
)
from .roles import is_program_staff

if TYPE_CHECKING:
    from .roles import AnyUser


def is_community_admin(user: AnyUser, community_id: int | None = None) -> bool:
    """The user administers this community or, without one named, any community at all."""
    if not (user and user.is_authenticated):
        return False
    admins = CommunityAdmin.objects.filter(user=user)
    if community_id is not None:
        admins = admins.filter(community_id=community_id)
    return admins.exists()


def get_community_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Community:
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


def is_enrolled(user: AnyUser, session: TrainingSession) -> bool:
    if not (user and user.is_authenticated):
        return False
    return Enrolment.objects.filter(session=session, user=user, state=EnrolmentState.ENROLLED).exists()


def is_in_audience(user: AnyUser, session: TrainingSession) -> bool:
    """The session is meant for this person: a member of one of its cohorts, or any admin if open."""
    if not (user and user.is_authenticated):
        return False
    if CohortMembership.objects.filter(user=user, cohort__sessions=session).exists():
        return True
    return session.open_to_all_admins and is_community_admin(user)


def can_see_online_link(user: AnyUser, session: TrainingSession) -> bool:
    if not (user and user.is_authenticated):
        return False
    return is_program_staff(user) or is_enrolled(user, session)


def get_session_for_user(user: AnyUser, pk: int) -> TrainingSession:
    """The session if the user is in its audience, enrolled in it, or staff."""
    session = TrainingSession.objects.visible_to(user).filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


def get_material_for_user(user: AnyUser, session_pk: int, pk: int) -> SessionMaterial:
    session = get_session_for_user(user, session_pk)
    material = SessionMaterial.objects.filter(session=session, pk=pk).first()
    if material is None:
        raise Http404
    return material


def get_gathering_for_user(user: AnyUser, pk: int) -> Gathering:
    """Staff see every gathering, the host their own, group admins the approved ones."""
    if not (user and user.is_authenticated):
        raise Http404
    gathering = Gathering.objects.with_listing(user).filter(pk=pk).first()
    if gathering is None:
        raise Http404
    if is_program_staff(user) or gathering.host_id == user.pk:
        return gathering
    if gathering.status == GatheringStatus.APPROVED and (gathering.is_public or is_community_admin(user)):
        return gathering
    raise Http404


def get_gathering_for_host(user: AnyUser, pk: int) -> Gathering:
    """The gathering if the user hosts it."""
    if not (user and user.is_authenticated):
        raise Http404
    gathering = Gathering.objects.with_listing(user).filter(pk=pk, host=user).first()
    if gathering is None:
        raise Http404
    return gathering


def get_gathering_for_staff(user: AnyUser, pk: int) -> Gathering:
    if not is_program_staff(user):
        raise Http404
    gathering = Gathering.objects.with_listing(user).filter(pk=pk).first()
    if gathering is None:
        raise Http404
    return gathering


def get_session_for_staff(user: AnyUser, pk: int) -> TrainingSession:
    if not is_program_staff(user):
        raise Http404
    session = TrainingSession.objects.with_counts().filter(pk=pk).first()
    if session is None:
        raise Http404
    return session
