"""The ranking's normalised scores as a program officer reads them: back on the 1-5 review scale.

The ranking (applications.ranking) orders applications by the mean z of their reviews. A z
means nothing to a reader ("0.00" reads as "scored zero"), so the page shows instead

    shown = M + z * S, held within 1 and 5,

where M and S are the mean and the (population) standard deviation of every counted review
total in the round: an application whose reviews were average for their reviewers shows the
round's average review, one spread above shows M + S. It is an increasing function of z, so it
keeps the ranking's order; it changes no computed value, only what is displayed.

There is not enough information to show a score (it reads "—" with the reason) when the
application has no submitted review, or when every review in the round has the same total
(S = 0: nothing to compare). A score from fewer reviews than the round asks for is marked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db.models import Avg, F, FloatField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from programs.models import Round

from .models import SCORE_MAX, SCORE_MIN, Review
from .ranking import EPSILON, RankingRow, cached_for_ranking


@dataclass(frozen=True)
class Pool:
    mean: float | None
    spread: float | None


@dataclass(frozen=True)
class ShownScore:
    row: RankingRow
    value: float | None  # on the 1-5 scale; None when there is not enough information
    missing_reason: str  # why there is no value, for the reader
    reviews_short: bool  # fewer submitted reviews than the round asks for
    reviews_required: int


def round_pool(round_: Round) -> Pool:
    """Mean and spread of the review totals the ranking counts, cached with the ranking."""
    return cached_for_ranking(round_, "pool", round_pool_compute)


def round_pool_compute(round_: Round) -> Pool:
    """Mean and spread of the review totals the ranking counts, in one aggregate query."""
    total = Cast("weighted_total", FloatField())
    square = Cast(F("weighted_total") * F("weighted_total"), FloatField())
    stats = Review.objects.filter(
        assignment__application__round=round_,
        submitted_at__isnull=False,
        assignment__conflict_declared_at__isnull=True,
        weighted_total__isnull=False,
    ).aggregate(mean=Avg(total), square=Avg(square))
    if stats["mean"] is None:
        return Pool(mean=None, spread=None)
    mean = float(stats["mean"])
    return Pool(mean=mean, spread=math.sqrt(max(float(stats["square"]) - mean * mean, 0.0)))


def shown_score(row: RankingRow, pool: Pool, reviews_required: int) -> ShownScore:
    """What the ranking page shows for one row."""
    short = row.review_count < reviews_required
    if row.normalised is None or row.review_count == 0 or pool.mean is None:
        return ShownScore(row, None, _("No submitted review yet."), short, reviews_required)
    if pool.spread is None or pool.spread <= EPSILON:
        return ShownScore(
            row,
            None,
            _("Every review in the round has the same total so far: there is nothing to compare."),
            short,
            reviews_required,
        )
    value = min(max(pool.mean + row.normalised * pool.spread, SCORE_MIN), SCORE_MAX)
    return ShownScore(row, value, "", short, reviews_required)


def shown_scores(rows: list[RankingRow], round_: Round) -> list[ShownScore]:
    pool = round_pool(round_)
    return [shown_score(row, pool, round_.reviews_required) for row in rows]
