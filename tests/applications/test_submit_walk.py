"""The submit walk, from the view to the outbox row: one access check and one row lock."""

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Status
from leadership import permissions
from notifications.models import Notification

APPS = ("applications", "grants", "leadership", "notifications", "programs")


@contextmanager
def spy(function: Callable) -> Iterator[list]:
    """Count the calls of `function` through every name our apps import it under."""
    calls: list = []

    def counting(*args, **kwargs):
        calls.append(args)
        return function(*args, **kwargs)

    patched = []
    for name, module in list(sys.modules.items()):
        if module is None or not name.startswith(APPS):
            continue
        for attribute, value in list(vars(module).items()):
            if value is function:
                setattr(module, attribute, counting)
                patched.append((module, attribute))
    try:
        yield calls
    finally:
        for module, attribute in patched:
            setattr(module, attribute, function)


@contextmanager
def lock_requests() -> Iterator[list]:
    """Each select_for_update() asked for, whatever the database."""
    calls: list = []
    original = QuerySet.select_for_update

    def counting(self, *args, **kwargs):
        calls.append(self.model)
        return original(self, *args, **kwargs)

    QuerySet.select_for_update = counting
    try:
        yield calls
    finally:
        QuerySet.select_for_update = original


def _walk(client, applicant, application, data=None):
    client.force_login(applicant)
    with (
        spy(permissions.is_community_admin) as checks,
        lock_requests() as locks,
        CaptureQueriesContext(connection) as queries,
    ):
        response = client.post(reverse("application_submit", args=[application.pk]), data or {})
    for_update = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    return response, checks, locks, for_update


def test_submitting_checks_the_admin_once_and_locks_the_row_once(client, applicant, draft):
    response, checks, locks, for_update = _walk(client, applicant, draft, {"title": "Last words"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    assert draft.title == "Last words"
    assert Notification.objects.filter(event="application_submitted").exists()
    assert len(checks) == 1
    assert len(locks) == 1
    if connection.vendor == "postgresql":
        assert len(for_update) == 1


def test_input_refused_by_the_form_saves_the_rest_with_one_check_and_one_lock(client, applicant, draft):
    response, checks, locks, for_update = _walk(
        client, applicant, draft, {"summary": "Kept", "title": "x" * 300}
    )
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    draft.refresh_from_db()
    assert (draft.status, draft.summary) == (Status.DRAFT, "Kept")
    assert len(checks) == 1
    assert len(locks) == 1
    if connection.vendor == "postgresql":
        assert len(for_update) == 1


def test_withdrawing_checks_the_admin_once_and_locks_the_row_once(client, applicant, draft):
    client.force_login(applicant)
    with spy(permissions.is_community_admin) as checks, lock_requests() as locks:
        response = client.post(reverse("application_withdraw", args=[draft.pk]), {"reason": "Too soon"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.WITHDRAWN
    assert Notification.objects.filter(event="application_withdrawn").exists()
    assert len(checks) == 1
    assert len(locks) == 1


def test_the_spy_sees_the_check_where_it_is_imported(applicant, community):
    with spy(permissions.is_community_admin) as calls:
        from applications.services import submissions

        assert submissions.is_community_admin(applicant, community.pk)
    assert len(calls) == 1
