"""The time-zone list: IANA Region/City names grouped by region, UTC last, no odd entries."""

import zoneinfo

import pytest
from django.urls import reverse

from leadership.forms import ProfileForm, SignupForm
from leadership.zones import known_time_zone, time_zone_choices, usable_time_zones


def _names() -> list[str]:
    return [name for _region, zones in time_zone_choices() for name, _label in zones]


def test_the_odd_entries_are_gone():
    names = set(_names())
    for odd in [
        "Factory",
        "localtime",
        "Etc/GMT+5",
        "Etc/UTC",
        "US/Eastern",
        "GB",
        "EST5EDT",
        "posix/Europe/Paris",
    ]:
        assert odd not in names
    assert not [n for n in names if n.startswith(("Etc/", "posix/", "right/"))]
    assert {"Africa/Nairobi", "Europe/Paris", "America/Argentina/Buenos_Aires", "UTC"} <= names


def test_every_offered_zone_loads_and_is_a_region_and_city_name():
    for name in _names():
        zoneinfo.ZoneInfo(name)
        assert name == "UTC" or "/" in name


def test_zones_are_grouped_by_region_with_utc_last_and_labelled_by_place():
    groups = time_zone_choices()
    regions = [region for region, _zones in groups]
    assert regions[:3] == ["Africa", "America", "Antarctica"]
    assert groups[-1][1] == [("UTC", "UTC")]
    africa = dict(groups[0][1])
    assert africa["Africa/Nairobi"] == "Nairobi"
    america = dict(groups[1][1])
    assert america["America/Argentina/Buenos_Aires"] == "Argentina / Buenos Aires"


def test_the_browser_cookie_is_only_trusted_for_offered_zones():
    assert known_time_zone("Africa/Nairobi") == "Africa/Nairobi"
    assert known_time_zone("Factory") is None
    assert known_time_zone("Etc/GMT+5") is None
    assert "Factory" in zoneinfo.available_timezones() and "Factory" not in usable_time_zones()


def test_forms_refuse_an_odd_zone_and_render_optgroups():
    form = ProfileForm(data={"full_name": "A", "time_zone": "Factory", "language": "en"})
    assert not form.is_valid() and "time_zone" in form.errors
    html = str(SignupForm()["time_zone"])
    assert '<optgroup label="Africa">' in html and '<optgroup label="Europe">' in html
    assert 'data-browser-zone="true"' in html


def test_a_form_sent_back_keeps_the_visitors_choice():
    form = SignupForm(data={"time_zone": "Asia/Tokyo"})
    assert "data-browser-zone" not in str(form["time_zone"])


@pytest.mark.django_db
def test_the_signup_page_offers_the_grouped_list(client):
    html = client.get(reverse("signup")).content.decode()
    assert '<optgroup label="Europe">' in html
    assert 'value="Factory"' not in html
