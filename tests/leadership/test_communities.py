"""Community profiles: create, read, edit; only their admins (and staff, reading) see them."""

import re

import pytest
from django.urls import reverse

from leadership.models import Community, CommunityAdmin, FocusArea
from tests.factories import CommunityFactory


def community_data(**overrides):
    areas = FocusArea.objects.filter(code__in=["health", "refugee_support"]).values_list("pk", flat=True)
    return {
        "name": "Refugees Welcome Lyon",
        "url": "https://groups.example.org/rwl",
        "platform": "facebook",
        "member_count": "4200",
        "country": "FR",
        "primary_language": "French",
        "focus_areas": [str(pk) for pk in areas],
        "description": "We help newcomers settle.",
        "year_founded": "2016",
        **overrides,
    }


@pytest.mark.django_db
def test_create_makes_the_creator_its_admin(client, applicant):
    client.force_login(applicant)
    assert client.get(reverse("community_create")).status_code == 200

    response = client.post(reverse("community_create"), community_data())

    community = Community.objects.get(name="Refugees Welcome Lyon")
    assert response["Location"] == community.get_absolute_url()
    membership = CommunityAdmin.objects.get(community=community)
    assert (membership.user, membership.is_creator) == (applicant, True)
    assert set(community.focus_areas.values_list("code", flat=True)) == {"health", "refugee_support"}


@pytest.mark.django_db
def test_create_offers_focus_areas_as_checkboxes(client, applicant):
    client.force_login(applicant)

    page = client.get(reverse("community_create")).content.decode()

    checkboxes = re.findall(r'<input type="checkbox"[^>]*name="focus_areas"', page)
    assert len(checkboxes) == FocusArea.objects.count() == 7


@pytest.mark.django_db
def test_create_needs_a_focus_area_and_keeps_the_input(client, applicant):
    client.force_login(applicant)

    response = client.post(reverse("community_create"), community_data(focus_areas=[]))

    assert response.status_code == 200
    assert response.context["form"].errors["focus_areas"]
    assert "Refugees Welcome Lyon" in response.content.decode()
    assert not Community.objects.exists()


@pytest.mark.django_db
def test_create_needs_login(client):
    response = client.get(reverse("community_create"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_admins_see_the_community(client, community, co_admin):
    client.force_login(co_admin)

    response = client.get(reverse("community_detail", args=[community.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Mothers of Lyon" in page
    assert "Invite a co-admin" in page


@pytest.mark.django_db
def test_staff_read_any_community_but_cannot_edit(client, community, staff):
    client.force_login(staff)

    response = client.get(reverse("community_detail", args=[community.pk]))

    assert response.status_code == 200
    assert "Invite a co-admin" not in response.content.decode()
    assert client.get(reverse("community_edit", args=[community.pk])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", ["community_detail", "community_edit"])
def test_stranger_gets_404(client, community, stranger, method, name):
    client.force_login(stranger)

    response = getattr(client, method)(reverse(name, args=[community.pk]), community_data(name="Hijacked"))

    assert response.status_code == 404
    community.refresh_from_db()
    assert community.name == "Mothers of Lyon"


@pytest.mark.django_db
def test_missing_community_is_the_same_404(client, stranger):
    client.force_login(stranger)

    assert client.get(reverse("community_detail", args=[999999])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["community_detail", "community_edit"])
def test_anonymous_is_sent_to_login(client, community, name):
    response = client.get(reverse(name, args=[community.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_admin_edits_the_community(client, community, co_admin):
    client.force_login(co_admin)
    assert client.get(reverse("community_edit", args=[community.pk])).status_code == 200

    response = client.post(
        reverse("community_edit", args=[community.pk]),
        community_data(name="Mothers of Lyon and Villeurbanne", member_count="5000"),
    )

    assert response["Location"] == community.get_absolute_url()
    community.refresh_from_db()
    assert (community.name, community.member_count) == ("Mothers of Lyon and Villeurbanne", 5000)
    assert set(community.focus_areas.values_list("code", flat=True)) == {"health", "refugee_support"}


@pytest.mark.django_db
def test_detail_runs_in_constant_queries(client, applicant, django_assert_max_num_queries, django_user_model):
    small = CommunityFactory(admins=[applicant])
    many_admins = [applicant] + [
        django_user_model.objects.create_user(email=f"a{i}@example.org", full_name=f"A {i}")
        for i in range(15)
    ]
    large = CommunityFactory(admins=many_admins, focus=["health", "education", "gender_equality"])
    client.force_login(applicant)

    for community in (small, large):
        with django_assert_max_num_queries(12):
            assert client.get(reverse("community_detail", args=[community.pk])).status_code == 200
