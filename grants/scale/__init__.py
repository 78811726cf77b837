"""A dataset the size of a real cycle, bulk-inserted, for benchmarks (`manage.py seed_scale`).

Every seeded person has an address at SCALE_DOMAIN and every seeded round a title starting with
ROUND_PREFIX: that is how a rerun finds and replaces the previous scale data, and how the guard
tells seed data from real people. Awards stay within the programs' caps (the database refuses
more on PostgreSQL); the award report has one row per award, so it has as many rows as awards.
"""

from __future__ import annotations

import random

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from applications.models import Application, Flag, Review, ReviewAssignment, ReviewerProfile, Score, TextBand
from leadership.models import Cohort, CohortMembership, Community, CommunityAdmin
from notifications.models import Notification
from programs.models import Round

from ..models import Award, ProgressReport, Tranche
from .builder import Builder, ScaleCounts
from .vocabulary import COHORT_PREFIX, ROUND_PREFIX, SCALE_DOMAIN

__all__ = ["ROUND_PREFIX", "SCALE_DOMAIN", "RealUsersPresent", "ScaleCounts", "scale_remove", "scale_seed"]


class RealUsersPresent(Exception):
    """The database holds people who are not scale seed data."""


def real_users_exist() -> bool:
    return get_user_model().objects.exclude(email__endswith=f"@{SCALE_DOMAIN}").exists()


def scale_remove() -> None:
    """Delete a previous scale dataset, leaves first so no cascade collects 300k rows in Python."""
    users = get_user_model().objects.filter(email__endswith=f"@{SCALE_DOMAIN}")
    rounds = Round.objects.filter(title__startswith=ROUND_PREFIX)
    Notification.objects.filter(to_email__endswith=f"@{SCALE_DOMAIN}").delete()
    CohortMembership.objects.filter(cohort__key__startswith=COHORT_PREFIX).delete()
    Cohort.objects.filter(key__startswith=COHORT_PREFIX).delete()
    awards = Award.objects.filter(application__round__in=rounds)
    Tranche.objects.filter(award__in=awards).delete()
    ProgressReport.objects.filter(award__in=awards).delete()
    awards.delete()
    Score.objects.filter(review__assignment__application__round__in=rounds).delete()
    Review.objects.filter(assignment__application__round__in=rounds).delete()
    ReviewAssignment.objects.filter(application__round__in=rounds).delete()
    TextBand.objects.filter(application__round__in=rounds).delete()
    Flag.objects.filter(communities__memberships__user__in=users).delete()
    Application.objects.filter(round__in=rounds).delete()
    rounds.delete()
    communities = list(Community.objects.filter(memberships__user__in=users).values_list("pk", flat=True))
    Community.focus_areas.through.objects.filter(community_id__in=communities).delete()
    CommunityAdmin.objects.filter(community_id__in=communities).delete()
    Community.objects.filter(pk__in=communities).delete()
    ReviewerProfile.objects.filter(user__in=users).delete()
    get_user_model().groups.through.objects.filter(user__in=users).delete()
    users.delete()


def scale_seed(
    *,
    applications: int,
    reviews: int,
    communities: int | None = None,
    notifications: int | None = None,
    force: bool = False,
    seed: int = 2018,
) -> ScaleCounts:
    """Replace any previous scale dataset by one of these sizes; refuse beside real users unless forced."""
    if real_users_exist() and not force:
        raise RealUsersPresent
    communities = max(1, applications // 2) if communities is None else communities
    notifications = applications * 5 // 2 if notifications is None else notifications
    rng = random.Random(seed)
    with transaction.atomic():
        scale_remove()
        counts = Builder(rng).build(applications, reviews, communities, notifications)
    if connection.vendor == "postgresql":
        # Fresh planner statistics: without them the ranking's plan takes 3 s instead of 0.2 s.
        # VACUUM too, as autovacuum would soon: it marks the pages all-visible, so index-only
        # scans skip the table (the ranking's country choices).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.get_autocommit() else "ANALYZE")
    return counts
