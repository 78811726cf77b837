"""The staff side of the review workflow: screening, decisions and their release to applicants."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications.services import notification_send
from programs.models import Round

from ..models import Application, DecisionRelease, Status
from ..workflow import application_transition
from .refusals import ReviewRefused, require_program_staff

if TYPE_CHECKING:
    from leadership.models import User

DECISIONS = (Status.SHORTLISTED, Status.DECLINED, Status.WAITLISTED)
# What an applicant is told at release; submitted and in-review applications block it.
OUTCOMES = (Status.SHORTLISTED, Status.DECLINED, Status.WAITLISTED, Status.AWARDED, Status.INELIGIBLE)
UNDECIDED = (Status.SUBMITTED, Status.IN_REVIEW)


# --- Screening ------------------------------------------------------------------------------


def application_screen(
    *, application: Application, by: User, eligible: bool, reason: str = ""
) -> Application:
    """Send a submitted application on to review, or rule it ineligible with a reason for the applicant."""
    require_program_staff(by)
    reason = reason.strip()
    if not eligible and not reason:
        raise ReviewRefused(_("Give the reason the application is ineligible; the applicant will read it."))
    with transaction.atomic():
        application_transition(
            application=application,
            to=Status.IN_REVIEW if eligible else Status.INELIGIBLE,
            by=by,
            note=reason,
        )
        if not eligible:
            application.decision_note = reason
            application.save(update_fields=["decision_note"])
            _tell_if_released(application)
    return application


# --- Decisions ------------------------------------------------------------------------------


def application_decide(
    *, application: Application, by: User, outcome: str, note_to_applicant: str = "", internal_note: str = ""
) -> Application:
    """Shortlist, decline or waitlist; the applicant hears of it only when the round's decisions are released."""
    require_program_staff(by)
    if outcome not in DECISIONS:
        raise ReviewRefused(_("Choose shortlisted, declined or waitlisted."))
    note_to_applicant = note_to_applicant.strip()
    if outcome == Status.DECLINED and not note_to_applicant and not application.decision_note:
        raise ReviewRefused(
            _("Give the reason for declining; the applicant will read it when decisions are released.")
        )
    with transaction.atomic():
        application_transition(application=application, to=outcome, by=by, note=internal_note.strip())
        if note_to_applicant:
            application.decision_note = note_to_applicant
            application.save(update_fields=["decision_note"])
        _tell_if_released(application)
    return application


def _tell_if_released(application: Application) -> None:
    # A change after the round's release (a waitlisted application moved up) is told at once.
    if DecisionRelease.objects.filter(round_id=application.round_id).exists():
        _tell_outcome(Application.objects.with_listing().get(pk=application.pk))


def _tell_outcome(application: Application) -> None:
    notification_send(
        event="decision_released",
        to=list(application.community.admins.all()),
        context={
            "application": application,
            "round": application.round,
            "status": application.status,
            "show_reason": application.status in (Status.DECLINED, Status.INELIGIBLE),
            "feedback": application.round.share_feedback and application.status == Status.DECLINED,
        },
    )


def decisions_release(*, round: Round, by: User) -> DecisionRelease:
    """Tell every applicant of the round their outcome, once; refused while any is undecided."""
    require_program_staff(by)
    with transaction.atomic():
        # The round lock and the one-to-one row make a second release (double click, two staff) impossible.
        locked = Round.objects.select_for_update().get(pk=round.pk)
        previous = DecisionRelease.objects.filter(round=locked).first()
        if previous is not None:
            raise ReviewRefused(
                _("Decisions for this round were already released on %(at)s.")
                % {"at": timezone.localtime(previous.released_at).strftime("%Y-%m-%d %H:%M %Z")}
            )
        undecided = Application.objects.for_round(locked).filter(status__in=UNDECIDED).count()
        if undecided:
            raise ReviewRefused(
                ngettext(
                    "%(n)d application still awaits screening or a decision; decide it before releasing.",
                    "%(n)d applications still await screening or a decision; decide them before releasing.",
                    undecided,
                )
                % {"n": undecided}
            )
        applications = list(
            Application.objects.for_round(locked)
            .filter(status__in=OUTCOMES)
            .with_listing()
            .prefetch_related("community__admins")
        )
        for application in applications:
            _tell_outcome(application)
        release = DecisionRelease.objects.create(
            round=locked, released_by=by, applications_told=len(applications)
        )
    round.decision_release = release
    return release
