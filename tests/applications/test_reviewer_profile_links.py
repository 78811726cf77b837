"""The reviewer profile in the admin links to a user page only for those who may open it."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_program_staff, make_reviewer

pytestmark = pytest.mark.django_db


def _user_links(html: str) -> list[str]:
    return re.findall(r'href="(/admin/leadership/user/\d+/change/)"', html)


def test_a_reviewer_reads_their_name_without_a_link_they_could_not_follow(client, reviewer):
    make_reviewer(reviewer)
    client.force_login(reviewer)
    url = reverse("admin:applications_reviewerprofile_change", args=[reviewer.reviewer_profile.pk])
    html = client.get(url).content.decode()
    assert reviewer.full_name in html
    assert _user_links(html) == []
    # ... and the page they were once sent to is indeed closed to them.
    assert client.get(reverse("admin:leadership_user_change", args=[reviewer.pk])).status_code in (
        403,
        404,
        302,
    )


def test_a_superuser_still_chooses_the_reviewer_and_can_open_their_user_page(
    client, reviewer, django_user_model
):
    make_reviewer(reviewer)
    boss = django_user_model.objects.create_superuser(email="boss@example.org", password="x-long-password-1")
    make_program_staff(boss)
    client.force_login(boss)
    url = reverse("admin:applications_reviewerprofile_change", args=[reviewer.reviewer_profile.pk])
    html = client.get(url).content.decode()
    assert 'name="user"' in html  # the editable choice, with Django's permission-aware links
    assert client.get(reverse("admin:leadership_user_change", args=[reviewer.pk])).status_code == 200
