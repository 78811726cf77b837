"""Template helpers for applicant pages: the disclosed status and the released outcome."""

from __future__ import annotations

from django import template

from ..disclosure import decisions_released, visible_status
from ..models import Application, Status
from ..ranking import application_feedback

register = template.Library()


@register.filter
def applicant_status(application: Application) -> str:
    """`{{ application|applicant_status }}`: the status value the applicant may see."""
    return visible_status(application)


@register.filter
def applicant_status_label(application: Application) -> str:
    return str(Status(visible_status(application)).label)


@register.simple_tag
def review_outcome(application: Application) -> dict | None:
    """The released outcome, its reason and (if the round shares it) per-criterion feedback."""
    if application.status not in (
        Status.SHORTLISTED,
        Status.DECLINED,
        Status.WAITLISTED,
        Status.INELIGIBLE,
        Status.AWARDED,
    ) or not decisions_released(application):
        return None
    show_reason = application.status in (Status.DECLINED, Status.INELIGIBLE)
    share = application.round.share_feedback and application.status == Status.DECLINED
    return {
        "status": application.status,
        "label": Status(application.status).label,
        "reason": application.decision_note if show_reason else "",
        "note": "" if show_reason else application.decision_note,
        "feedback": application_feedback(application) if share else None,
        "released_at": application.round.decision_release.released_at,
    }
