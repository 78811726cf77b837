"""Two co-admins editing one draft: separate fields merge, the same field is a conflict with both
values shown, never a silent overwrite; save-and-submit is one service call."""

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.forms import saved_values
from applications.models import Application, Status
from applications.services import (
    ApplicationRefused,
    EditConflict,
    application_submit,
    application_update,
)
from tests.factories import ApplicationFactory, RoundFactory, program

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(community, applicant):
    """A residency draft, so the amount is the applicant's to set."""
    return ApplicationFactory(
        community=community, round=RoundFactory(program=program("residency")), created_by=applicant
    )


def _page(application: Application) -> dict[str, str]:
    """What an edit page rendered now posts back untouched: the values, the version and the base."""
    values = saved_values(application)
    return {**values, "version": str(application.version), "base": json.dumps(values)}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# Service level ---------------------------------------------------------------------------------


def test_every_write_bumps_the_version(draft, applicant):
    assert draft.version == 1
    application_update(application=draft, by=applicant, data={"title": "New"}, base={"title": draft.title})
    assert Application.objects.get(pk=draft.pk).version == draft.version == 2


def test_edits_of_different_fields_from_the_same_version_both_stay(draft, applicant, co_admin):
    base, version = {"summary": draft.summary, "amount_requested": draft.amount_requested}, draft.version
    mine = Application.objects.get(pk=draft.pk)
    theirs = Application.objects.get(pk=draft.pk)
    application_update(
        application=mine,
        by=applicant,
        data={"amount_requested": Decimal("70000")},
        base=base,
        base_version=version,
    )
    application_update(
        application=theirs, by=co_admin, data={"summary": "Their summary"}, base=base, base_version=version
    )
    draft.refresh_from_db()
    assert (draft.amount_requested, draft.summary, draft.version) == (Decimal("70000"), "Their summary", 3)
    # The caller's copy shows the merged draft.
    assert theirs.amount_requested == Decimal("70000")


def test_stale_edit_of_the_same_field_is_a_conflict_and_nothing_is_written(draft, applicant, co_admin):
    base, version = {"summary": draft.summary, "plan": draft.plan}, draft.version
    application_update(
        application=draft, by=applicant, data={"summary": "Newer summary"}, base=base, base_version=version
    )
    with pytest.raises(EditConflict) as caught:
        application_update(
            application=Application.objects.get(pk=draft.pk),
            by=co_admin,
            data={"summary": "Stale summary", "plan": "Also a new plan"},
            base=base,
            base_version=version,
        )
    assert set(caught.value.conflicts) == {"summary"}
    clash = caught.value.conflicts["summary"]
    assert (clash.mine, clash.theirs) == ("Stale summary", "Newer summary")
    assert caught.value.version == 2
    assert "summary" in caught.value.messages[0]
    draft.refresh_from_db()
    assert (draft.summary, draft.plan, draft.version) == ("Newer summary", base["plan"], 2)


def test_the_same_change_made_twice_is_no_conflict(draft, applicant, co_admin):
    base = {"title": draft.title}
    application_update(application=draft, by=applicant, data={"title": "Same"}, base=base, base_version=1)
    application_update(application=draft, by=co_admin, data={"title": "Same"}, base=base, base_version=1)
    assert Application.objects.get(pk=draft.pk).title == "Same"


def test_only_the_changed_fields_are_written(draft, applicant):
    with CaptureQueriesContext(connection) as queries:
        application_update(
            application=draft, by=applicant, data={"summary": "Only this"}, base={"summary": draft.summary}
        )
    (update,) = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert '"summary"' in update and '"amount_requested"' not in update and '"title"' not in update


def test_submit_saves_the_last_edits_and_submits_in_one_call(draft, applicant):
    application_submit(
        application=draft,
        by=applicant,
        data={"title": "Final title"},
        base={"title": draft.title},
        base_version=1,
    )
    draft.refresh_from_db()
    assert (draft.status, draft.title) == (Status.SUBMITTED, "Final title")


def test_submit_keeps_the_edits_when_the_submission_is_refused(draft, applicant):
    with pytest.raises(ApplicationRefused) as caught:
        application_submit(
            application=draft, by=applicant, data={"title": "Kept", "plan": ""}, base={}, base_version=1
        )
    assert "plan" in caught.value.message_dict
    draft.refresh_from_db()
    assert (draft.status, draft.title, draft.plan) == (Status.DRAFT, "Kept", "")


def test_submit_on_a_stale_title_is_a_conflict_and_not_submitted(draft, applicant, co_admin):
    base = {"title": draft.title}
    application_update(application=draft, by=co_admin, data={"title": "Theirs"}, base=base, base_version=1)
    with pytest.raises(EditConflict):
        application_submit(application=draft, by=applicant, data={"title": "Mine"}, base=base, base_version=1)
    draft.refresh_from_db()
    assert (draft.status, draft.title) == (Status.DRAFT, "Theirs")


def test_submit_without_edits_still_works_for_other_callers(draft, applicant):
    application_submit(application=draft, by=applicant)
    assert Application.objects.get(pk=draft.pk).status == Status.SUBMITTED


# View level ------------------------------------------------------------------------------------


def test_autosave_answers_the_new_version_and_the_merged_values(draft, applicant, co_admin):
    page = _page(draft)
    _client(co_admin).post(reverse("application_edit", args=[draft.pk]), {**page, "plan": "Their plan"})
    response = _client(applicant).post(
        reverse("application_autosave", args=[draft.pk]), {**page, "summary": "My summary"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 3
    assert body["values"]["plan"] == "Their plan" and body["values"]["summary"] == "My summary"


def test_stale_autosave_of_the_same_field_gets_409_with_both_values(draft, applicant, co_admin):
    page = _page(draft)
    saved = _client(co_admin).post(
        reverse("application_edit", args=[draft.pk]), {**page, "summary": "Theirs"}
    )
    assert saved.status_code == 302
    response = _client(applicant).post(
        reverse("application_autosave", args=[draft.pk]), {**page, "summary": "Mine"}
    )
    assert response.status_code == 409
    body = response.json()
    assert body["saved"] is False and body["conflict"] is True and body["version"] == 2
    assert body["conflicts"] == [{"field": "summary", "label": "Summary", "mine": "Mine", "theirs": "Theirs"}]
    assert body["values"]["summary"] == "Theirs"
    assert Application.objects.get(pk=draft.pk).summary == "Theirs"


def test_stale_amount_and_summary_from_two_pages_merge(draft, applicant, co_admin):
    page = _page(draft)
    _client(co_admin).post(
        reverse("application_edit", args=[draft.pk]), {**page, "amount_requested": "80000"}
    )
    response = _client(applicant).post(
        reverse("application_autosave", args=[draft.pk]), {**page, "summary": "From an older page"}
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    assert (draft.amount_requested, draft.summary) == (Decimal("80000"), "From an older page")


def test_stale_full_save_rerenders_with_the_conflict_and_everything_typed(draft, applicant, co_admin):
    page = _page(draft)
    _client(co_admin).post(
        reverse("application_edit", args=[draft.pk]), {**page, "title": "Their title", "plan": "P2"}
    )
    response = _client(applicant).post(
        reverse("application_edit", args=[draft.pk]),
        {**page, "title": "My title", "impact": "My impact"},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Another admin changed this application while you were editing" in html
    assert "Keep mine" in html and "Take theirs" in html
    form = response.context["form"]
    assert [c["name"] for c in form.conflicts] == ["title"]
    assert (form.conflicts[0]["mine"], form.conflicts[0]["theirs"]) == ("My title", "Their title")
    # Everything typed is still in the form; the field untouched here shows the other admin's plan.
    assert form["title"].value() == "My title" and form["impact"].value() == "My impact"
    assert form["plan"].value() == "P2"
    assert form["version"].value() == "2" and json.loads(form["base"].value())["title"] == "Their title"
    draft.refresh_from_db()
    assert (draft.title, draft.impact) == ("Their title", ApplicationFactory.impact)


def test_saving_again_after_the_conflict_keeps_mine(draft, applicant, co_admin):
    page = _page(draft)
    _client(co_admin).post(reverse("application_edit", args=[draft.pk]), {**page, "title": "Their title"})
    me = _client(applicant)
    form = me.post(reverse("application_edit", args=[draft.pk]), {**page, "title": "My title"}).context[
        "form"
    ]
    again = {name: form[name].value() for name in [*saved_values(draft), "version", "base"]}
    again = {name: "" if value is None else str(value) for name, value in again.items()}
    assert me.post(reverse("application_edit", args=[draft.pk]), again).status_code == 302
    assert Application.objects.get(pk=draft.pk).title == "My title"


def test_stale_submit_is_not_submitted_and_shows_the_conflict(draft, applicant, co_admin):
    page = _page(draft)
    _client(co_admin).post(reverse("application_autosave", args=[draft.pk]), {**page, "title": "Their title"})
    response = _client(applicant).post(
        reverse("application_submit", args=[draft.pk]), {**page, "title": "Submitted title"}
    )
    assert response.status_code == 409
    draft.refresh_from_db()
    assert (draft.status, draft.title) == (Status.DRAFT, "Their title")


def test_submit_from_an_up_to_date_page_submits_what_was_typed(draft, applicant):
    response = _client(applicant).post(
        reverse("application_submit", args=[draft.pk]), {**_page(draft), "title": "Submitted title"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.title) == (Status.SUBMITTED, "Submitted title")


def test_edit_page_carries_the_version_and_its_values(client, applicant, draft):
    client.force_login(applicant)
    form = client.get(reverse("application_edit", args=[draft.pk])).context["form"]
    html = str(form["version"]) + str(form["base"])
    assert 'type="hidden"' in html and 'name="version"' in html and 'value="1"' in html
    assert json.loads(form["base"].value()) == saved_values(draft)


def test_a_forged_base_is_ignored_not_a_500(client, applicant, draft):
    client.force_login(applicant)
    response = client.post(
        reverse("application_autosave", args=[draft.pk]),
        {"title": "Fine", "version": "x", "base": "{not json"},
    )
    assert response.status_code == 200
    assert Application.objects.get(pk=draft.pk).title == "Fine"
