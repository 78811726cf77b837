"""Staff pages of reviewer calibration: a round's reviewers and agreement, as a page and a CSV."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from leadership.tabular import csv_response

from ..calibration import (
    ALPHA_RELIABLE,
    ALPHA_TENTATIVE,
    MIN_CO_REVIEWED,
    MIN_REVIEWS_FOR_FLAGS,
    NEAR_CONSTANT_SPREAD,
    OUTLIER_MINIMUM,
    OUTLIER_RATIO,
    ReviewerCalibration,
    round_calibration,
)
from .staff import round_or_404

PAGE_SIZE = 100


@login_required
def calibration(request: HttpRequest, round_id: int) -> HttpResponse:
    """Reviewers of the round, flagged first, with the panel's agreement and how to read it."""
    round_ = round_or_404(request.user, round_id)
    result = round_calibration(round_)
    reviewers = sorted(result.reviewers, key=lambda row: (not row.flagged, row.name.lower()))
    page = Paginator(reviewers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "applications/staff/round_calibration.html",
        {
            "round": round_,
            "calibration": result,
            "page": page,
            "rules": {
                "near_constant": NEAR_CONSTANT_SPREAD,
                "min_reviews": MIN_REVIEWS_FOR_FLAGS,
                "ratio": OUTLIER_RATIO,
                "minimum": OUTLIER_MINIMUM,
                "min_co_reviewed": MIN_CO_REVIEWED,
                "reliable": ALPHA_RELIABLE,
                "tentative": ALPHA_TENTATIVE,
            },
        },
    )


def _csv_row(row: ReviewerCalibration) -> list[object]:
    def figure(value: float | None) -> float | None:
        return None if value is None else round(value, 4)

    return [
        row.name,
        row.email,
        row.reviews,
        figure(row.mean),
        figure(row.offset),
        figure(row.spread),
        row.co_reviewed,
        figure(row.leniency),
        figure(row.disagreement),
        figure(row.correlation),
        row.near_constant,
        row.outlier,
    ]


@login_required
def calibration_csv(request: HttpRequest, round_id: int) -> StreamingHttpResponse:
    round_ = round_or_404(request.user, round_id)
    result = round_calibration(round_)
    header = [
        _("Reviewer"),
        _("Email"),
        _("Reviews"),
        _("Mean"),
        _("Mean vs panel"),
        _("Spread"),
        _("Co-reviewed"),
        _("Leniency"),
        _("Disagreement"),
        _("Correlation"),
        _("Near-constant scores"),
        _("Outlier disagreement"),
    ]
    return csv_response(
        f"round-{round_.pk}-calibration.csv", header, (_csv_row(row) for row in result.reviewers)
    )
