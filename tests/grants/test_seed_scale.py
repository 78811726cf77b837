"""seed_scale at a small size: the counts asked for, a rerun that replaces, the guard, the caps."""

import pytest
from django.core.management import CommandError, call_command

from applications.models import Application, Review, Score, Status
from grants.models import Award, Tranche
from grants.scale import SCALE_DOMAIN
from leadership.models import Community
from notifications.models import Notification
from programs.models import Program
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _seed(**options):
    call_command("seed_scale", applications=600, reviews=900, outbox=50, **options)


def _counts():
    return (
        Community.objects.count(),
        Application.objects.count(),
        Review.objects.filter(submitted_at__isnull=False).count(),
        Score.objects.count(),
        Notification.objects.count(),
    )


def test_seeds_the_sizes_asked_for_and_a_rerun_replaces_them():
    _seed()
    assert _counts() == (300, 600, 900, 900 * 5, 50)
    assert not Review.objects.filter(weighted_total__isnull=True).exists()
    _seed()
    assert _counts() == (300, 600, 900, 900 * 5, 50)


def test_awards_stay_within_the_caps_with_their_tranches():
    call_command("seed_scale", applications=4000, reviews=4000, outbox=10)
    for program in Program.objects.all():
        awards = Award.objects.filter(program=program)
        assert awards.count() == program.max_awards  # 100 fellowships, 5 residencies
        assert sum(a.amount for a in awards) <= program.total_budget
        assert all(a.amount <= program.max_amount for a in awards)
    assert Award.objects.count() == Application.objects.filter(status=Status.AWARDED).count()
    assert Tranche.objects.count() == 2 * Award.objects.count()


def test_refuses_a_database_with_real_people_unless_forced():
    UserFactory(email="someone@example.org")
    with pytest.raises(CommandError, match="--force"):
        _seed()
    assert not Community.objects.filter(url__contains=SCALE_DOMAIN).exists()
    _seed(force=True)
    assert Application.objects.count() == 600


def test_a_small_seed_fills_the_shortlist_and_the_cohorts():
    from leadership.models import Cohort, CohortMembership

    call_command("seed_scale", applications=10, reviews=30, outbox=5)
    assert Application.objects.filter(status=Status.SHORTLISTED, awards__isnull=True).count() == 2
    assert Cohort.objects.count() == 3
    assert CohortMembership.objects.filter(cohort__key="scale:alumni").count() >= 5
    call_command("seed_scale", applications=10, reviews=30, outbox=5)
    assert Cohort.objects.count() == 3
