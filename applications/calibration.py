"""How far each reviewer of a round can be trusted, and how much the panel agrees: one SQL query.

Every figure uses the round's submitted reviews (no declared conflict), each review counted by
its weighted total T on the 1-5 scale (Review.weighted_total, as the ranking).

Per reviewer, over their reviews in the round:

* reviews n, mean m and spread sd (population standard deviation), beside the panel's (every
  review of the round) mean and spread;
* on the applications someone else also reviewed ("co-reviewed"), with C the mean of the
  *other* reviewers' totals on the same application:
    - leniency = mean of (T - C): above 0 the reviewer scores higher than their co-reviewers;
    - disagreement = mean of |T - C|;
    - correlation = Pearson's r between T and C (None under 3 co-reviewed applications or
      when either side never varies);
* flags: `near_constant` when sd < NEAR_CONSTANT_SPREAD over at least MIN_REVIEWS_FOR_FLAGS
  reviews; `outlier` when the disagreement reaches OUTLIER_RATIO times the median disagreement of
  the round's reviewers (and at least OUTLIER_MINIMUM), over at least MIN_CO_REVIEWED
  co-reviewed applications.

Per round, Krippendorff's alpha for interval data over the applications with at least two
reviews (the "pairable" values, n of them; mᵤ values on application u):

    alpha = 1 - (n - 1) · Σᵤ [(mᵤ·Σv² - (Σv)²) / (mᵤ - 1)] / (n·Σv² - (Σv)²)

which is 1 - Dₒ/Dₑ of Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", written
with sums so SQL aggregates compute it. 1 is perfect agreement, 0 agreement no better than
chance; Krippendorff asks for at least 0.800, and 0.667 for tentative conclusions.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field, replace

from django.contrib.auth import get_user_model
from django.db import connection

from programs.models import Round

from .ranking import COUNTED_TOTALS, review_tables

NEAR_CONSTANT_SPREAD = 0.25
MIN_REVIEWS_FOR_FLAGS = 5
MIN_CO_REVIEWED = 3
OUTLIER_RATIO = 2.0
OUTLIER_MINIMUM = 0.5
ALPHA_RELIABLE = 0.8
ALPHA_TENTATIVE = 0.667
EPSILON = 1e-9


@dataclass(frozen=True)
class ReviewerCalibration:
    reviewer_id: int
    name: str
    email: str
    reviews: int
    mean: float
    spread: float
    co_reviewed: int
    leniency: float | None
    disagreement: float | None
    correlation: float | None
    near_constant: bool = False
    outlier: bool = False
    offset: float | None = None  # mean minus the panel's mean

    @property
    def flagged(self) -> bool:
        return self.near_constant or self.outlier


@dataclass(frozen=True)
class RoundCalibration:
    round: Round
    reviews: int
    panel_mean: float | None
    panel_spread: float | None
    alpha: float | None
    pairable: int  # values on applications with two reviews or more: what alpha is computed on
    units: int  # applications with two reviews or more
    reviewers: list[ReviewerCalibration] = field(default_factory=list)

    @property
    def flagged(self) -> list[ReviewerCalibration]:
        return [row for row in self.reviewers if row.flagged]

    @property
    def alpha_reading(self) -> str:
        """reliable, tentative, unreliable or unknown: which band of Krippendorff's the alpha is in."""
        if self.alpha is None:
            return "unknown"
        if self.alpha >= ALPHA_RELIABLE:
            return "reliable"
        return "tentative" if self.alpha >= ALPHA_TENTATIVE else "unreliable"


def _tables() -> dict[str, str]:
    return {**review_tables(), "user": get_user_model()._meta.db_table}


TOTALS_SQL = (
    COUNTED_TOTALS  # noqa: S608 -- table names from the models; values are bound parameters
    + """,
per_app AS (
    SELECT application_id, COUNT(*) AS m, SUM(total) AS s, SUM(total * total) AS ss
    FROM totals GROUP BY application_id
)
"""
)

# Table names come from the models' metadata; every value is a bound parameter.
REVIEWERS_SQL = (
    TOTALS_SQL  # noqa: S608
    + """,
paired AS (
    SELECT t.reviewer_id, t.total AS x, (pa.s - t.total) / (pa.m - 1) AS y
    FROM totals t JOIN per_app pa ON pa.application_id = t.application_id
    WHERE pa.m >= 2
),
own AS (
    SELECT reviewer_id, COUNT(*) AS n, AVG(total) AS mean,
           AVG(total * total) - AVG(total) * AVG(total) AS var
    FROM totals GROUP BY reviewer_id
),
co AS (
    SELECT reviewer_id, COUNT(*) AS n, AVG(x - y) AS leniency, AVG(ABS(x - y)) AS disagreement,
           AVG(x * y) - AVG(x) * AVG(y) AS cov,
           AVG(x * x) - AVG(x) * AVG(x) AS var_x,
           AVG(y * y) - AVG(y) * AVG(y) AS var_y
    FROM paired GROUP BY reviewer_id
),
pool AS (
    SELECT COUNT(*) AS reviews, AVG(total) AS mean, AVG(total * total) - AVG(total) * AVG(total) AS var
    FROM totals
),
agreement AS (
    SELECT COUNT(*) AS units, SUM(m) AS pairable, SUM(s) AS s, SUM(ss) AS ss,
           SUM((m * ss - s * s) / (m - 1)) AS within
    FROM per_app WHERE m >= 2
)
SELECT own.reviewer_id, u.full_name, u.email, own.n, own.mean, own.var,
       COALESCE(co.n, 0), co.leniency, co.disagreement, co.cov, co.var_x, co.var_y,
       pool.reviews, pool.mean, pool.var,
       agreement.units, agreement.pairable, agreement.s, agreement.ss, agreement.within
FROM own
JOIN {user} u ON u.id = own.reviewer_id
LEFT JOIN co ON co.reviewer_id = own.reviewer_id
CROSS JOIN pool CROSS JOIN agreement
ORDER BY u.full_name, u.email, own.reviewer_id
"""
)


def krippendorff_alpha_interval(m_total: int, s: float, ss: float, within: float) -> float | None:
    """Alpha from the sums over pairable values: n, Σv, Σv² and Σᵤ (mᵤΣv² - (Σv)²)/(mᵤ - 1)."""
    expected = m_total * ss - s * s
    if m_total < 2 or expected <= EPSILON:
        return None  # one value, or every value alike: no variation for agreement to explain
    return 1.0 - (m_total - 1) * within / expected


def units_alpha(units: list[list[float]]) -> float | None:
    """Krippendorff's alpha (interval) of values grouped by unit; the Python twin of the SQL."""
    pairable = [unit for unit in units if len(unit) >= 2]
    n = sum(len(unit) for unit in pairable)
    s = sum(sum(unit) for unit in pairable)
    ss = sum(v * v for unit in pairable for v in unit)
    within = sum((len(u) * sum(v * v for v in u) - sum(u) ** 2) / (len(u) - 1) for u in pairable)
    return krippendorff_alpha_interval(n, s, ss, within)


def _sqrt(variance: float | None) -> float:
    return math.sqrt(max(float(variance or 0.0), 0.0))


def _correlation(n: int, cov: float | None, var_x: float | None, var_y: float | None) -> float | None:
    if n < MIN_CO_REVIEWED or cov is None or var_x is None or var_y is None:
        return None
    if var_x <= EPSILON or var_y <= EPSILON:
        return None  # a side that never varies has no order to correlate
    return max(-1.0, min(1.0, float(cov) / math.sqrt(float(var_x) * float(var_y))))


def _fetch(sql: str, round_: Round) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql.format(**_tables()), {"round": round_.pk})
        return cursor.fetchall()


def round_calibration(round_: Round) -> RoundCalibration:
    """The round's reviewers and agreement; one query whatever the number of reviews."""
    fetched = _fetch(REVIEWERS_SQL, round_)
    rows = [
        ReviewerCalibration(
            reviewer_id=pk,
            name=full_name or email,
            email=email,
            reviews=n,
            mean=float(own_mean),
            spread=_sqrt(own_var),
            co_reviewed=co_n,
            leniency=None if leniency is None else float(leniency),
            disagreement=None if disagreement is None else float(disagreement),
            correlation=_correlation(co_n, cov, var_x, var_y),
        )
        for (pk, full_name, email, n, own_mean, own_var, co_n, leniency, disagreement, cov, var_x, var_y) in (
            row[:12] for row in fetched
        )
    ]
    # Every row carries the round's figures; no row means no submitted review.
    reviews, mean, var, units, pairable, s, ss, within = (
        fetched[0][12:] if fetched else (0, None, None, 0, 0, 0, 0, 0)
    )
    return RoundCalibration(
        round=round_,
        reviews=reviews,
        panel_mean=None if mean is None else float(mean),
        panel_spread=None if var is None else _sqrt(var),
        alpha=None
        if not pairable
        else krippendorff_alpha_interval(int(pairable), float(s), float(ss), float(within)),
        pairable=int(pairable or 0),
        units=units,
        reviewers=_with_flags(rows, panel_mean=None if mean is None else float(mean)),
    )


def _with_flags(rows: list[ReviewerCalibration], *, panel_mean: float | None) -> list[ReviewerCalibration]:
    """The one pass in Python: flags need the median disagreement of the whole panel."""
    counted = [
        row.disagreement
        for row in rows
        if row.disagreement is not None and row.co_reviewed >= MIN_CO_REVIEWED
    ]
    median = statistics.median(counted) if counted else None
    flagged = []
    for row in rows:
        near_constant = row.reviews >= MIN_REVIEWS_FOR_FLAGS and row.spread < NEAR_CONSTANT_SPREAD
        outlier = (
            median is not None
            and row.disagreement is not None
            and row.co_reviewed >= MIN_CO_REVIEWED
            and row.disagreement >= max(OUTLIER_RATIO * median, OUTLIER_MINIMUM)
        )
        offset = None if panel_mean is None else row.mean - panel_mean
        flagged.append(replace(row, near_constant=near_constant, outlier=outlier, offset=offset))
    return flagged


def recent_calibrations(*, limit: int = 3) -> list[RoundCalibration]:
    """The rounds with the latest review deadlines, calibrated: for the staff home (1 query each)."""
    rounds = Round.objects.select_related("program").order_by("-review_closes_at", "-pk")[:limit]
    return [round_calibration(round_) for round_ in rounds]
