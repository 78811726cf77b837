"""Each person lands where they work, and the menu and the admin index link the same places."""

import re

import pytest
from django.urls import reverse

from leadership.workplaces import PROGRAM_PLACES, SELECTION_PLACES, landing_url_name, places_for
from tests.factories import PASSWORD, UserFactory, make_reviewer

pytestmark = pytest.mark.django_db


def _log_in(client, user):
    """Password then, for staff and reviewers, the second factor: where does the session land?"""
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    client.force_login(user)  # passes the second factor (tests/conftest.py)
    return client.get(response["Location"])


def test_the_login_page_sends_everyone_to_the_landing_page(client, applicant):
    response = client.post(reverse("login"), {"username": applicant.email, "password": PASSWORD})
    assert response["Location"] == reverse("landing")


@pytest.mark.parametrize(
    ("persona", "page"), [("applicant", "dashboard"), ("reviewer", "my_reviews"), ("staff", "staff_home")]
)
def test_each_person_lands_where_they_work(client, request, persona, page):
    user = request.getfixturevalue(persona)
    if persona == "reviewer":
        make_reviewer(user)
    response = _log_in(client, user)
    assert response.status_code == 302
    assert response["Location"] == reverse(page)
    assert client.get(response["Location"]).status_code == 200


def test_a_superuser_lands_on_the_staff_home(client):
    boss = UserFactory(is_superuser=True, is_staff=True)
    assert landing_url_name(boss) == "staff_home"


def test_is_staff_alone_lands_on_the_dashboard(staff_without_role):
    assert landing_url_name(staff_without_role) == "dashboard"


def test_the_landing_page_asks_anonymous_visitors_to_log_in(client):
    response = client.get(reverse("landing"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_reviewers_menu_opens_my_reviews_not_the_admin(client, reviewer):
    make_reviewer(reviewer)
    client.force_login(reviewer)
    html = client.get(reverse("my_reviews")).content.decode()
    assert f'href="{reverse("my_reviews")}" data-place="my_reviews">Reviews<' in html
    nav = html.split('id="nav-main"')[1].split("</nav>")[0]
    assert reverse("admin:index") not in nav


def test_an_applicant_has_no_staff_or_review_menu(client, applicant):
    client.force_login(applicant)
    html = client.get(reverse("dashboard")).content.decode()
    assert "data-place=" not in html
    assert places_for(applicant) == []


def _linked_places(html: str) -> set[str]:
    return set(re.findall(r'data-place="([a-z_]+)"', html))


def test_the_menu_and_the_admin_index_link_the_same_places(client, staff):
    client.force_login(staff)
    menu = _linked_places(client.get(reverse("staff_home")).content.decode())
    admin_index = client.get(reverse("admin:index"))
    assert admin_index.status_code == 200
    index = _linked_places(admin_index.content.decode().split('id="content-main"')[1])
    assert {place.url_name for place in SELECTION_PLACES + PROGRAM_PLACES} <= index
    assert {"staff_home", "staff_review_rounds", "staff_shortlist", "staff_reports"} <= menu
    assert menu == index


def test_the_admin_index_shows_a_reviewer_their_queue_only(client, reviewer):
    make_reviewer(reviewer)
    client.force_login(reviewer)
    index = client.get(reverse("admin:index")).content.decode()
    assert _linked_places(index) == {"my_reviews"}
