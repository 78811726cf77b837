"""In-person events are shown on the venue's clock, the viewer's own beside it when it differs;
online sessions in the viewer's zone; the .ics carries the exact instants (UTC)."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from leadership.forms import GatheringProposalForm
from leadership.models import Gathering
from tests.factories import GatheringFactory, TrainingSessionFactory, UserFactory, group_admin

pytestmark = pytest.mark.django_db

PARIS, NAIROBI = ZoneInfo("Europe/Paris"), ZoneInfo("Africa/Nairobi")


def paris_evening() -> datetime:
    """19:00 in Paris, about two months ahead."""
    day = (timezone.now() + timedelta(days=60)).astimezone(PARIS)
    return day.replace(hour=19, minute=0, second=0, microsecond=0)


def paris_gathering(**extra) -> Gathering:
    start = paris_evening()
    values = {
        "title": "Paris group admins meetup",
        "city": "Paris",
        "time_zone": "Europe/Paris",
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
    }
    return GatheringFactory(**{**values, **extra})


def html_of(client, user, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_nairobi_viewer_sees_paris_time_with_their_own_in_parentheses(client):
    gathering = paris_gathering()
    viewer = group_admin(time_zone="Africa/Nairobi")
    nairobi_start = gathering.starts_at.astimezone(NAIROBI)
    nairobi_end = gathering.ends_at.astimezone(NAIROBI)
    html = html_of(client, viewer, gathering.get_absolute_url())
    assert "19:00–21:00</time> Paris time" in html
    assert f"({nairobi_start:%H:%M}–{nairobi_end:%H:%M} your time, Nairobi)" in html
    assert nairobi_start.hour != 19


def test_the_list_shows_the_venue_time_too(client):
    paris_gathering()
    viewer = group_admin(time_zone="Africa/Nairobi")
    html = html_of(client, viewer, reverse("gathering_list"))
    assert "19:00–21:00</time> Paris time" in html
    assert "your time, Nairobi" in html


def test_a_viewer_in_the_venues_zone_sees_no_second_time(client):
    gathering = paris_gathering()
    viewer = group_admin(time_zone="Europe/Paris")
    html = html_of(client, viewer, gathering.get_absolute_url())
    assert "19:00–21:00</time> Paris time" in html
    assert "your time" not in html


def test_the_viewers_day_is_named_when_it_differs():
    start = paris_evening().replace(hour=22)
    gathering = paris_gathering(starts_at=start, ends_at=start + timedelta(hours=1))
    with timezone.override(ZoneInfo("Asia/Tokyo")), translation.override("en"):
        text = Template("{% load event_times %}{% event_when g %}").render(Context({"g": gathering}))
    tokyo = start.astimezone(ZoneInfo("Asia/Tokyo"))
    assert "22:00–23:00</time> Paris time" in text
    assert f"{tokyo:%A} {tokyo.day} {tokyo:%B}, {tokyo:%H:%M}" in text


def test_french_readers_read_the_venue_time_in_french():
    gathering = paris_gathering()
    with timezone.override(NAIROBI), translation.override("fr"):
        text = Template("{% load event_times %}{% event_when g %}").render(Context({"g": gathering}))
    assert "heure de Paris" in text
    assert "chez vous, Nairobi" in text


def test_an_online_session_stays_in_the_viewers_zone(client):
    start = paris_evening()
    session = TrainingSessionFactory(
        open_to_all_admins=True, starts_at=start, ends_at=start + timedelta(hours=2), time_zone="Europe/Paris"
    )
    viewer = group_admin(time_zone="Africa/Nairobi")
    html = html_of(client, viewer, session.get_absolute_url())
    local = start.astimezone(NAIROBI)
    assert f"{local:%H:%M}–{(local + timedelta(hours=2)):%H:%M}</time> (Nairobi)" in html
    assert "Paris time" not in html


def test_an_in_person_session_shows_its_venue_time(client):
    start = paris_evening()
    session = TrainingSessionFactory(
        open_to_all_admins=True,
        format="in_person",
        online_url="",
        venue="Station F",
        city="Paris",
        country="FR",
        time_zone="Europe/Paris",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )
    viewer = group_admin(time_zone="Africa/Nairobi")
    html = html_of(client, viewer, session.get_absolute_url())
    assert "19:00–21:00</time> Paris time" in html
    assert "your time, Nairobi" in html


def test_the_ics_carries_the_exact_instant_in_utc(client):
    gathering = paris_gathering()
    viewer = group_admin(time_zone="Africa/Nairobi")
    client.force_login(viewer)
    response = client.get(reverse("gathering_calendar", args=[gathering.pk]))
    event = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
    start = event.decoded("DTSTART")
    assert start.tzinfo is not None and start.utcoffset() == timedelta(0)
    assert start == gathering.starts_at.astimezone(UTC)
    assert start.astimezone(PARIS).hour == 19


def test_the_email_names_the_venue_time():
    gathering = paris_gathering()
    with timezone.override(NAIROBI), translation.override("en"):
        text = Template("{% load event_times %}{{ g|venue_start }}").render(Context({"g": gathering}))
    assert ", 19:00 CE" in text  # CET or CEST, whatever the reader's zone


def test_the_host_form_asks_for_the_venue_zone_starting_from_the_hosts_own():
    host = UserFactory(time_zone="Europe/Paris")
    form = GatheringProposalForm(host_time_zone=host.time_zone)
    assert form.fields["time_zone"].required
    assert form["time_zone"].value() == "Europe/Paris"


def test_a_proposal_stores_the_venue_zone(client):
    host = group_admin(time_zone="Africa/Nairobi")
    client.force_login(host)
    start = paris_evening().astimezone(NAIROBI)
    response = client.post(
        reverse("gathering_propose"),
        {
            "title": "Admins of Paris meet",
            "description": "Share what works.",
            "venue": "Maison des associations",
            "city": "Paris",
            "country": "FR",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "time_zone": "Europe/Paris",
            "capacity": 20,
        },
    )
    assert response.status_code == 302
    assert Gathering.objects.get(title="Admins of Paris meet").time_zone == "Europe/Paris"


def test_the_demo_gatherings_have_their_venues_zone():
    from leadership.demo import seed_gatherings, seed_people

    seed_people()
    for i in range(2):
        group_admin(email=f"host{i}@example.org")
    UserFactory(email="boss@example.org", is_staff=True, is_superuser=True)
    zones = {g.city: g.time_zone for g in seed_gatherings()}
    assert zones["Paris"] == "Europe/Paris"
    assert zones["Dakar"] == "Africa/Dakar"
    paris = Gathering.objects.get(city="Paris")
    assert paris.starts_at.astimezone(PARIS).hour == 19
