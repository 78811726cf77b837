"""Building, saving and applying a portfolio slate: pages, services, access and query counts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from applications.models import Slate, Status, StatusChange
from applications.selection.candidates import catalogue_of, round_candidates
from applications.selection.solver import Rules
from applications.services import decisions_release, slate_apply, slate_save
from notifications.models import Notification
from tests.applications.slate_data import SPECS
from tests.applications.slate_data import reviewed as _reviewed
from tests.factories import ApplicationFactory, RoundFactory, make_program_staff, make_reviewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def slate_round():
    round_ = RoundFactory(reviewed=True)
    return round_, _reviewed(round_, SPECS)


@pytest.fixture
def pm(staff):
    return make_program_staff(staff)


def _url(round_):
    return f"/staff/reviews/rounds/{round_.pk}/slate/"


def test_the_page_shows_the_slate_beside_the_top_by_rank_list(client, pm, slate_round):
    round_, apps = slate_round
    client.force_login(pm)
    response = client.get(_url(round_), {"size": 4, "max_per_country": 2, "min_focus_environment": 1})
    assert response.status_code == 200
    plan = response.context["plan"]
    assert [r.title for r in plan.plain] == ["FR best", "FR second", "FR third", "FR fourth"]
    assert [r.title for r in plan.slate] == ["FR best", "FR second", "KE best", "KE second"]
    assert {r.title for r in plan.coming_in} == {"KE best", "KE second"}
    assert {r.title for r in plan.going_out} == {"FR third", "FR fourth"}
    assert plan.gain == pytest.approx(plan.in_total - plan.out_total)
    assert plan.gain < 0
    by_region = {bar.label: (bar.slate, bar.plain) for bar in plan.spreads[0].bars}
    assert by_region == {"Europe": (2, 4), "Africa": (2, 0)}
    page = response.content.decode()
    assert page.index('id="coming-in"') < page.index(f'data-application="{apps["KE best"].pk}"')
    assert "<svg" in page and "<script>" not in page


def test_without_rules_the_slate_is_the_top_by_rank(client, pm, slate_round):
    round_, _apps = slate_round
    client.force_login(pm)
    response = client.get(_url(round_))
    plan = response.context["plan"]
    assert len(plan.slate) == len(SPECS)  # 100 awards left: every candidate fits
    assert plan.coming_in == plan.going_out == []


def test_at_most_2_per_country_at_least_2_per_focus_area(client, pm, slate_round):
    round_, _apps = slate_round
    client.force_login(pm)
    rules = {"size": 6, "max_per_country": 2, "min_focus_health": 2, "min_focus_education": 2}
    plan = client.get(_url(round_), {**rules, "min_focus_environment": 2}).context["plan"]
    titles = [r.title for r in plan.slate]
    assert titles == ["FR best", "FR third", "KE best", "KE second", "BR best", "BR second"]


def test_conflicting_rules_are_named_in_words(client, pm, slate_round):
    round_, _apps = slate_round
    client.force_login(pm)
    response = client.get(_url(round_), {"size": 4, "min_region_oceania": 3})
    assert response.status_code == 200
    assert response.context["plan"].conflicts == [
        "At least 3 in Oceania, but only 1 candidate is in Oceania."
    ]
    assert "These rules cannot all hold" in response.content.decode()


def test_bad_input_is_a_form_error_and_nothing_typed_is_lost(client, pm, slate_round):
    round_, apps = slate_round
    client.force_login(pm)
    pinned = f"{apps['KE best'].pk}, abc"
    response = client.get(_url(round_), {"size": 500, "pinned": pinned, "excluded": "999999"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "abc" in form.errors["pinned"][0]
    assert "999999" in form.errors["excluded"][0]
    assert "100 awards left" in form.errors["size"][0]
    assert response.context["plan"] is None
    page = response.content.decode()
    assert f'value="{pinned}"' in page and 'value="500"' in page


def test_pinned_and_excluded_overlap_is_refused(client, pm, slate_round):
    round_, apps = slate_round
    client.force_login(pm)
    pk = apps["BR best"].pk
    response = client.get(_url(round_), {"size": 3, "pinned": pk, "excluded": pk})
    assert "both pinned and excluded" in response.context["form"].errors["excluded"][0]


def test_pinned_and_excluded_are_kept(client, pm, slate_round):
    round_, apps = slate_round
    client.force_login(pm)
    query = {"size": 3, "pinned": str(apps["AU only"].pk), "excluded": f"#{apps['FR best'].pk}"}
    plan = client.get(_url(round_), query).context["plan"]
    assert [r.title for r in plan.slate] == ["FR second", "FR third", "AU only"]


def test_candidates_are_reviewed_and_still_selectable(slate_round):
    round_, _apps = slate_round
    ApplicationFactory(round=round_, status=Status.IN_REVIEW, title="Unreviewed")
    declined = _reviewed(round_, [("Declined", "FR", "health", [5] * 5)])["Declined"]
    type(declined).objects.filter(pk=declined.pk).update(status=Status.DECLINED)
    titles = {row.title for row in round_candidates(round_)}
    assert titles == {title for title, *_ in SPECS}


# --- Saving and applying --------------------------------------------------------------------


def test_saving_keeps_the_rules_the_choice_who_and_when(client, pm, slate_round):
    round_, _apps = slate_round
    client.force_login(pm)
    data = {"size": 4, "max_per_country": 2, "min_focus_environment": "1", "name": "Spread across countries"}
    response = client.post(f"{_url(round_)}save/", data)
    slate = Slate.objects.get()
    assert response.status_code == 302 and response.url == f"/staff/reviews/slates/{slate.pk}/"
    assert (slate.name, slate.created_by, slate.round) == ("Spread across countries", pm, round_)
    assert slate.constraints["max_per_country"] == 2
    assert slate.constraints["min_per_focus"] == {"environment": 1}
    assert slate.total_cost == Decimal("200000.00")
    assert {a.title for a in slate.applications.all()} == {"FR best", "FR second", "KE best", "KE second"}
    page = client.get(response.url).content.decode()
    assert "Spread across countries" in page and "Stella Staff" in page
    assert "max_per_country=2" in page  # the link that opens the rules again in the builder
    for rule in ("4 awards to fill.", "At most 2 per country.", "At least 1 in Environment."):
        assert rule in page


def test_saving_conflicting_rules_shows_why_and_keeps_the_name(client, pm, slate_round):
    round_, _apps = slate_round
    client.force_login(pm)
    response = client.post(f"{_url(round_)}save/", {"size": 4, "min_region_oceania": 3, "name": "Too much"})
    assert response.status_code == 200
    assert not Slate.objects.exists()
    errors = response.context["form"].non_field_errors()
    assert "At least 3 in Oceania, but only 1 candidate is in Oceania." in errors
    assert 'value="Too much"' in response.content.decode()


def test_saving_without_a_name_is_a_form_error(client, pm, slate_round):
    round_, _apps = slate_round
    client.force_login(pm)
    response = client.post(f"{_url(round_)}save/", {"size": 2, "name": ""})
    assert response.status_code == 200 and not Slate.objects.exists()
    assert response.context["form"].errors["name"]


def _saved(round_, by, size=4):
    rules = Rules(size=size, budget_cents=int(catalogue_of(round_).money_left * 100), max_per_country=2)
    return slate_save(round=round_, by=by, name="Two per country", rules=rules)


def test_applying_shortlists_each_application_once_and_tells_nobody(client, pm, slate_round):
    round_, apps = slate_round
    slate = _saved(round_, pm)
    client.force_login(pm)
    # One review each where the round asks for three: the page warns, and applying needs a tick.
    page = client.get(f"/staff/reviews/slates/{slate.pk}/").content.decode()
    assert 'id="slate-few-reviews"' in page and "fewer than the 3 submitted reviews" in page
    response = client.post(f"/staff/reviews/slates/{slate.pk}/apply/", follow=True)
    assert "Confirm to decide them anyway" in response.content.decode()
    assert not StatusChange.objects.filter(new_status=Status.SHORTLISTED).exists()
    response = client.post(f"/staff/reviews/slates/{slate.pk}/apply/", {"few_reviews_confirmed": "on"})
    assert response.status_code == 302
    slate.refresh_from_db()
    assert (slate.applied_by, slate.applied_at is not None) == (pm, True)
    members = set(slate.applications.values_list("pk", flat=True))
    assert (
        set(type(apps["FR best"]).objects.filter(status=Status.SHORTLISTED).values_list("pk", flat=True))
        == members
    )
    changes = StatusChange.objects.filter(new_status=Status.SHORTLISTED)
    assert sorted(changes.values_list("application_id", flat=True)) == sorted(members)
    assert all(c.by == pm and "Two per country" in c.note for c in changes)
    assert not Notification.objects.exists()  # nothing released
    assert "Applied by Stella Staff" in client.get(f"/staff/reviews/slates/{slate.pk}/").content.decode()


def test_a_slate_is_applied_once(pm, slate_round):
    round_, _apps = slate_round
    slate = _saved(round_, pm)
    assert slate_apply(slate=slate, by=pm, few_reviews_confirmed=True) == 4
    with pytest.raises(ValidationError, match="already applied"):
        slate_apply(slate=slate, by=pm, few_reviews_confirmed=True)
    assert StatusChange.objects.filter(new_status=Status.SHORTLISTED).count() == 4


def test_a_withdrawn_member_blocks_the_whole_apply(pm, slate_round):
    round_, apps = slate_round
    slate = _saved(round_, pm)
    type(apps["FR best"]).objects.filter(pk=apps["FR best"].pk).update(status=Status.WITHDRAWN)
    with pytest.raises(ValidationError, match="can no longer be shortlisted"):
        slate_apply(slate=slate, by=pm)
    assert not StatusChange.objects.filter(new_status=Status.SHORTLISTED).exists()
    slate.refresh_from_db()
    assert slate.applied_at is None


def test_no_slate_is_applied_after_the_release(pm, slate_round):
    round_, apps = slate_round
    slate = _saved(round_, pm)
    type(apps["FR best"]).objects.filter(round=round_).update(status=Status.WAITLISTED)
    decisions_release(round=round_, by=pm)
    with pytest.raises(ValidationError, match="already released"):
        slate_apply(slate=slate, by=pm)


# --- Access ---------------------------------------------------------------------------------


def test_only_program_staff_may_save_or_apply(slate_round, pm, stranger, staff_without_role):
    round_, _apps = slate_round
    slate = _saved(round_, pm)
    for who in (stranger, staff_without_role, make_reviewer()):
        with pytest.raises(ValidationError, match="Only program staff"):
            _saved(round_, who)
        with pytest.raises(ValidationError, match="Only program staff"):
            slate_apply(slate=slate, by=who)


def test_anonymous_logs_in_and_others_get_404(client, slate_round, pm, stranger, staff_without_role):
    round_, _apps = slate_round
    slate = _saved(round_, pm)
    pages = [_url(round_), f"/staff/reviews/slates/{slate.pk}/", "/staff/reviews/slates/"]
    actions = [f"{_url(round_)}save/", f"/staff/reviews/slates/{slate.pk}/apply/"]
    for url in pages + actions:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response.url
    for who in (stranger, staff_without_role, make_reviewer()):
        client.force_login(who)
        assert [client.get(url).status_code for url in pages] == [404, 404, 404]
        assert [client.post(url).status_code for url in actions] == [404, 404]
    client.force_login(pm)
    assert [client.get(url).status_code for url in actions] == [405, 405]
    assert client.get(f"/staff/reviews/slates/{slate.pk + 1000}/").status_code == 404
    assert not Slate.objects.filter(applied_at__isnull=False).exists()


def test_the_ranking_page_and_the_staff_menu_link_the_slate(client, pm, slate_round):
    round_, _apps = slate_round
    client.force_login(pm)
    assert _url(round_) in client.get(f"/staff/reviews/rounds/{round_.pk}/ranking/").content.decode()
    rounds = client.get("/staff/reviews/slates/").content.decode()
    assert _url(round_) in rounds and "/staff/reviews/slates/" in rounds


# --- Speed ----------------------------------------------------------------------------------


def _queries(client, url, query=None) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, query or {}).status_code == 200
    return len(queries)


def test_the_pages_answer_in_constant_queries(client, pm):
    codes = ["FR", "KE", "BR", "IN", "AU", "JP"]
    areas = ["health", "education", "environment"]
    counts = []
    for n in (10, 60):
        round_ = RoundFactory()
        specs = [(f"App {i}", codes[i % 6], areas[i % 3], [i % 5 + 1] * 5) for i in range(n)]
        _reviewed(round_, specs)
        slate = _saved(round_, pm, size=5)
        client.force_login(pm)
        rules = {"size": 8, "max_per_country": 2, "min_focus_health": 3}
        counts.append(
            (_queries(client, _url(round_), rules), _queries(client, f"/staff/reviews/slates/{slate.pk}/"))
        )
        assert len(client.get(_url(round_), rules).context["rows"]) == n
    assert counts[0] == counts[1], counts
    assert counts[0][0] <= 16 and counts[0][1] <= 12


def test_the_page_and_its_conflicts_speak_french(client, pm, slate_round):
    round_, _apps = slate_round
    pm.language = "fr"
    pm.save(update_fields=["language"])
    client.force_login(pm)
    client.cookies["django_language"] = "fr"
    page = client.get(_url(round_), {"size": 4, "min_region_oceania": 3}).content.decode()
    assert "Construire une sélection" in page
    assert "Au moins 3 pour Océanie, mais seulement 1 candidature pour Océanie." in page
