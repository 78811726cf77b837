"""The two admin roles: exact permissions, who gets into the admin, and nothing more."""

import pytest
from django.contrib.auth.models import Group

from applications.roles import REVIEWER_PERMISSIONS
from leadership.roles import PROGRAM_STAFF, REVIEWERS
from tests.conftest import session_passes_second_factor
from tests.factories import PASSWORD, CommunityFactory, make_program_staff, make_reviewer

pytestmark = pytest.mark.django_db


def _codenames(group_name: str) -> set[str]:
    group = Group.objects.get(name=group_name)
    return {
        f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")
    }


def test_reviewers_group_holds_exactly_the_reviewer_permissions():
    assert _codenames(REVIEWERS) == set(REVIEWER_PERMISSIONS)


def test_program_staff_can_manage_reviews_but_not_edit_reviews_or_history():
    perms = _codenames(PROGRAM_STAFF)
    assert {"applications.manage_reviews", "applications.view_review", "programs.change_round"} <= perms
    assert "applications.change_review" not in perms
    assert "applications.change_score" not in perms
    assert "applications.change_statuschange" not in perms
    assert "applications.delete_application" not in perms
    assert not any(p.startswith("auth.") for p in perms)


def test_reviewer_logs_in_to_the_admin_without_being_staff(client, reviewer):
    make_reviewer(reviewer)
    assert not reviewer.is_staff
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": reviewer.email, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
    )
    assert response.status_code == 302
    assert response.url == "/admin/"
    # The password alone is not enough: the second factor comes first (tests/leadership/test_second_factor.py).
    assert client.get("/admin/").url.startswith("/accounts/two-step/set-up/")
    session_passes_second_factor(client, reviewer)
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("who", ["stranger", "plain_staff"])
def test_nobody_else_reaches_the_admin(client, stranger, staff_without_role, who):
    user = stranger if who == "stranger" else staff_without_role
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_stranger_cannot_log_in_to_the_admin(client, stranger):
    response = client.post(
        "/admin/login/", {"username": stranger.email, "password": PASSWORD}, REMOTE_ADDR="10.0.0.2"
    )
    assert response.status_code == 200  # the form again, with an error
    assert "_auth_user_id" not in client.session


def test_program_staff_and_superusers_reach_the_admin(client, staff, django_user_model):
    make_program_staff(staff)
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200
    root = django_user_model.objects.create_superuser(
        email="root@example.org", password="x" * 12, full_name="Root"
    )
    client.force_login(root)
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/admin/applications/application/",
        "/admin/leadership/community/",
        "/admin/leadership/user/",
        "/admin/programs/round/",
        "/admin/auth/group/",
    ],
)
def test_reviewer_gets_404_on_every_other_admin_page(client, reviewer, url):
    make_reviewer(reviewer)
    client.force_login(reviewer)
    assert client.get(url).status_code == 404


def test_reviewer_cannot_open_an_application_in_the_applications_admin(client, reviewer, community):
    from tests.factories import ApplicationFactory

    make_reviewer(reviewer)
    application = ApplicationFactory(community=community, status="in_review")
    client.force_login(reviewer)
    assert client.get(f"/admin/applications/application/{application.pk}/change/").status_code == 404


def test_reviewer_edits_only_their_own_profile(client, reviewer, other_reviewer):
    make_reviewer(reviewer)
    make_reviewer(other_reviewer)
    client.force_login(reviewer)
    own, other = reviewer.reviewer_profile, other_reviewer.reviewer_profile
    response = client.get("/admin/applications/reviewerprofile/")
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [own]
    assert client.get(f"/admin/applications/reviewerprofile/{other.pk}/change/").status_code == 404
    community = CommunityFactory()
    response = client.post(
        f"/admin/applications/reviewerprofile/{own.pk}/change/",
        {
            "expertise": [],
            "communities": [community.pk],
            "organisations": "Red Cross",
            "avoid_countries": ["FR"],
        },
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert list(own.communities.all()) == [community]
    assert own.organisation_names == ["Red Cross"]
