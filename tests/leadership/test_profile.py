"""The profile page: name, country, time zone, language and reminders."""

import pytest
from django.urls import reverse


def profile_data(**overrides):
    return {
        "full_name": "Amina A. Applicant",
        "country": "MA",
        "time_zone": "Africa/Casablanca",
        "language": "en",
        "wants_reminders": "",
        **overrides,
    }


@pytest.mark.django_db
def test_profile_changes_time_zone_and_reminders(client, applicant):
    client.force_login(applicant)

    response = client.post(reverse("profile"), profile_data())

    assert response["Location"] == reverse("profile")
    applicant.refresh_from_db()
    assert (applicant.full_name, applicant.country.code) == ("Amina A. Applicant", "MA")
    assert applicant.time_zone == "Africa/Casablanca"
    assert applicant.wants_reminders is False


@pytest.mark.django_db
def test_new_time_zone_applies_to_the_next_page(client, applicant):
    client.force_login(applicant)
    client.post(reverse("profile"), profile_data(time_zone="Asia/Tokyo"))

    response = client.get(reverse("profile"))

    assert response.context["TIME_ZONE"] == "Asia/Tokyo"


@pytest.mark.django_db
def test_language_change_takes_effect_at_once(client, applicant):
    client.force_login(applicant)

    response = client.post(reverse("profile"), profile_data(language="fr"), follow=True)

    applicant.refresh_from_db()
    assert applicant.language == "fr"
    assert response.context["LANGUAGE_CODE"] == "fr"
    assert '<html lang="fr">' in response.content.decode()
    assert client.cookies["django_language"].value == "fr"


@pytest.mark.django_db
def test_profile_refuses_an_unknown_time_zone(client, applicant):
    client.force_login(applicant)

    response = client.post(reverse("profile"), profile_data(time_zone="Mars/Olympus"))

    assert response.status_code == 200
    assert response.context["form"].errors["time_zone"]
    applicant.refresh_from_db()
    assert applicant.time_zone == "UTC"


@pytest.mark.django_db
def test_profile_needs_login(client):
    response = client.get(reverse("profile"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
