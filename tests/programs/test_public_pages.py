"""The public site: home, rounds, program, eligibility and FAQ pages."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from applications.eligibility import RULES
from programs.models import Criterion, Program
from tests.factories import RoundFactory, program

PUBLIC_PAGES = [
    ("home", {}),
    ("rounds", {}),
    ("eligibility", {}),
    ("faq", {}),
    ("program_detail", {"slug": "fellowship"}),
    ("program_detail", {"slug": "residency"}),
]


def _closed_round(**kwargs):
    now = timezone.now()
    return RoundFactory(
        opens_at=now - timedelta(days=90),
        closes_at=now - timedelta(days=30),
        review_closes_at=now + timedelta(days=5),
        **kwargs,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs"), PUBLIC_PAGES)
def test_public_pages_render_for_anonymous_visitors(client, open_round, name, kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs"), PUBLIC_PAGES)
def test_public_pages_render_for_logged_in_users(client, applicant, open_round, name, kwargs):
    client.force_login(applicant)
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    assert "Start an application" in response.content.decode()


def test_unknown_program_is_404(client, db):
    assert client.get(reverse("program_detail", kwargs={"slug": "nope"})).status_code == 404


def test_home_shows_both_programs_with_amounts_and_caps_from_the_database(client, db):
    Program.objects.filter(slug="fellowship").update(max_amount=Decimal("42500.00"), max_awards=120)
    html = client.get(reverse("home")).content.decode()
    assert "Community Leadership Residency" in html
    assert "Community Leadership Fellowship" in html
    assert "$42,500" in html
    assert "$1,000,000" in html
    assert "$5,000,000" in html
    assert "at most 120" in html
    assert "at most 5" in html


def test_home_offers_focus_areas_training_gatherings_and_a_call_to_action(client, db):
    html = client.get(reverse("home")).content.decode()
    for words in ["Refugee support", "Women&#x27;s entrepreneurship", "Residencies", "Local gatherings"]:
        assert words in html
    assert reverse("signup") in html


def test_amounts_are_written_the_french_way_in_french(client, db):
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "1\xa0000\xa0000\xa0$" in html


@time_machine.travel(datetime(2026, 2, 20, 9, 0, tzinfo=UTC), tick=False)
def test_deadline_is_shown_in_the_visitor_time_zone_from_the_cookie(client, db):
    RoundFactory(
        title="Spring call",
        opens_at=datetime(2026, 2, 9, tzinfo=UTC),
        closes_at=datetime(2026, 3, 8, 23, 0, tzinfo=UTC),
        review_closes_at=datetime(2026, 4, 30, tzinfo=UTC),
    )
    client.cookies["tz"] = "Asia/Tokyo"
    html = client.get(reverse("rounds")).content.decode()
    assert "Monday 9 March 2026, 08:00" in html  # 23:00 UTC on the 8th is 08:00 in Tokyo
    assert "Asia/Tokyo" in html
    assert "2 weeks, 2 days left" in html.replace("\xa0", " ")


@time_machine.travel(datetime(2026, 2, 20, 9, 0, tzinfo=UTC), tick=False)
def test_deadline_follows_a_logged_in_user_profile_time_zone(client, applicant):
    applicant.time_zone = "America/Sao_Paulo"
    applicant.save(update_fields=["time_zone"])
    RoundFactory(
        title="Spring call",
        opens_at=datetime(2026, 2, 9, tzinfo=UTC),
        closes_at=datetime(2026, 3, 8, 23, 0, tzinfo=UTC),
        review_closes_at=datetime(2026, 4, 30, tzinfo=UTC),
    )
    client.force_login(applicant)
    html = client.get(reverse("rounds")).content.decode()
    assert "Sunday 8 March 2026, 20:00" in html
    assert "America/Sao_Paulo" in html


def test_without_a_time_zone_deadlines_are_in_utc(client, open_round):
    html = client.get(reverse("rounds")).content.decode()
    assert "<strong>UTC</strong>" in html


def test_closed_rounds_are_not_listed_as_open(client, db):
    RoundFactory(title="Current call")
    _closed_round(title="Long gone call")
    for name in ["home", "rounds"]:
        html = client.get(reverse(name)).content.decode()
        assert "Current call" in html
        assert "Long gone call" not in html
    html = client.get(reverse("program_detail", kwargs={"slug": "fellowship"})).content.decode()
    assert "Long gone call" not in html


def test_upcoming_rounds_are_listed_as_coming_up(client, db):
    now = timezone.now()
    RoundFactory(
        title="Autumn call",
        opens_at=now + timedelta(days=30),
        closes_at=now + timedelta(days=60),
        review_closes_at=now + timedelta(days=90),
    )
    html = client.get(reverse("rounds")).content.decode()
    upcoming = html.split('id="upcoming-rounds"')[1]
    assert "Autumn call" in upcoming
    assert "Autumn call" not in html.split('id="upcoming-rounds"')[0]


def test_apply_button_starts_an_application_to_the_round(client, applicant, open_round):
    client.force_login(applicant)
    html = client.get(reverse("rounds")).content.decode()
    assert f"{reverse('application_start')}?round={open_round.pk}" in html


def test_eligibility_page_lists_every_rule_the_form_enforces(client, db):
    html = client.get(reverse("eligibility")).content.decode()
    assert len(RULES) == 4
    for rule in RULES:
        assert str(rule.question).replace("'", "&#x27;") in html


def test_faq_answers_the_main_questions_with_the_rubric(client, open_round):
    html = client.get(reverse("faq")).content.decode()
    for question in [
        "What can the money be used for?",
        "Who chooses, and how?",
        "How many people apply",
        "When will I hear back?",
        "Which languages can I use?",
        "What happens to my data?",
    ]:
        assert question in html
    for name in Criterion.objects.values_list("name", flat=True):
        assert name in html
    assert open_round.title in html


def test_program_page_shows_its_rubric_and_its_rounds(client, open_round):
    html = client.get(reverse("program_detail", kwargs={"slug": "fellowship"})).content.decode()
    assert open_round.title in html
    for criterion in program("fellowship").criteria.all():
        assert criterion.name in html
    assert "$50,000" in html


@pytest.mark.parametrize(("name", "kwargs"), PUBLIC_PAGES)
def test_public_pages_run_in_a_constant_number_of_queries(
    client, applicant, django_assert_max_num_queries, name, kwargs
):
    client.force_login(applicant)
    url = reverse(name, kwargs=kwargs)
    RoundFactory()
    _closed_round()
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
    for slug in ["fellowship", "residency"]:
        RoundFactory.create_batch(10, program=program(slug))
        RoundFactory.create_batch(
            3,
            program=program(slug),
            opens_at=timezone.now() + timedelta(days=3),
        )
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200


def test_time_zone_cookie_written_by_the_browser_script_is_understood(client, open_round):
    # static/js/timezone.js writes the zone with encodeURIComponent: "Europe%2FParis".
    client.cookies["tz"] = "Europe%2FParis"
    html = client.get(reverse("rounds")).content.decode()
    assert "<strong>Europe/Paris</strong>" in html


def test_program_descriptions_follow_the_readers_language(client, db):
    client.cookies["django_language"] = "fr"
    page = client.get(reverse("home")).content.decode()
    assert "Jusqu’à cent boursiers" in page and "Up to one hundred fellows" not in page
    client.cookies["django_language"] = "en"
    assert "Up to one hundred fellows" in client.get(reverse("home")).content.decode()
