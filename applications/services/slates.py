"""Saving a portfolio slate and applying it: its applications shortlisted, one decision each."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programs.models import Round

from ..models import Application, DecisionRelease, Slate, Status
from ..selection.candidates import catalogue_of, round_candidates
from ..selection.comparison import slate_plan
from ..selection.forms import rules_as_data
from ..selection.solver import Rules
from .decisions import FewReviews, application_decide, few_reviews_warning
from .refusals import ReviewRefused, require_program_staff

if TYPE_CHECKING:
    from leadership.models import User


class SlateRefused(ReviewRefused):
    """A slate that cannot be saved or applied, with the reason in words."""


def slate_save(*, round: Round, by: User, name: str, rules: Rules) -> Slate:
    """Solve the rules again on the round's current candidates and keep the slate with its rules."""
    require_program_staff(by)
    name = name.strip()
    if not name:
        raise SlateRefused(_("Give the slate a name."))
    plan = slate_plan(round_candidates(round), rules, catalogue_of(round))
    if not plan.feasible:
        raise SlateRefused([_("These rules cannot all hold:"), *plan.conflicts])
    with transaction.atomic():
        slate = Slate.objects.create(
            round=round,
            name=name,
            constraints=rules_as_data(rules),
            total_score=plan.slate_total,
            total_cost=plan.slate_cost,
            created_by=by,
        )
        slate.applications.set([row.id for row in plan.slate])
    return slate


def slate_apply(*, slate: Slate, by: User, few_reviews_confirmed: bool = False) -> int:
    """Shortlist the slate's applications through the decision service; nothing is told until release.

    As with one decision, applications with fewer submitted reviews than the round asks for are
    shortlisted only once staff confirm (`FewReviews` names them otherwise).
    """
    require_program_staff(by)
    with transaction.atomic():
        # The slate's row lock makes a second apply (double click, two staff) wait, then refuse.
        locked = Slate.objects.select_for_update().get(pk=slate.pk)
        if locked.applied_at is not None:
            raise SlateRefused(
                _("This slate was already applied on %(at)s.")
                % {"at": timezone.localtime(locked.applied_at).strftime("%Y-%m-%d %H:%M %Z")}
            )
        if DecisionRelease.objects.filter(round_id=locked.round_id).exists():
            raise SlateRefused(
                _(
                    "Decisions for this round were already released; shortlisting now would tell applicants at once."
                )
            )
        applications = list(Application.objects.filter(slates=locked).select_related("round").order_by("pk"))
        blocked = [
            a
            for a in applications
            if a.status != Status.SHORTLISTED and not a.can_move_to(Status.SHORTLISTED)
        ]
        if blocked:
            raise SlateRefused(
                _(
                    "These applications can no longer be shortlisted: %(list)s. Build and save the slate again."
                )
                % {"list": ", ".join(f"#{a.pk} ({a.get_status_display().lower()})" for a in blocked)}
            )
        to_decide = [a for a in applications if a.status != Status.SHORTLISTED]
        warning = few_reviews_warning(to_decide, locked.round)
        if warning and not few_reviews_confirmed:
            raise FewReviews(warning)
        note = _("Shortlisted with the slate “%(name)s” (#%(id)d).") % {"name": locked.name, "id": locked.pk}
        decided = 0
        for application in to_decide:
            application_decide(
                application=application,
                by=by,
                outcome=Status.SHORTLISTED,
                internal_note=note,
                few_reviews_confirmed=True,  # checked for the whole slate above
            )
            decided += 1
        locked.applied_by, locked.applied_at = by, timezone.now()
        locked.save(update_fields=["applied_by", "applied_at"])
    slate.applied_by, slate.applied_at = locked.applied_by, locked.applied_at
    return decided
