"""The panels the selection and data-protection tools put on the staff home (one round at a time).

Registered from ApplicationsConfig.ready() through `staff_home_panel_register`; each context
function costs a fixed number of queries, whatever the round's size.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from programs.models import Round

from .calibration import round_calibration
from .models import Flag, FlagStatus, Slate
from .ranking import cached_for_ranking
from .retention import staff_home_panel as retention_context
from .staff_home import staff_home_panel_register


@dataclass(frozen=True)
class CalibrationSummary:
    """What the panel shows of the round's calibration: figures only, no reviewer's name."""

    reviews: int
    alpha: float | None
    alpha_reading: str
    flagged: int


def _calibration_summary(round_: Round) -> CalibrationSummary:
    calibration = round_calibration(round_)
    return CalibrationSummary(
        reviews=calibration.reviews,
        alpha=calibration.alpha,
        alpha_reading=calibration.alpha_reading,
        flagged=len(calibration.flagged),
    )


def calibration_context(round_: Round) -> dict[str, Any]:
    """Computed over every review (~0.15 s at 60,000), so kept until the round's ranking stamp
    changes: every change to a review total or a ranked status renews it (applications.ranking)."""
    return {"calibration": cached_for_ranking(round_, "calibration-summary", _calibration_summary)}


def flags_context(round_: Round) -> dict[str, Any]:
    """Open flags on the round's applications (one count)."""
    in_round = Q(application__round=round_) | Q(other_application__round=round_)
    return {"open_flags": Flag.objects.filter(in_round, status=FlagStatus.OPEN).count()}


def slates_context(round_: Round) -> dict[str, Any]:
    """The round's saved slates, newest first (one query)."""
    return {"slates": list(Slate.objects.filter(round=round_).order_by("-created_at", "-id")[:3])}


def register() -> None:
    staff_home_panel_register(
        key="calibration", template="applications/staff/panels/calibration.html", context=calibration_context
    )
    staff_home_panel_register(
        key="flags", template="applications/staff/panels/flags.html", context=flags_context
    )
    staff_home_panel_register(
        key="slates", template="applications/staff/panels/slates.html", context=slates_context
    )
    staff_home_panel_register(
        key="retention",
        template="applications/staff/panels/retention.html",
        context=lambda round_: retention_context(),
    )
