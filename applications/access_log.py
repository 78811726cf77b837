"""The access log's writers and its one reader for data subjects.

A view that shows an application (its page, a file) to staff or a reviewer notes it on the
request with `access_note`; `AccessLogMiddleware` writes the request's notes in one INSERT once
the response is ready (without waiting for the disk flush), so a page costs one INSERT more,
never one per record, and about half a millisecond. An export is one
row (`access_record_export`) with the number of applications it held, not one per application.
Rows are never changed: the model and its queryset refuse, and on PostgreSQL a trigger refuses
UPDATE and DELETE too (migration applications 0010), except unlinking a deleted account.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from leadership.roles import may_enter_admin

from .models import AccessAction, AccessRecord, Application

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from leadership.models import User
    from leadership.roles import AnyUser

BUFFER = "_access_records"
PATH_LENGTH = AccessRecord._meta.get_field("path").max_length or 500


def is_logged_reader(user: AnyUser) -> bool:
    """Readings by superusers, program staff and reviewers are logged; an applicant reading their own is not."""
    return may_enter_admin(user)


def access_note(
    request: HttpRequest,
    *,
    action: str,
    application_id: int,
    attachment_id: int | None = None,
) -> None:
    """Remember that this request shows an application to a logged reader; written at response time."""
    if not is_logged_reader(request.user):
        return
    request.__dict__.setdefault(BUFFER, []).append(
        AccessRecord(
            at=timezone.now(),
            user_id=request.user.pk,
            action=action,
            application_id=application_id,
            attachment_id=attachment_id,
            path=request.path[:PATH_LENGTH],
        )
    )


def access_records_write(records: list[AccessRecord]) -> None:
    """One INSERT for all of a request's records.

    On its own on PostgreSQL the commit does not wait for the disk (synchronous_commit off, for
    this transaction only): waiting for the flush is what would cost the page milliseconds. A
    crash may lose the last fraction of a second of the log, never corrupt it. Inside a caller's
    transaction the rows simply commit with it.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        AccessRecord.objects.bulk_create(records)
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        AccessRecord.objects.bulk_create(records)


def access_record_export(
    *, by: User, detail: str, application_count: int, round_id: int | None = None, path: str = ""
) -> AccessRecord:
    """One row for one export, however many applications it holds (a single INSERT)."""
    return AccessRecord.objects.create(
        user=by,
        action=AccessAction.EXPORT,
        round_id=round_id,
        application_count=application_count,
        detail=detail[:100],
        path=path[:PATH_LENGTH],
    )


class AccessLogMiddleware:
    """Write the request's access notes in one bulk INSERT once the view has answered."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        records = request.__dict__.pop(BUFFER, None)
        # A refused or failed request showed nothing.
        if records and response.status_code < 400:
            access_records_write(records)
        return response


def access_records_for(user: AnyUser) -> QuerySet[AccessRecord]:
    """Who read the applications of the communities this user administers, and the exports of their rounds.

    For the user's data export: each row says who (the reader), what, which application and when.
    """
    if not (user and user.is_authenticated):
        return AccessRecord.objects.none()
    mine = Application.objects.for_applicant(user)
    return (
        AccessRecord.objects.filter(
            Q(application_id__in=mine.values("pk"))
            | Q(action=AccessAction.EXPORT, round_id__in=mine.values("round_id"))
        )
        .select_related("user")
        .order_by("at", "id")
    )
