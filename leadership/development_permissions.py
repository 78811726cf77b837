"""Who may see training sessions, their materials and gatherings. Missing and not-yours are one 404."""

from __future__ import annotations

from django.http import Http404

from .models import (
    CohortMembership,
    CommunityAdmin,
    Enrolment,
    EnrolmentState,
    Gathering,
    GatheringStatus,
    SessionMaterial,
    TrainingSession,
)
from .roles import is_program_staff


def is_group_admin(user) -> bool:
    """A person who administers at least one community."""
    if not (user and user.is_authenticated):
        return False
    return CommunityAdmin.objects.filter(user=user).exists()


def is_enrolled(user, session: TrainingSession) -> bool:
    if not (user and user.is_authenticated):
        return False
    return Enrolment.objects.filter(session=session, user=user, state=EnrolmentState.ENROLLED).exists()


def is_in_audience(user, session: TrainingSession) -> bool:
    """The session is meant for this person: a member of one of its cohorts, or any admin if open."""
    if not (user and user.is_authenticated):
        return False
    if CohortMembership.objects.filter(user=user, cohort__sessions=session).exists():
        return True
    return session.open_to_all_admins and is_group_admin(user)


def can_see_online_link(user, session: TrainingSession) -> bool:
    if not (user and user.is_authenticated):
        return False
    return is_program_staff(user) or is_enrolled(user, session)


def get_session_for_user(user, pk) -> TrainingSession:
    """The session if the user is in its audience, enrolled in it, or staff."""
    session = TrainingSession.objects.visible_to(user).filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


def get_material_for_user(user, session_pk, pk) -> SessionMaterial:
    session = get_session_for_user(user, session_pk)
    material = SessionMaterial.objects.filter(session=session, pk=pk).first()
    if material is None:
        raise Http404
    return material


def get_gathering_for_user(user, pk) -> Gathering:
    """Staff see every gathering, the host their own, group admins the approved ones."""
    if not (user and user.is_authenticated):
        raise Http404
    gathering = Gathering.objects.with_listing(user).filter(pk=pk).first()
    if gathering is None:
        raise Http404
    if is_program_staff(user) or gathering.host_id == user.pk:
        return gathering
    if gathering.status == GatheringStatus.APPROVED and (gathering.is_public or is_group_admin(user)):
        return gathering
    raise Http404


def get_gathering_for_host(user, pk) -> Gathering:
    """The gathering if the user hosts it."""
    if not (user and user.is_authenticated):
        raise Http404
    gathering = Gathering.objects.with_listing(user).filter(pk=pk, host=user).first()
    if gathering is None:
        raise Http404
    return gathering


def get_gathering_for_staff(user, pk) -> Gathering:
    if not is_program_staff(user):
        raise Http404
    gathering = Gathering.objects.with_listing(user).filter(pk=pk).first()
    if gathering is None:
        raise Http404
    return gathering


def get_session_for_staff(user, pk) -> TrainingSession:
    if not is_program_staff(user):
        raise Http404
    session = TrainingSession.objects.with_counts().filter(pk=pk).first()
    if session is None:
        raise Http404
    return session
