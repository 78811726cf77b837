"""Every write to applications: create, edit, submit, withdraw (their files: attachments.py)."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _

from leadership.models import Community
from leadership.permissions import is_community_admin
from notifications.services import notification_send
from programs.caps import award_maximum_message, over_award_maximum
from programs.models import Round
from programs.open_now import round_with_program

from ..eligibility import RULES, failed_rules
from ..models import Application, Status
from ..workflow import locked_application_transition

if TYPE_CHECKING:
    from datetime import datetime

    from leadership.models import User

EDITABLE_FIELDS = tuple(field for fields in Application.SECTION_FIELDS.values() for field in fields)


class ApplicationRefused(ValidationError):
    """A change to an application that the rules do not allow."""


class AlreadySubmitted(ApplicationRefused):
    """The application was submitted already (a double click or a replayed form)."""


class IncompleteInput(ApplicationRefused):
    """Some input was not valid, so nothing was submitted; lists what else stands in the way.

    Its error dictionary may be empty: the form's own errors are then the whole answer.
    """


def require_admin(by: User, community: Community) -> None:
    if not is_community_admin(by, community.pk):
        raise ApplicationRefused(
            _("Only the admins of %(community)s can do this.") % {"community": community.name}
        )


def application_create(
    *,
    community: Community,
    round: Round,
    by: User,
    eligibility: Mapping[str, bool],
    copy_from: Application | None = None,
) -> Application:
    """Start a draft after the eligibility check, optionally from an earlier application."""
    require_admin(by, community)
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


def _record_start(*, application: Application, by: User) -> None:
    application.status_changes.create(
        old_status="", new_status=Status.DRAFT, by=by, at=application.created_at
    )


def _fit_amount(application: Application) -> None:
    program = application.round.program
    if program.amount_is_fixed:
        application.amount_requested = program.max_amount


@dataclass(frozen=True)
class Conflict:
    """One field both this edit and another admin changed: the value typed here and the one saved."""

    mine: Any
    theirs: Any


def _field_label(name: str) -> str:
    field = Application._meta.get_field(name)
    # An edit only ever names the application's own columns, never a relation's reverse side.
    assert isinstance(field, Field)
    return str(field.verbose_name)


class EditConflict(ApplicationRefused):
    """Another admin changed a field this edit also changed, after the version the edit was based on."""

    def __init__(self, conflicts: dict[str, Conflict], *, version: int) -> None:
        self.conflicts, self.version = conflicts, version
        labels = ", ".join(_field_label(name) for name in conflicts)
        super().__init__(
            _(
                "Another admin of your community changed %(fields)s while you were editing. "
                "Choose which version to keep."
            )
            % {"fields": labels}
        )


def same_value(a: Any, b: Any) -> bool:
    """Equal as the applicant sees them: browsers send textarea line breaks as CRLF."""
    if isinstance(a, str) and isinstance(b, str):
        return a.replace("\r\n", "\n").strip() == b.replace("\r\n", "\n").strip()
    return a == b


def _conflicts(
    locked: Application, data: Mapping[str, Any], base: Mapping[str, Any], base_version: int | None
) -> dict[str, Conflict]:
    # No version (a hand-made or pre-versioning POST) or an up-to-date one: nobody wrote in between.
    if base_version is None or base_version >= locked.version:
        return {}
    conflicts = {}
    for name, mine in data.items():
        theirs = getattr(locked, name)
        if same_value(mine, theirs):
            continue  # both made the same change
        if name in base and same_value(base[name], theirs):
            continue  # nobody else touched this field since the edit's base: no clash
        conflicts[name] = Conflict(mine=mine, theirs=theirs)
    return conflicts


def _save_edits(
    locked: Application, *, data: Mapping[str, Any], base: Mapping[str, Any], base_version: int | None
) -> list[str]:
    """Write only the fields this edit changed, refusing any another admin changed meanwhile."""
    edits = {name: value for name, value in data.items() if name in EDITABLE_FIELDS}
    if locked.round.program.amount_is_fixed:
        edits.pop("amount_requested", None)  # set at creation; the form does not offer it
    if conflicts := _conflicts(locked, edits, base, base_version):
        raise EditConflict(conflicts, version=locked.version)
    changed = [name for name, value in edits.items() if not same_value(value, getattr(locked, name))]
    if not changed:
        return []
    for name in changed:
        setattr(locked, name, edits[name])
    locked.version += 1
    locked.updated_at = timezone.now()
    locked.save(update_fields=[*changed, "version", "updated_at"])
    return changed


def _lock(application: Application) -> Application:
    return (
        Application.objects.select_for_update()
        .select_related("round__program", "community")
        .get(pk=application.pk)
    )


def _locked_for_admin(by: User, pk: int) -> Application | None:
    """The row locked, if `by` administers its community: the access check is the lock's query."""
    return (
        Application.objects.for_applicant(by)
        .select_for_update(of=("self",))
        .select_related("round__program")
        .filter(pk=pk)
        .first()
    )


def _lock_as_admin(application: Application, by: User) -> Application:
    locked = _locked_for_admin(by, application.pk)
    if locked is None:
        require_admin(by, application.community)  # raises, with the community's name
        raise ApplicationRefused(_("This application cannot be changed."))
    return locked


def _edit_locked(locked: Application, **edits: Any) -> None:
    if not locked.is_editable:
        raise ApplicationRefused(_("This application has been submitted and can no longer be changed."))
    _save_edits(
        locked, data=edits["data"], base=edits.get("base") or {}, base_version=edits.get("base_version")
    )


class HeldDraft:
    """An application locked for one admin's edit, for the length of a `draft_held` block."""

    def __init__(self, application: Application) -> None:
        self.application = application
        self.held = True

    def update(
        self,
        *,
        data: Mapping[str, Any],
        base: Mapping[str, Any] | None = None,
        base_version: int | None = None,
    ) -> Application:
        """As application_update, on the row this block holds: no second lock."""
        if not self.held:
            raise RuntimeError("The draft is no longer held: update it inside the draft_held block.")
        _edit_locked(self.application, data=data, base=base, base_version=base_version)
        return self.application


@contextmanager
def draft_held(*, pk: int, by: User) -> Iterator[HeldDraft]:
    """Application `pk`, locked for `by` until the block ends, when `by` administers it.

    Autosave's path: every few seconds per applicant on deadline day, so the access check, the
    row lock and the read the form is built from are one query, on the application alone. Raises Application.DoesNotExist
    for an application that is not there or not this person's (the view answers 404).
    """
    with transaction.atomic():
        locked = Application.objects.for_applicant(by).select_for_update(of=("self",)).filter(pk=pk).first()
        if locked is None:
            raise Application.DoesNotExist
        # The round and its program as the dashboard reads them, kept a few seconds per process
        # (programs.open_now): a draft being typed into is in an open round, unless extended.
        locked.round = round_with_program(locked.round_id)
        draft = HeldDraft(locked)
        try:
            yield draft
        finally:
            draft.held = False


def _copy_saved(application: Application, locked: Application) -> None:
    """The caller's instance shows what is saved now, other admins' merged edits included."""
    for name in (*EDITABLE_FIELDS, "version", "updated_at", "status", "status_changed_at", "submitted_at"):
        setattr(application, name, getattr(locked, name))


def application_update(
    *,
    application: Application,
    by: User,
    data: Mapping[str, Any],
    base: Mapping[str, Any] | None = None,
    base_version: int | None = None,
) -> Application:
    """Save a draft with whatever is filled in; nothing is required until submission.

    `data` holds the fields this admin changed, `base` their values at `base_version` (the version
    the page was showing). Fields another admin changed meanwhile are kept; if one of them is
    also in `data`, nothing is written and EditConflict lists both values.
    """
    with transaction.atomic():
        locked = _lock_as_admin(application, by)
        _edit_locked(locked, data=data, base=base, base_version=base_version)
    _copy_saved(application, locked)
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
        if over_award_maximum(program, amount):
            errors["amount_requested"] = [award_maximum_message(program)]
        elif amount < Decimal("1"):
            errors["amount_requested"] = [_("Ask for a positive amount.")]
    if failed_rules(application.eligibility.get("answers", {})):
        errors["__all__"] = [_("The eligibility questions were not all confirmed.")]
    return errors


def application_submit(
    *,
    application: Application,
    by: User,
    data: Mapping[str, Any] | None = None,
    base: Mapping[str, Any] | None = None,
    base_version: int | None = None,
    invalid: Collection[str] = (),
    at: datetime | None = None,
) -> Application:
    """Save the last edits (as application_update) and submit a complete draft before the round
    closes: one transaction, one access check, one row lock; the community's admins get a receipt.

    The edits are kept even when the submission is refused (incomplete, or the round closed).
    `invalid` names the fields whose input the form refused: the other edits are saved, and
    nothing is submitted; the refusal lists what else is missing.
    """
    require_admin(by, application.community)
    now = at or timezone.now()
    with transaction.atomic():
        locked = _lock(application)
        if locked.status != Status.DRAFT:
            raise AlreadySubmitted(_("This application was already submitted."))
        _save_edits(locked, data=data or {}, base=base or {}, base_version=base_version)
        refusal = _submission_refusal(locked, now=now, invalid=invalid)
        if refusal is None:
            # The row is locked and the actor checked above: the move takes neither again.
            locked_application_transition(locked=locked, to=Status.SUBMITTED, by=by, at=now)
            admins = list(locked.community.admins.all())
            notification_send(event="application_submitted", to=admins, context={"application": locked})
    _copy_saved(application, locked)
    if refusal is not None:
        raise refusal
    return application


def _submission_refusal(
    locked: Application, *, now: datetime, invalid: Collection[str]
) -> ApplicationRefused | None:
    if invalid:
        errors = submission_errors(locked)
        return IncompleteInput({name: messages for name, messages in errors.items() if name not in invalid})
    # The application's own deadline: the round's close, or the extension staff gave it.
    if not locked.is_open_at(now):
        return ApplicationRefused(
            _("The round closed at %(close)s; applications can no longer be submitted.")
            % {"close": timezone.localtime(locked.deadline).strftime("%Y-%m-%d %H:%M %Z")}
        )
    if errors := submission_errors(locked):
        return ApplicationRefused(errors)
    return None


def application_withdraw(*, application: Application, by: User, reason: str = "") -> Application:
    """Withdraw before a decision stands; the community's admins are told."""
    require_admin(by, application.community)
    with transaction.atomic():
        locked = _lock(application)
        if locked.decision_stands or not locked.can_move_to(Status.WITHDRAWN):
            raise ApplicationRefused(_("This application can no longer be withdrawn."))
        # Checked and locked above: the move takes neither again.
        locked_application_transition(locked=locked, to=Status.WITHDRAWN, by=by, note=reason)
        notification_send(
            event="application_withdrawn",
            to=list(locked.community.admins.all()),
            context={"application": locked, "by": by},
        )
    _copy_saved(application, locked)
    return application
