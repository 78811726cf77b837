"""A round's applications in order of their normalised review score, computed in one SQL query.

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
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection

from leadership.models import Community, FocusArea
from programs.models import Round

from .models import Application, Review, ReviewAssignment, Score, Status

MIN_REVIEWS_FOR_Z = 3
DISAGREEMENT_SPREAD = 1.0
EPSILON = 1e-9
RANKED_STATUSES = (Status.IN_REVIEW, Status.SHORTLISTED, Status.AWARDED, Status.DECLINED, Status.WAITLISTED)
FUNDED_STATUSES = (Status.SHORTLISTED, Status.AWARDED)


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


def _tables() -> dict[str, str]:
    return {
        "application": Application._meta.db_table,
        "assignment": ReviewAssignment._meta.db_table,
        "review": Review._meta.db_table,
        "community": Community._meta.db_table,
        "community_focus": Community.focus_areas.through._meta.db_table,
    }


RANKING_SQL = """
WITH totals AS (
    SELECT asg.application_id, asg.reviewer_id, rv.weighted_total AS total
    FROM {review} rv
    JOIN {assignment} asg ON asg.id = rv.assignment_id
    JOIN {application} app ON app.id = asg.application_id
    WHERE app.round_id = %(round)s AND rv.submitted_at IS NOT NULL
      AND asg.conflict_declared_at IS NULL AND rv.weighted_total IS NOT NULL
),
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
),
ranked AS (
    SELECT app.id, app.title, app.status, com.id AS community_id, com.name AS community_name,
           com.country, COALESCE(pa.n, 0) AS n, pa.mean, pa.var, pa.low, pa.high, pa.normalised,
           ROW_NUMBER() OVER (
             ORDER BY CASE WHEN pa.normalised IS NULL THEN 1 ELSE 0 END, pa.normalised DESC,
                      pa.mean DESC, app.id
           ) AS rank_position
    FROM {application} app
    JOIN {community} com ON com.id = app.community_id
    LEFT JOIN per_application pa ON pa.application_id = app.id
    WHERE app.round_id = %(round)s AND app.status IN ({statuses})
)
SELECT rank_position, id, title, status, community_id, community_name, country, n, mean, var, low, high,
       normalised, COUNT(*) OVER () AS total_rows
FROM ranked
WHERE 1 = 1 {filters}
ORDER BY rank_position
{limit}
"""


def round_ranking(
    round_: Round,
    *,
    country: str | None = None,
    focus_area: FocusArea | int | None = None,
    status: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> Ranking:
    """The round's reviewed applications in rank order; one query whatever their number."""
    params: dict[str, object] = {"round": round_.pk, "min_reviews": MIN_REVIEWS_FOR_Z, "eps": EPSILON}
    statuses = []
    for i, value in enumerate(RANKED_STATUSES):
        params[f"s{i}"] = value.value
        statuses.append(f"%(s{i})s")
    filters = []
    tables = _tables()
    if country:
        filters.append("AND country = %(country)s")
        params["country"] = country
    if status:
        filters.append("AND status = %(status)s")
        params["status"] = status
    if focus_area:
        # The table name comes from the model's metadata; every value is a bound parameter.
        filters.append(
            f"AND EXISTS (SELECT 1 FROM {tables['community_focus']} cf "  # noqa: S608
            "WHERE cf.community_id = ranked.community_id AND cf.focusarea_id = %(focus)s)"
        )
        params["focus"] = getattr(focus_area, "pk", focus_area)
    limit_sql = ""
    if limit is not None:
        limit_sql = "LIMIT %(limit)s OFFSET %(offset)s"
        params["limit"], params["offset"] = int(limit), int(offset)
    sql = RANKING_SQL.format(
        **tables, statuses=", ".join(statuses), filters=" ".join(filters), limit=limit_sql
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    rows = [
        RankingRow(
            rank=position,
            application_id=pk,
            title=title,
            status=status_value,
            community_id=community_id,
            community_name=community_name,
            country=country_code,
            review_count=n,
            raw_mean=_f(mean),
            spread=_sqrt(var),
            low=_f(low),
            high=_f(high),
            normalised=_f(normalised),
        )
        for (
            position,
            pk,
            title,
            status_value,
            community_id,
            community_name,
            country_code,
            n,
            mean,
            var,
            low,
            high,
            normalised,
            _total,
        ) in fetched
    ]
    return Ranking(rows=rows, total=fetched[0][-1] if fetched else 0)


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
