"""Cohorts: leaders join through cohort_join (called by the award code) and get the cohort's sessions."""

from datetime import timedelta

import pytest
from django.utils import timezone

from leadership.models import Cohort, CohortMembership, Enrolment
from leadership.services import DevelopmentRefused, cohort_join, cohort_leave
from tests.factories import CohortFactory, TrainingSessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_first_join_creates_the_cohort(applicant, staff):
    membership = cohort_join(key="fellowship:12", name="Fellowship 2018", user=applicant, by=staff)
    cohort = Cohort.objects.get(key="fellowship:12")
    assert cohort.name == "Fellowship 2018"
    assert membership.cohort == cohort and membership.user == applicant and membership.added_by == staff


def test_join_is_idempotent(applicant, staff):
    first = cohort_join(key="residency:3", name="Residency 2018", user=applicant, by=staff)
    again = cohort_join(key="residency:3", name="Another name", user=applicant, by=staff)
    assert first.pk == again.pk
    assert Cohort.objects.count() == 1 and CohortMembership.objects.count() == 1
    assert Cohort.objects.get().name == "Residency 2018"


def test_a_new_member_is_enrolled_in_coming_sessions_only(applicant, staff):
    cohort = CohortFactory()
    coming = TrainingSessionFactory(cohorts=[cohort])
    past = TrainingSessionFactory(
        cohorts=[cohort],
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() - timedelta(days=2, hours=-1),
    )
    cohort_join(key=cohort.key, name=cohort.name, user=applicant, by=staff)
    assert list(Enrolment.objects.filter(user=applicant).values_list("session", flat=True)) == [coming.pk]
    assert not Enrolment.objects.filter(session=past).exists()


def test_joining_again_does_not_revive_a_cancelled_enrolment(applicant, staff):
    cohort = CohortFactory()
    session = TrainingSessionFactory(cohorts=[cohort])
    cohort_join(key=cohort.key, name=cohort.name, user=applicant, by=staff)
    Enrolment.objects.filter(user=applicant).update(state="cancelled")
    cohort_join(key=cohort.key, name=cohort.name, user=applicant, by=staff)
    assert Enrolment.objects.get(session=session, user=applicant).state == "cancelled"


def test_a_key_is_required(applicant, staff):
    with pytest.raises(DevelopmentRefused):
        cohort_join(key="  ", name="x", user=applicant, by=staff)


def test_leaving_cancels_coming_cohort_sessions(applicant, staff):
    cohort = CohortFactory()
    session = TrainingSessionFactory(cohorts=[cohort])
    cohort_join(key=cohort.key, name=cohort.name, user=applicant, by=staff)
    assert cohort_leave(key=cohort.key, user=applicant, by=staff) is True
    assert not CohortMembership.objects.exists()
    assert Enrolment.objects.get(session=session, user=applicant).state == "cancelled"
    assert cohort_leave(key=cohort.key, user=UserFactory(), by=staff) is False
