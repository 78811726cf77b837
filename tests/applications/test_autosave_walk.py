"""Autosave, run every few seconds per applicant: the admin check is the row lock's own query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.services import ApplicationRefused, application_update
from leadership import permissions
from tests.applications.test_submit_walk import lock_requests, spy


def test_autosave_checks_the_admin_in_the_lock(client, applicant, draft):
    client.force_login(applicant)
    with (
        spy(permissions.is_community_admin) as checks,
        lock_requests() as locks,
        CaptureQueriesContext(connection) as queries,
    ):
        response = client.post(reverse("application_autosave", args=[draft.pk]), {"title": "Typed"})
    assert response.status_code == 200 and response.json()["saved"]
    draft.refresh_from_db()
    assert draft.title == "Typed"
    assert checks == []
    assert len(locks) == 1
    if connection.vendor == "postgresql":
        [locking] = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
        assert "leadership_communityadmin" in locking


def test_someone_not_an_admin_is_refused_with_the_community_named(draft, stranger):
    with pytest.raises(ApplicationRefused, match="Mothers of Lyon"):
        application_update(application=draft, by=stranger, data={"title": "Mine now"})
    draft.refresh_from_db()
    assert draft.title != "Mine now"
