"""Every write to applications and their attachments."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.models import Round
from leadership.models import Community
from notifications.services import notification_send

from ..eligibility import RULES, failed_rules
from ..models import Application, Attachment, Status
from ..permissions import is_community_admin
from ..uploads import validate_upload
from ..workflow import TransitionRefused, application_transition

MAX_ATTACHMENTS = 10
EDITABLE_FIELDS = tuple(field for fields in Application.SECTION_FIELDS.values() for field in fields)


class ApplicationRefused(ValidationError):
    """A change to an application that the rules do not allow."""


class AlreadySubmitted(ApplicationRefused):
    """The application was submitted already (a double click or a replayed form)."""


def _require_admin(by, community: Community) -> None:
    if not is_community_admin(by, community.pk):
        raise ApplicationRefused(
            _("Only the admins of %(community)s can do this.") % {"community": community.name}
        )


def application_create(
    *,
    community: Community,
    round: Round,
    by,
    eligibility: Mapping[str, bool],
    copy_from: Application | None = None,
) -> Application:
    """Start a draft after the eligibility check, optionally from an earlier application."""
    _require_admin(by, community)
    if failed := failed_rules(dict(eligibility)):
        raise ApplicationRefused([str(rule.refusal) for rule in failed])
    if not round.is_open:
        raise ApplicationRefused(_("This round is not open for applications."))
    if copy_from is not None and copy_from.community_id != community.pk:
        raise ApplicationRefused(_("You can only reuse an application of the same community."))
    application = Application(
        community=community,
        round=round,
        created_by=by,
        copied_from=copy_from,
        eligibility={
            "answers": {rule.key: bool(eligibility.get(rule.key)) for rule in RULES},
            "confirmed_at": timezone.now().isoformat(),
            "confirmed_by": by.email,
        },
    )
    if copy_from is not None:
        for field in EDITABLE_FIELDS:
            setattr(application, field, getattr(copy_from, field))
    _fit_amount(application)
    try:
        with transaction.atomic():
            application.save()
            _record_start(application=application, by=by)
    except IntegrityError:
        raise ApplicationRefused(
            _("%(community)s already has an application in this round.") % {"community": community.name}
        ) from None
    return application


def _record_start(*, application: Application, by) -> None:
    application.status_changes.create(
        old_status="", new_status=Status.DRAFT, by=by, at=application.created_at
    )


def _fit_amount(application: Application) -> None:
    program = application.round.program
    if program.amount_is_fixed:
        application.amount_requested = program.max_amount


def application_update(*, application: Application, by, data: Mapping[str, Any]) -> Application:
    """Save a draft with whatever is filled in; nothing is required until submission."""
    _require_admin(by, application.community)
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if not locked.is_editable:
            raise ApplicationRefused(_("This application has been submitted and can no longer be changed."))
        changed = [field for field in EDITABLE_FIELDS if field in data]
        for field in changed:
            setattr(application, field, data[field])
        _fit_amount(application)
        application.updated_at = timezone.now()
        application.save(update_fields=[*changed, "amount_requested", "updated_at"])
    return application


def submission_errors(application: Application) -> dict[str, list[str]]:
    """What still stands between this draft and a complete application, field by field."""
    errors: dict[str, list[str]] = {}
    for field in Application.REQUIRED_FIELDS:
        value = getattr(application, field)
        if value is None or (isinstance(value, str) and not value.strip()):
            errors[field] = [_("This field is required to submit.")]
    program = application.round.program
    amount = application.amount_requested
    if amount is not None:
        if amount > program.max_amount:
            errors["amount_requested"] = [
                _("The most this program awards is %(max)s.") % {"max": f"{program.max_amount:,.2f}"}
            ]
        elif amount < Decimal("1"):
            errors["amount_requested"] = [_("Ask for a positive amount.")]
    if failed_rules(application.eligibility.get("answers", {})):
        errors["__all__"] = [_("The eligibility questions were not all confirmed.")]
    return errors


def application_submit(*, application: Application, by, at=None) -> Application:
    """Submit a complete draft before the round closes; the community's admins get a receipt."""
    _require_admin(by, application.community)
    now = at or timezone.now()
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update()
            .select_related("round__program", "community")
            .get(pk=application.pk)
        )
        if locked.status != Status.DRAFT:
            raise AlreadySubmitted(_("This application was already submitted."))
        if not locked.round.is_open_at(now):
            raise ApplicationRefused(
                _("The round closed at %(close)s; applications can no longer be submitted.")
                % {"close": timezone.localtime(locked.round.closes_at).strftime("%Y-%m-%d %H:%M %Z")}
            )
        if errors := submission_errors(locked):
            raise ApplicationRefused(errors)
        application_transition(application=locked, to=Status.SUBMITTED, by=by, at=now)
        admins = list(locked.community.admins.all())
        notification_send(event="application_submitted", to=admins, context={"application": locked})
    application.status, application.submitted_at = locked.status, locked.submitted_at
    return application


def application_withdraw(*, application: Application, by, reason: str = "") -> Application:
    """Withdraw before a decision; the community's admins are told."""
    _require_admin(by, application.community)
    with transaction.atomic():
        try:
            application_transition(application=application, to=Status.WITHDRAWN, by=by, note=reason)
        except TransitionRefused:
            raise ApplicationRefused(_("This application can no longer be withdrawn.")) from None
        notification_send(
            event="application_withdrawn",
            to=list(application.community.admins.all()),
            context={"application": application, "by": by},
        )
    return application


def attachment_add(
    *, application: Application, by, upload: UploadedFile, description: str = ""
) -> Attachment:
    """Attach a checked file to a draft."""
    _require_admin(by, application.community)
    kind = validate_upload(upload)
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if not locked.is_editable:
            raise ApplicationRefused(_("Files can only be added to a draft."))
        if locked.attachments.count() >= MAX_ATTACHMENTS:
            raise ApplicationRefused(
                _("An application can have at most %(n)d files.") % {"n": MAX_ATTACHMENTS}
            )
        attachment = Attachment(
            application=locked,
            original_name=upload.name[:255],
            content_type=kind.content_type,
            size=upload.size,
            description=description,
            uploaded_by=by,
        )
        attachment.file.save(upload.name, upload, save=False)
        attachment.save()
    return attachment


def attachment_remove(*, attachment: Attachment, by) -> None:
    application = attachment.application
    _require_admin(by, application.community)
    if not application.is_editable:
        raise ApplicationRefused(_("Files can only be removed from a draft."))
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))
