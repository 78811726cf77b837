"""What an applicant may know of the review: no decision before the round's release.

Staff decide quietly (shortlisted, declined, waitlisted, ineligible); applicants learn the
outcome only when staff release the round's decisions. Applicant-facing pages ask here
which status and which history to show.
"""

from __future__ import annotations

from collections.abc import Iterable

from .models import QUIET_DECISIONS, Application, Status, StatusChange

# Decisions kept from the applicant until release. An award is told by its own offer.
UNDISCLOSED = QUIET_DECISIONS


def decisions_released(application: Application) -> bool:
    return application.decisions_released


def visible_status(application: Application) -> str:
    """The status the applicant sees: "submitted" or "in review" until the release."""
    if application.status not in UNDISCLOSED or decisions_released(application):
        return application.status
    return Status.SUBMITTED if application.status == Status.INELIGIBLE else Status.IN_REVIEW


def visible_history(application: Application, changes: Iterable[StatusChange]) -> list[StatusChange]:
    """The status history without undisclosed decisions (and never staff notes)."""
    released = decisions_released(application)
    return [c for c in changes if released or c.new_status not in UNDISCLOSED]
