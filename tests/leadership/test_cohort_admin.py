"""The cohort change page: members listed in constant queries; joining and leaving through the services."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from leadership.models import CohortMembership
from leadership.services import cohort_join
from tests.factories import CohortFactory, UserFactory, make_program_staff

pytestmark = pytest.mark.django_db


def _url(cohort) -> str:
    return f"/admin/leadership/cohort/{cohort.pk}/change/"


def _add_members(cohort, count: int, by) -> None:
    for i in range(count):
        cohort_join(key=cohort.key, name=cohort.name, user=UserFactory(full_name=f"Leader {i}"), by=by)


def test_members_are_listed_in_constant_queries(client, staff):
    make_program_staff(staff)
    cohort = CohortFactory()
    _add_members(cohort, 2, staff)
    client.force_login(staff)
    client.get(_url(cohort))
    with CaptureQueriesContext(connection) as small:
        response = client.get(_url(cohort))
    _add_members(cohort, 20, staff)
    with CaptureQueriesContext(connection) as large:
        response = client.get(_url(cohort))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Leader 19" in page
    assert 'name="memberships-21-DELETE"' in page and 'aria-label="Leader 19 leaves the cohort"' in page
    assert len(large) == len(small)


def _post(cohort, members, **extra):
    data = {
        "key": cohort.key,
        "name": cohort.name,
        "program": cohort.program,
        "created_at_0": "2026-01-05",
        "created_at_1": "10:00:00",
        "memberships-TOTAL_FORMS": str(len(members)),
        "memberships-INITIAL_FORMS": str(len(members)),
        "memberships-2-TOTAL_FORMS": "1",
        "memberships-2-INITIAL_FORMS": "0",
        "memberships-2-0-cohort": str(cohort.pk),
        "memberships-2-0-user": "",
    }
    for i, membership in enumerate(members):
        data[f"memberships-{i}-id"] = str(membership.pk)
        data[f"memberships-{i}-cohort"] = str(cohort.pk)
    data.update(extra)
    return data


def test_a_new_member_joins_and_a_deleted_one_leaves(client, staff):
    make_program_staff(staff)
    cohort = CohortFactory()
    _add_members(cohort, 2, staff)
    members = list(CohortMembership.objects.filter(cohort=cohort).order_by("joined_at", "id"))
    newcomer = UserFactory()
    client.force_login(staff)
    response = client.post(
        _url(cohort),
        _post(cohort, members, **{"memberships-2-0-user": str(newcomer.pk), "memberships-0-DELETE": "on"}),
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    remaining = set(CohortMembership.objects.filter(cohort=cohort).values_list("user_id", flat=True))
    assert remaining == {members[1].user_id, newcomer.pk}
    assert CohortMembership.objects.get(cohort=cohort, user=newcomer).added_by == staff
