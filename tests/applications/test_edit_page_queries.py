"""The edit page reads a constant handful of rows, however many files, focus areas or errors it
shows: its fields render without a query each, and nothing in it loops over the database."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Attachment
from leadership.models import FocusArea

pytestmark = pytest.mark.django_db


def _attach(application, user, count):
    for number in range(count):
        Attachment.objects.create(
            application=application,
            file=ContentFile(b"%PDF-1.4 plan", name=f"plan{number}.pdf"),
            original_name=f"plan{number}.pdf",
            content_type="application/pdf",
            size=13,
            uploaded_by=user,
        )


def _queries(client, method, url, data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
    assert response.status_code == 200
    return len(queries)


def test_the_edit_page_reads_as_many_rows_with_one_file_as_with_five(client, applicant, draft):
    client.force_login(applicant)
    url = reverse("application_edit", args=[draft.pk])
    _attach(draft, applicant, 1)
    client.get(url)  # the session and caches are warm from here
    one = _queries(client, "get", url)
    _attach(draft, applicant, 4)
    draft.community.focus_areas.set(FocusArea.objects.all())
    assert _queries(client, "get", url) == one
    # Signed-in user and roles, the application, its files, the community's focus areas.
    assert one <= 6


def test_a_refused_submit_reads_as_much_with_three_fields_missing_as_with_one(client, applicant, draft):
    client.force_login(applicant)
    url = reverse("application_submit", args=[draft.pk])
    client.get(reverse("application_edit", args=[draft.pk]))
    draft.plan = ""
    draft.save(update_fields=["plan"])
    one_missing = _queries(client, "post", url)
    draft.impact = draft.summary = ""
    draft.save(update_fields=["impact", "summary"])
    assert _queries(client, "post", url) == one_missing


def test_the_edit_page_takes_an_open_rounds_program_from_the_process(client, applicant, draft):
    """The draft and its community in one query; the open round and its program from
    programs.open_now (get_draft_for_admin)."""
    client.force_login(applicant)
    url = reverse("application_edit", args=[draft.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    sqls = [q["sql"] for q in queries]
    assert not [sql for sql in sqls if 'FROM "programs_round"' in sql]
    assert len([sql for sql in sqls if sql.startswith('SELECT "applications_application"')]) == 1


def test_someone_elses_draft_is_not_found(client, stranger, draft):
    client.force_login(stranger)
    assert client.get(reverse("application_edit", args=[draft.pk])).status_code == 404
