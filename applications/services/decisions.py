"""The staff side of the review workflow: screening, decisions and their release to applicants."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications.services import notification_send
from programs.models import Round

from ..models import Application, DecisionRelease, DeclineReason, MessageTemplate, Review, Status
from ..workflow import application_transition
from .refusals import ReviewRefused, require_program_staff

if TYPE_CHECKING:
    from datetime import datetime

    from leadership.models import User

DECISIONS = (Status.SHORTLISTED, Status.DECLINED, Status.WAITLISTED)
# What an applicant is told at release; submitted and in-review applications block it.
OUTCOMES = (Status.SHORTLISTED, Status.DECLINED, Status.WAITLISTED, Status.AWARDED, Status.INELIGIBLE)
UNDECIDED = (Status.SUBMITTED, Status.IN_REVIEW)


class FewReviews(ReviewRefused):
    """Fewer submitted reviews than the round asks for: the decision waits for a confirmation."""


class EarlyRelease(ReviewRefused):
    """The round is still open or its reviews are not yet due: releasing needs a reason."""


def submitted_reviews(application_ids: list[int]) -> dict[int, int]:
    """Application id → submitted reviews that count (no declared conflict), in one grouped query."""
    from django.db.models import Count

    rows = (
        Review.objects.filter(
            assignment__application_id__in=application_ids,
            submitted_at__isnull=False,
            assignment__conflict_declared_at__isnull=True,
        )
        .values("assignment__application_id")
        .annotate(n=Count("id"))
        .values_list("assignment__application_id", "n")
    )
    return dict(rows)


def few_reviews_warning(applications: list[Application], round_: Round) -> str:
    """The warning to show before deciding applications with too few reviews ("" when none)."""
    counts = submitted_reviews([a.pk for a in applications])
    short = [a for a in applications if counts.get(a.pk, 0) < round_.reviews_required]
    if not short:
        return ""
    if len(short) == 1:
        n = counts.get(short[0].pk, 0)
        return ngettext(
            "“%(application)s” has %(n)d submitted review; the round asks for %(required)d. "
            "Confirm to decide it anyway.",
            "“%(application)s” has %(n)d submitted reviews; the round asks for %(required)d. "
            "Confirm to decide it anyway.",
            n,
        ) % {"application": short[0], "n": n, "required": round_.reviews_required}
    return ngettext(
        "%(count)d application has fewer than the %(required)d submitted reviews the round asks for. "
        "Confirm to decide it anyway.",
        "%(count)d applications have fewer than the %(required)d submitted reviews the round asks for. "
        "Confirm to decide them anyway.",
        len(short),
    ) % {"count": len(short), "required": round_.reviews_required}


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
    *,
    application: Application,
    by: User,
    outcome: str,
    note_to_applicant: str = "",
    internal_note: str = "",
    message: MessageTemplate | None = None,
    decline_reason: DeclineReason | None = None,
    few_reviews_confirmed: bool = False,
) -> Application:
    """Shortlist, decline or waitlist; the applicant hears of it only when the round's decisions are released.

    With fewer submitted reviews than the round asks for, the decision needs
    `few_reviews_confirmed` (the form shows the warning first).
    """
    require_program_staff(by)
    if outcome not in DECISIONS:
        raise ReviewRefused(_("Choose shortlisted, declined or waitlisted."))
    note_to_applicant = note_to_applicant.strip()
    if outcome != Status.DECLINED:
        decline_reason = None
    elif not (note_to_applicant or decline_reason or application.decision_note):
        raise ReviewRefused(
            _("Give the reason for declining; the applicant will read it when decisions are released.")
        )
    if message is not None and not message.suits(outcome):
        raise ReviewRefused(
            _("The message “%(message)s” is written for another decision.") % {"message": message}
        )
    if not few_reviews_confirmed and (warning := few_reviews_warning([application], application.round)):
        raise FewReviews(warning)
    with transaction.atomic():
        application_transition(application=application, to=outcome, by=by, note=internal_note.strip())
        fields = ["decision_message", "decline_reason"]
        if note_to_applicant:
            application.decision_note = note_to_applicant
            fields.append("decision_note")
        application.decision_message, application.decline_reason = message, decline_reason
        application.save(update_fields=fields)
        _tell_if_released(application)
    return application


def _tell_if_released(application: Application) -> None:
    # A change after the round's release (a waitlisted application moved up) is told at once.
    if DecisionRelease.objects.filter(round_id=application.round_id).exists():
        _tell_outcome(
            Application.objects.with_listing()
            .select_related("decision_message", "decline_reason")
            .get(pk=application.pk)
        )


def _tell_outcome(application: Application) -> None:
    notification_send(
        event="decision_released",
        to=list(application.community.admins.all()),
        context={
            "application": application,
            "round": application.round,
            "status": application.status,
            "message": application.decision_message,
            "decline_reason": application.decline_reason,
            "show_reason": application.status in (Status.DECLINED, Status.INELIGIBLE),
            "feedback": application.round.share_feedback and application.status == Status.DECLINED,
        },
    )


def decisions_release(*, round: Round, by: User, early_reason: str = "") -> DecisionRelease:
    """Tell every applicant of the round their outcome, once; refused while any is undecided.

    Before the round has closed and its reviews are due, staff must say why they release early;
    the reason is kept on the release and in the admin history of the round.
    """
    require_program_staff(by)
    early_reason = early_reason.strip()
    now = timezone.now()
    with transaction.atomic():
        # The round lock and the one-to-one row make a second release (double click, two staff) impossible.
        locked = Round.objects.select_for_update().get(pk=round.pk)
        previous = DecisionRelease.objects.filter(round=locked).first()
        if previous is not None:
            raise ReviewRefused(
                _("Decisions for this round were already released on %(at)s.")
                % {"at": _when(previous.released_at)}
            )
        early = not locked.is_ready_for_release_at(now)
        if early and not early_reason:
            raise EarlyRelease(
                _(
                    "The round closes on %(closes)s and its reviews are due on %(reviews)s. "
                    "Give a reason to release the decisions before then."
                )
                % {
                    "closes": _when(locked.closes_at),
                    "reviews": _when(locked.review_closes_at),
                }
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
            .select_related("decision_message", "decline_reason")
            .prefetch_related("community__admins")
        )
        for application in applications:
            _tell_outcome(application)
        release = DecisionRelease.objects.create(
            round=locked,
            released_by=by,
            released_at=now,
            applications_told=len(applications),
            early_reason=early_reason if early else "",
        )
        if early:
            _record_early_release(locked, by=by, reason=early_reason)
    round.decision_release = release
    return release


def _when(moment: datetime) -> str:
    """An instant as the staff pages write it, in the reader's zone: "25 December 2026, 08:44 UTC"."""
    return formats.date_format(timezone.localtime(moment), "j F Y, H:i T")


def _record_early_release(round_: Round, *, by: User, reason: str) -> None:
    # The round's admin history is the audit trail staff already read for changes to a round.
    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=Round.objects.filter(pk=round_.pk),
        action_flag=CHANGE,
        change_message=f"Decisions released before the round closed and its reviews were due. Reason: {reason}",
    )
