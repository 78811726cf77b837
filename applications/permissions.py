"""Who may see and change applications and their files. Missing and not-yours are one 404."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from leadership.roles import can_manage_reviews, is_program_staff
from programs.open_now import round_with_program

from .models import Application, Attachment, Flag

if TYPE_CHECKING:
    from leadership.roles import AnyUser


def get_application_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Application:
    """The application if the user administers its community (or, to read, is staff)."""
    qs = Application.objects.with_listing()
    if write or not is_program_staff(user):
        qs = qs.for_applicant(user)
    application = qs.filter(pk=pk).first()
    if application is None:
        raise Http404
    return application


def get_draft_for_admin(user: AnyUser, pk: int) -> Application:
    """As get_application_for_user(write=True), for the edit page an applicant reloads all
    deadline day: the application and its community in one query, the round and its program
    from programs.open_now while the round is open."""
    application = Application.objects.for_applicant(user).select_related("community").filter(pk=pk).first()
    if application is None:
        raise Http404
    application.round = round_with_program(application.round_id)
    return application


def get_attachment_for_user(
    user: AnyUser, application_pk: int, pk: int, *, write: bool = False
) -> Attachment:
    """The attachment if the user may see (or, with write, change) its application."""
    application = get_application_for_user(user, application_pk, write=write)
    attachment = application.attachments.filter(pk=pk).first()
    if attachment is None:
        raise Http404
    attachment.application = application
    return attachment


def get_flag_for_staff(user: AnyUser, pk: int) -> Flag:
    """A duplicate or fraud flag, for staff who screen applications; 404 for everyone else."""
    if not can_manage_reviews(user):
        raise Http404
    flag = Flag.objects.with_listing().filter(pk=pk).first()
    if flag is None:
        raise Http404
    return flag
