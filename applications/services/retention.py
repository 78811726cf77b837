"""The retention policy's writes: warn about inactive drafts, delete them, anonymise old decisions.

Each application is handled in its own transaction under its row lock, re-checking that it is
still due, so two runs at once (or an applicant saving meanwhile) never act twice or wrongly.
Every step leaves a RetentionEvent; files are removed from storage only after the commit.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import ProtectedError, Q, QuerySet
from django.utils import timezone

from notifications.services import notification_send

from ..models import (
    Application,
    Attachment,
    RetentionAction,
    RetentionEvent,
    Review,
    ReviewAssignment,
    Score,
    StatusChange,
)
from ..retention import (
    draft_deletion_on,
    drafts_to_delete,
    drafts_to_warn,
    due_for_anonymising,
)
from .submissions import EDITABLE_FIELDS

logger = logging.getLogger(__name__)

WARNING_EVENT = "draft_deletion_warning"
# Texts that can name or describe people; the amount requested stays for statistics.
ANONYMISED_TEXT_FIELDS = (*(f for f in EDITABLE_FIELDS if f != "amount_requested"), "decision_note")
BATCH = 200


@dataclass(frozen=True)
class RetentionResult:
    warned: int
    deleted: int
    anonymised: int


def retention_apply(*, now: datetime | None = None, batch: int = BATCH) -> RetentionResult:
    """Run the whole policy once: warnings first, then deletions, then anonymisations."""
    now = now or timezone.now()
    warned = sum(draft_warn(application_id=pk, now=now) for pk in _ids(drafts_to_warn(now=now), batch))
    deleted = sum(draft_delete(application_id=pk, now=now) for pk in _ids(drafts_to_delete(now=now), batch))
    anonymised = sum(
        application_anonymise(application_id=pk, now=now) for pk in _ids(due_for_anonymising(now=now), batch)
    )
    return RetentionResult(warned=warned, deleted=deleted, anonymised=anonymised)


def _ids(queryset: QuerySet[Application], batch: int) -> list[int]:
    return list(queryset.order_by("pk").values_list("pk", flat=True)[:batch])


def _lock(queryset: QuerySet[Application], application_id: int) -> Application | None:
    # `of=("self",)`: the due-date join reaches the round's release through an outer join.
    return queryset.select_for_update(of=("self",)).filter(pk=application_id).first()


def draft_warn(*, application_id: int, now: datetime) -> bool:
    """Tell the community's admins that their inactive draft will be deleted, and record it."""
    with transaction.atomic():
        draft = _lock(drafts_to_warn(now=now), application_id)
        if draft is None:
            return False
        draft = Application.objects.with_listing().get(pk=draft.pk)
        notification_send(
            event=WARNING_EVENT,
            to=list(draft.community.admins.all()),
            context={"application": draft, "deletion_on": draft_deletion_on(draft, warned_at=now)},
        )
        RetentionEvent.objects.create(
            application_id=draft.pk, round_id=draft.round_id, action=RetentionAction.DRAFT_WARNED, at=now
        )
    return True


def draft_delete(*, application_id: int, now: datetime) -> bool:
    """Delete a warned, still inactive draft with its files; the retention event stays."""
    try:
        with transaction.atomic():
            draft = _lock(drafts_to_delete(now=now), application_id)
            if draft is None:
                return False
            files = _files_of(draft.pk)
            round_id = draft.round_id
            draft.delete()
            RetentionEvent.objects.create(
                application_id=application_id,
                round_id=round_id,
                action=RetentionAction.DRAFT_DELETED,
                at=now,
                attachments_removed=len(files),
            )
            _remove_after_commit(files)
    except ProtectedError:
        logger.warning("Draft %s is referenced elsewhere and was not deleted", application_id)
        return False
    return True


def application_anonymise(*, application_id: int, now: datetime) -> bool:
    """Replace an old decided application's texts, drop its files and blank its reviews' comments.

    Scores, the amount requested, the status and the dates stay, so the program's statistics
    still add up.
    """
    with transaction.atomic():
        application = _lock(due_for_anonymising(now=now), application_id)
        if application is None:
            return False
        for field in ANONYMISED_TEXT_FIELDS:
            setattr(application, field, "")
        # The answers are yes/no; who confirmed them is a name.
        application.eligibility = {"answers": application.eligibility.get("answers", {})}
        application.anonymised_at = now
        application.version += 1
        application.save(update_fields=[*ANONYMISED_TEXT_FIELDS, "eligibility", "anonymised_at", "version"])
        files = _files_of(application.pk)
        Attachment.objects.filter(application_id=application.pk).delete()
        StatusChange.objects.filter(application_id=application.pk).exclude(note="").update(note="")
        ReviewAssignment.objects.filter(application_id=application.pk).exclude(conflict_reason="").update(
            conflict_reason=""
        )
        blanked = (
            Review.objects.filter(assignment__application_id=application.pk)
            .exclude(overall_comment="")
            .update(overall_comment="")
        )
        blanked += (
            Score.objects.filter(review__assignment__application_id=application.pk)
            .filter(~Q(comment=""))
            .update(comment="")
        )
        RetentionEvent.objects.create(
            application_id=application.pk,
            round_id=application.round_id,
            action=RetentionAction.ANONYMISED,
            at=now,
            attachments_removed=len(files),
            comments_blanked=blanked,
        )
        _remove_after_commit(files)
    return True


def _files_of(application_id: int) -> list[str]:
    return list(Attachment.objects.filter(application_id=application_id).values_list("file", flat=True))


def _remove_after_commit(names: list[str]) -> None:
    if not names:
        return
    storage = Attachment._meta.get_field("file").storage

    def remove() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(remove)
