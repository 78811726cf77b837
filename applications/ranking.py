"""A round's applications in order of their normalised review score, aggregated in one SQL query.

Definitions (every figure uses submitted reviews only):

* Review total T — the weighted mean of its criterion scores, Σ wᵢ·sᵢ / Σ wᵢ, so it stays on
  the 1-5 scale whatever the weights (the weighted total divided by the total weight). It is
  stored on the review when it is submitted (Review.weighted_total), not re-aggregated here.
* Reviewer statistics — for each reviewer, over their reviews *in this round*: n, mean m and
  population standard deviation sd. Pool statistics — over every review in the round: M, S.
* Normalised score of one review, z:
    - n ≥ 3 and sd > 0: z = (T - m) / sd — the review against the reviewer's own habits,
      which cancels harsh and lenient reviewers;
    - n ≥ 3 and sd = 0: z = 0 — the reviewer rated everything alike, so says nothing of order;
    - n < 3 (too few reviews to know the reviewer's habits): the raw total counts, rescaled to
      the same z scale against the pool, z = (T - M) / S (0 when S = 0).
* Per application: count, raw mean of T, spread (population standard deviation of T), and
  the normalised score, the mean of its reviews' z. Reviewers disagree strongly when the
  spread reaches DISAGREEMENT_SPREAD (two reviews two points apart on the 1-5 scale).

Variances are computed as avg(x²) - avg(x)², which SQLite and PostgreSQL both run as plain
aggregates. Ranks are taken before the page's filters, so a filtered list keeps round ranks.

The aggregation is cached per round under the round's ranking stamp (`ranked_scores`): a page
reads the stamp, the cached figures and the titles and communities of the rows it shows.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from django.core.cache import cache
from django.db import connection

from leadership.models import FocusArea
from programs.models import Round

from .models import Application, Review, ReviewAssignment, Score, Status

MIN_REVIEWS_FOR_Z = 3
DISAGREEMENT_SPREAD = 1.0
EPSILON = 1e-9
RANKED_STATUSES = (Status.IN_REVIEW, Status.SHORTLISTED, Status.AWARDED, Status.DECLINED, Status.WAITLISTED)
FUNDED_STATUSES = (Status.SHORTLISTED, Status.AWARDED)
# A stamp change makes an entry unreachable; the expiry only frees the memory of old ones.
CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class RankingRow:
    rank: int
    application_id: int
    title: str
    status: str
    community_id: int
    community_name: str
    country: str
    review_count: int
    raw_mean: float | None
    spread: float | None
    low: float | None
    high: float | None
    normalised: float | None

    @property
    def disagreement(self) -> bool:
        return self.review_count >= 2 and (self.spread or 0) >= DISAGREEMENT_SPREAD - EPSILON

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)


@dataclass(frozen=True)
class Ranking:
    rows: list[RankingRow]
    total: int  # rows matching the filters, before limit/offset


def review_tables() -> dict[str, str]:
    """The table names COUNTED_TOTALS and the queries built on it are formatted with."""
    return {
        "application": Application._meta.db_table,
        "assignment": ReviewAssignment._meta.db_table,
        "review": Review._meta.db_table,
    }


# Every review total that counts in a round: submitted, stored, and not from a declared conflict.
# The ranking and the reviewer calibration (applications.calibration) both start from it.
COUNTED_TOTALS = """
WITH totals AS (
    SELECT asg.application_id, asg.reviewer_id, rv.weighted_total AS total
    FROM {review} rv
    JOIN {assignment} asg ON asg.id = rv.assignment_id
    JOIN {application} app ON app.id = asg.application_id
    WHERE app.round_id = %(round)s AND rv.submitted_at IS NOT NULL
      AND asg.conflict_declared_at IS NULL AND rv.weighted_total IS NOT NULL
)"""

SCORES_SQL = (
    COUNTED_TOTALS  # noqa: S608 -- table names from the models; values are bound parameters
    + """,
reviewer_stats AS (
    SELECT reviewer_id, COUNT(*) AS n, AVG(total) AS mean,
           AVG(total * total) - AVG(total) * AVG(total) AS var
    FROM totals GROUP BY reviewer_id
),
pool AS (
    SELECT AVG(total) AS mean, AVG(total * total) - AVG(total) * AVG(total) AS var FROM totals
),
scored AS (
    SELECT t.application_id, t.total,
           CASE
             WHEN rs.n >= %(min_reviews)s THEN
               CASE WHEN rs.var > %(eps)s THEN (t.total - rs.mean) / SQRT(rs.var) ELSE 0.0 END
             ELSE
               CASE WHEN pool.var > %(eps)s THEN (t.total - pool.mean) / SQRT(pool.var) ELSE 0.0 END
           END AS z
    FROM totals t
    JOIN reviewer_stats rs ON rs.reviewer_id = t.reviewer_id
    CROSS JOIN pool
),
per_application AS (
    SELECT application_id, COUNT(*) AS n, AVG(total) AS mean,
           AVG(total * total) - AVG(total) * AVG(total) AS var,
           MIN(total) AS low, MAX(total) AS high, AVG(z) AS normalised
    FROM scored GROUP BY application_id
)
SELECT app.id, COALESCE(pa.n, 0) AS n, pa.mean, pa.var, pa.low, pa.high, pa.normalised
FROM {application} app
LEFT JOIN per_application pa ON pa.application_id = app.id
WHERE app.round_id = %(round)s AND app.status IN ({statuses})
ORDER BY CASE WHEN pa.normalised IS NULL THEN 1 ELSE 0 END, pa.normalised DESC, pa.mean DESC, app.id
"""
)

T = TypeVar("T")

# (application id, review count, raw mean, variance, low, high, normalised), in rank order.
Scores = list[tuple[int, int, float | None, float | None, float | None, float | None, float | None]]


def ranked_scores(round_: Round) -> Scores:
    """The round's ranked applications and their figures in rank order, from the cache when fresh."""
    return cached_for_ranking(round_, "scores", ranked_scores_compute)


def cached_for_ranking(round_: Round, name: str, compute: Callable[[Round], T]) -> T:
    """`compute(round_)`, cached until the round's ranking changes.

    The cache key holds the round's ranking stamp, read here in one small query: every change
    to a review total or a ranked status gives the round a new stamp in its own transaction
    (`Round.objects.ranking_changed()`), so a stale entry is never read, in any process.
    """
    version = Round.objects.filter(pk=round_.pk).values_list("ranking_version", flat=True).first()
    key = f"ranking:{name}:{round_.pk}:{version}"
    value = cache.get(key)
    if value is None:
        value = compute(round_)
        cache.set(key, value, CACHE_SECONDS)
    return value


def ranked_scores_compute(round_: Round) -> Scores:
    """The aggregation itself: every submitted review total of the round, in one query."""
    params: dict[str, object] = {"round": round_.pk, "min_reviews": MIN_REVIEWS_FOR_Z, "eps": EPSILON}
    statuses = []
    for i, value in enumerate(RANKED_STATUSES):
        params[f"s{i}"] = value.value
        statuses.append(f"%(s{i})s")
    sql = SCORES_SQL.format(**review_tables(), statuses=", ".join(statuses))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(pk, n, *(_f(v) for v in figures)) for pk, n, *figures in cursor.fetchall()]


def round_ranking(
    round_: Round,
    *,
    country: str | None = None,
    focus_area: FocusArea | int | None = None,
    status: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> Ranking:
    """The round's reviewed applications in rank order, in a number of queries independent of N.

    The figures come from `ranked_scores` (cached per round); titles, statuses and communities
    are read fresh for the rows returned, and the filters apply to what is current.
    """
    scores = ranked_scores(round_)
    matching = Application.objects.filter(round=round_, status__in=RANKED_STATUSES)
    if country:
        matching = matching.filter(community__country=country)
    if status:
        matching = matching.filter(status=status)
    if focus_area:
        matching = matching.filter(community__focus_areas=getattr(focus_area, "pk", focus_area))
    filtered = bool(country or status or focus_area)
    ranked = list(enumerate(scores, start=1))
    if limit is None:
        details = _details(matching)
        if filtered:
            ranked = [(rank, row) for rank, row in ranked if row[0] in details]
        total = len(ranked)
    else:
        if filtered:
            kept = set(matching.values_list("pk", flat=True))
            ranked = [(rank, row) for rank, row in ranked if row[0] in kept]
        total = len(ranked)
        ranked = ranked[offset : offset + limit]
        details = _details(matching.filter(pk__in=[row[0] for _rank, row in ranked]))
    rows = [
        RankingRow(
            rank=rank,
            application_id=pk,
            title=details[pk][0],
            status=details[pk][1],
            community_id=details[pk][2],
            community_name=details[pk][3],
            country=details[pk][4],
            review_count=n,
            raw_mean=mean,
            spread=_sqrt(var),
            low=low,
            high=high,
            normalised=normalised,
        )
        for rank, (pk, n, mean, var, low, high, normalised) in ranked
        if pk in details
    ]
    return Ranking(rows=rows, total=total)


def _details(applications) -> dict[int, list]:
    """Application id → title, status, community id, name and country: what the figures lack."""
    fields = ("pk", "title", "status", "community_id", "community__name", "community__country")
    return {pk: rest for pk, *rest in applications.values_list(*fields).order_by()}


def _f(value) -> float | None:
    return None if value is None else float(value)


def _sqrt(variance) -> float | None:
    return None if variance is None else math.sqrt(max(float(variance), 0.0))


# --- Feedback to declined applicants ---------------------------------------------------------


@dataclass(frozen=True)
class FeedbackRow:
    criterion: str
    score: float | None  # the mean of this application's submitted reviews on the criterion
    funded_median: float | None  # median over funded applications of their mean on it


def criterion_means(round_: Round, application_ids=None) -> dict[tuple[int, int], float]:
    """(application id, criterion id) → mean submitted score, in one grouped query."""
    from django.db.models import Avg

    scores = Score.objects.filter(
        review__submitted_at__isnull=False,
        value__isnull=False,
        review__assignment__conflict_declared_at__isnull=True,
        review__assignment__application__round=round_,
    )
    if application_ids is not None:
        scores = scores.filter(review__assignment__application_id__in=application_ids)
    return {
        (row["review__assignment__application_id"], row["criterion_id"]): float(row["mean"])
        for row in scores.values("review__assignment__application_id", "criterion_id").annotate(
            mean=Avg("value")
        )
    }


def application_feedback(application: Application) -> list[FeedbackRow]:
    """Per criterion, this application's mean score beside the funded applications' median.

    Only means and medians: never an individual review or a reviewer.
    """
    round_ = application.round
    funded = list(
        Application.objects.filter(round=round_, status__in=FUNDED_STATUSES).values_list("pk", flat=True)
    )
    means = criterion_means(round_, [application.pk, *funded])
    funded_by_criterion: dict[int, list[float]] = defaultdict(list)
    for (app_id, criterion_id), mean in means.items():
        if app_id in funded:
            funded_by_criterion[criterion_id].append(mean)
    rows = []
    for criterion in round_.program.criteria.all():
        own = means.get((application.pk, criterion.pk))
        values = funded_by_criterion.get(criterion.pk)
        rows.append(
            FeedbackRow(
                criterion=criterion.localized_name,
                score=None if own is None else round(own, 1),
                funded_median=round(statistics.median(values), 1) if values else None,
            )
        )
    return rows


def weighted_total(scores: list[tuple[int, Decimal]]) -> float:
    """Σ wᵢ·sᵢ / Σ wᵢ for (score, weight) pairs; the Python twin of the SQL above, for display."""
    weight = sum(Decimal(w) for _s, w in scores)
    return float(sum(Decimal(s) * Decimal(w) for s, w in scores) / weight) if weight else 0.0
