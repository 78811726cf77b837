"""Many decisions at once, from the ranking page: one decision, one message, one reason for all."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import Application, DeclineReason, MessageTemplate, Status
from .decisions import FewReviews, application_decide, few_reviews_warning
from .refusals import ReviewRefused, require_program_staff

if TYPE_CHECKING:
    from leadership.models import User
    from programs.models import Round


@dataclass
class BatchResult:
    decided: list[Application] = field(default_factory=list)
    refused: list[tuple[Application, str]] = field(default_factory=list)


def applications_decide(
    *,
    round: Round,
    application_ids: Iterable[int],
    by: User,
    outcome: str,
    message: MessageTemplate | None = None,
    decline_reason: DeclineReason | None = None,
    note_to_applicant: str = "",
    few_reviews_confirmed: bool = False,
) -> BatchResult:
    """Decide each chosen application of the round; those the rules refuse are reported, the rest done.

    Nothing is decided while some have fewer reviews than the round asks for, until confirmed.
    """
    require_program_staff(by)
    applications = list(
        Application.objects.for_round(round)
        .filter(pk__in=list(application_ids))
        .select_related("round", "community")
        .order_by("pk")
    )
    if not applications:
        raise ReviewRefused(_("Select at least one application of this round."))
    if outcome == Status.DECLINED and decline_reason is None:
        raise ReviewRefused(_("Choose the reason for declining; the summary of the round counts it."))
    if not few_reviews_confirmed and (warning := few_reviews_warning(applications, round)):
        raise FewReviews(warning)
    result = BatchResult()
    for application in applications:
        try:
            application_decide(
                application=application,
                by=by,
                outcome=outcome,
                note_to_applicant=note_to_applicant,
                message=message,
                decline_reason=decline_reason,
                few_reviews_confirmed=True,
            )
        except ValidationError as error:
            result.refused.append((application, " ".join(error.messages)))
        else:
            result.decided.append(application)
    return result
