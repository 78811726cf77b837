"""The catalogue in the Django admin: programs with their rubric, rounds, criteria."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.models import Round
from tests.factories import RoundFactory, StaffFactory, program


@pytest.fixture
def superuser(db):
    return StaffFactory(email="root@example.org", is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.mark.parametrize("model", ["program", "round", "criterion"])
def test_catalogue_changelists_render_for_a_superuser(admin_client, open_round, model):
    response = admin_client.get(reverse(f"admin:programs_{model}_changelist"))
    assert response.status_code == 200


def test_program_changelist_shows_caps_and_budget(admin_client):
    html = admin_client.get(reverse("admin:programs_program_changelist")).content.decode()
    assert "$1,000,000" in html
    assert "$5,000,000" in html
    assert "$50,000" in html


def test_program_search_finds_by_name(admin_client):
    response = admin_client.get(reverse("admin:programs_program_changelist"), {"q": "Residency"})
    assert list(response.context["cl"].result_list) == [program("residency")]


def test_program_page_edits_its_rubric_inline_in_order(admin_client):
    fellowship = program("fellowship")
    response = admin_client.get(reverse("admin:programs_program_change", args=[fellowship.pk]))
    assert response.status_code == 200
    inline = response.context["inline_admin_formsets"][0]
    names = [form.instance.name for form in inline.formset.forms if form.instance.pk]
    assert names == list(fellowship.criteria.order_by("order").values_list("name", flat=True))


def test_round_changelist_filters_by_program_and_state(admin_client):
    now = timezone.now()
    residency_round = RoundFactory(program=program("residency"), title="Residency call")
    RoundFactory(title="Fellowship call")
    closed = RoundFactory(
        title="Old call",
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(days=30),
        review_closes_at=now - timedelta(days=1),
    )
    url = reverse("admin:programs_round_changelist")
    by_program = admin_client.get(url, {"program__id__exact": program("residency").pk})
    assert list(by_program.context["cl"].result_list) == [residency_round]
    by_state = admin_client.get(url, {"state": "closed"})
    assert list(by_state.context["cl"].result_list) == [closed]
    assert "Open now" in admin_client.get(url).content.decode()


def _round_form(**overrides):
    now = timezone.localtime()
    data = {
        "program": program("fellowship").pk,
        "title": "Spring call",
        "opens_at_0": now.strftime("%Y-%m-%d"),
        "opens_at_1": "09:00:00",
        "closes_at_0": (now + timedelta(days=30)).strftime("%Y-%m-%d"),
        "closes_at_1": "23:00:00",
        "review_closes_at_0": (now + timedelta(days=60)).strftime("%Y-%m-%d"),
        "review_closes_at_1": "23:00:00",
        "reviews_required": "3",
    }
    data.update(overrides)
    return data


def test_round_can_be_added(admin_client):
    response = admin_client.post(reverse("admin:programs_round_add"), _round_form())
    assert response.status_code == 302
    assert Round.objects.filter(title="Spring call").exists()


def test_round_closing_before_it_opens_is_refused_with_the_model_message(admin_client):
    now = timezone.localtime()
    data = _round_form(closes_at_0=(now - timedelta(days=1)).strftime("%Y-%m-%d"))
    response = admin_client.post(reverse("admin:programs_round_add"), data)
    assert response.status_code == 200
    assert "A round must close after it opens." in response.content.decode()
    assert not Round.objects.filter(title="Spring call").exists()


def test_round_whose_reviews_close_before_applications_is_refused(admin_client):
    now = timezone.localtime()
    data = _round_form(review_closes_at_0=(now + timedelta(days=10)).strftime("%Y-%m-%d"))
    response = admin_client.post(reverse("admin:programs_round_add"), data)
    assert response.status_code == 200
    assert "Reviews cannot close before applications do." in response.content.decode()


def test_round_changelist_runs_in_a_constant_number_of_queries(admin_client, django_assert_max_num_queries):
    url = reverse("admin:programs_round_changelist")
    RoundFactory()
    with django_assert_max_num_queries(12):
        admin_client.get(url)
    RoundFactory.create_batch(20)
    with django_assert_max_num_queries(12):
        admin_client.get(url)
