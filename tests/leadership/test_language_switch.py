"""The footer's language switch works for visitors and becomes a signed-in user's preference."""

from django.urls import reverse


def test_signed_in_user_switching_language_keeps_it(client, applicant):
    client.force_login(applicant)
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.language == "fr"
    assert client.get("/").headers["Content-Language"] == "fr"


def test_visitor_switching_language_gets_the_cookie(client, db):
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert response.cookies["django_language"].value == "fr"


def test_language_switch_is_post_only(client, db):
    assert client.get(reverse("set_language")).status_code == 405
