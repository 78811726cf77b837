"""Autosave keeps partial drafts and refuses, in JSON, once the application is submitted."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import Status
from applications.services import draft_held
from tests.factories import ApplicationFactory, RoundFactory, program


def test_autosave_saves_the_fields_sent_and_leaves_the_others(client, applicant, draft):
    client.force_login(applicant)
    response = client.post(
        reverse("application_autosave", args=[draft.pk]), {"title": "Typed so far", "summary": ""}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["saved"] is True and body["message"].startswith("Saved at ")
    assert body["errors"] == {}
    draft.refresh_from_db()
    assert (draft.title, draft.summary) == ("Typed so far", "")
    assert draft.plan == "Q1 recruit trainers; Q2 run workshops."


def test_autosave_keeps_valid_fields_when_one_is_invalid(client, applicant, community):
    application = ApplicationFactory(community=community, round=RoundFactory(program=program("residency")))
    client.force_login(applicant)
    response = client.post(
        reverse("application_autosave", args=[application.pk]),
        {"amount_requested": "lots", "plan": "New plan"},
    )
    body = response.json()
    assert response.status_code == 200
    assert body["saved"] is True and "amount_requested" in body["errors"]
    application.refresh_from_db()
    assert application.plan == "New plan"
    assert application.amount_requested == 50000


def test_autosave_refuses_once_submitted(client, applicant, draft):
    client.force_login(applicant)
    client.post(reverse("application_submit", args=[draft.pk]))
    response = client.post(reverse("application_autosave", args=[draft.pk]), {"title": "Late change"})
    assert response.status_code == 409
    assert response.json()["saved"] is False
    assert "can no longer be changed" in response.json()["error"]
    draft.refresh_from_db()
    assert draft.title != "Late change"
    assert draft.status == Status.SUBMITTED


def test_edit_page_wires_the_script(client, applicant, draft):
    client.force_login(applicant)
    content = client.get(reverse("application_edit", args=[draft.pk])).content.decode()
    assert f'data-autosave-url="{reverse("application_autosave", args=[draft.pk])}"' in content
    assert "js/autosave.js" in content
    assert 'aria-live="polite"' in content
    assert ">Save draft<" in content and ">Submit application<" in content


def _autosave_queries(client, user, draft) -> list[str]:
    """The SQL of one autosave after a first one (which warms the process's open rounds)."""
    client.force_login(user)
    url = reverse("application_autosave", args=[draft.pk])
    client.post(url, {"title": "Warm"})
    with CaptureQueriesContext(connection) as queries:
        assert client.post(url, {"title": "Typed so far"}).json()["saved"] is True
    return [q["sql"] for q in queries]


def test_autosave_reads_the_application_once_with_its_lock(client, applicant, draft):
    """The access check, the row lock and the form's read are one query (services.draft_held)."""
    reads = [
        sql
        for sql in _autosave_queries(client, applicant, draft)
        if sql.startswith('SELECT "applications_application"')
    ]
    assert len(reads) == 1 and "FOR UPDATE" in reads[0]


def test_autosave_answers_404_for_someone_elses_draft(client, stranger, draft):
    client.force_login(stranger)
    url = reverse("application_autosave", args=[draft.pk])
    assert client.post(url, {"title": "Not mine"}).status_code == 404
    assert client.get(url).status_code == 404
    draft.refresh_from_db()
    assert draft.title != "Not mine"


def test_a_held_draft_refuses_an_update_after_its_block(applicant, draft):
    with draft_held(pk=draft.pk, by=applicant) as held:
        held.update(data={"title": "Inside"})
    with pytest.raises(RuntimeError):
        held.update(data={"title": "Outside"})
    draft.refresh_from_db()
    assert draft.title == "Inside"


def test_autosave_takes_an_open_rounds_program_from_the_process(client, applicant, draft):
    """The round and program of a draft in an open round come from programs.open_now."""
    assert not [sql for sql in _autosave_queries(client, applicant, draft) if 'FROM "programs_round"' in sql]


def test_autosave_of_an_extended_draft_after_the_round_closed(client, applicant, community):
    closed = RoundFactory(
        opens_at=timezone.now() - timedelta(days=20), closes_at=timezone.now() - timedelta(days=1)
    )
    application = ApplicationFactory(
        community=community, round=closed, extended_closes_at=timezone.now() + timedelta(days=2)
    )
    client.force_login(applicant)
    body = client.post(reverse("application_autosave", args=[application.pk]), {"title": "Late"}).json()
    assert body["saved"] is True
    application.refresh_from_db()
    assert application.title == "Late"
