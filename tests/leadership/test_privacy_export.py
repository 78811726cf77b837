"""'My data': a ZIP of everything held about a person, built by a task, fetched by a link only they can use."""

import io
import json
import os
import re
import time
import tracemalloc
import zipfile
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from applications.models import Attachment, Status
from applications.services import attachment_add
from grants.services import award_make
from leadership.models import DataExport, DataExportState
from leadership.privacy.export import data_export_build, data_export_request, data_exports_purge, export_link
from leadership.services import gathering_rsvp
from tests.applications.sample_files import PDF_BYTES, upload
from tests.factories import (
    ApplicationFactory,
    GatheringFactory,
    ReviewAssignmentFactory,
    make_program_staff,
    make_reviewer,
    submitted_review,
)

pytestmark = pytest.mark.django_db


def _zip_of(export: DataExport) -> zipfile.ZipFile:
    export.refresh_from_db()
    with default_storage.open(export.file, "rb") as stored:
        return zipfile.ZipFile(io.BytesIO(stored.read()))


def _section(archive: zipfile.ZipFile, name: str):
    return json.loads(archive.read(f"{name}.json"))


@pytest.fixture
def rich_applicant(applicant, community, open_round):
    """An applicant with a draft and its file, an awarded application, an RSVP and emails."""
    draft = ApplicationFactory(community=community, round=open_round, created_by=applicant)
    attachment_add(application=draft, by=applicant, upload=upload("budget plan.pdf", PDF_BYTES))
    awarded = ApplicationFactory(community=community, status=Status.SHORTLISTED, title="Clinic nights")
    award_make(application=awarded, by=make_program_staff(), amount=None)
    gathering_rsvp(gathering=GatheringFactory(), by=applicant)
    return applicant


def test_the_zip_holds_every_part_and_the_original_files(rich_applicant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        export = data_export_request(by=rich_applicant)
    export.refresh_from_db()
    assert export.state == DataExportState.READY and export.done == export.total > 0
    archive = _zip_of(export)
    assert _section(archive, "profile")["email"] == "applicant@example.org"
    assert [c["name"] for c in _section(archive, "communities")] == ["Mothers of Lyon"]
    applications = _section(archive, "applications")
    assert len(applications) == 2
    [with_file] = [a for a in applications if a["attachments"]]
    path = with_file["attachments"][0]["file"]
    assert path.endswith("-budget plan.pdf")
    assert archive.read(path) == PDF_BYTES
    [award] = _section(archive, "awards")
    assert award["amount"] == "50000.00"
    assert len(_section(archive, "gathering_rsvps")) == 1
    emails = _section(archive, "emails_sent_to_you")
    assert {"award_offered"} <= {e["event"] for e in emails}
    assert "reviews_you_wrote" not in {n.removesuffix(".json") for n in archive.namelist()}


def test_the_link_comes_by_email_and_works_only_for_its_owner(
    client, rich_applicant, co_admin, django_capture_on_commit_callbacks
):
    client.force_login(rich_applicant)
    assert client.get(reverse("privacy_export_request")).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy_export_request"))
    assert response["Location"] == reverse("privacy_data")
    [ready] = [m for m in mail.outbox if m.to == ["applicant@example.org"] and "data is ready" in m.subject]
    export = DataExport.objects.get(user=rich_applicant)
    link = re.search(r"/accounts/my-data/download/\S+/", ready.body).group(0)
    download = client.get(link)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="my-data-')
    assert zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).testzip() is None
    # The co-admin of the same community, signed in, gets nothing: someone else's data is a 404.
    client.force_login(co_admin)
    assert client.get(link).status_code == 404
    assert client.get(reverse("privacy_export_status", args=[export.pk])).status_code == 404
    assert client.get(link[:-3] + "xx/").status_code == 404
    client.logout()
    assert client.get(link)["Location"].startswith(reverse("login"))


def test_an_expired_link_says_so(client, rich_applicant, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        export = data_export_request(by=rich_applicant)
    export.refresh_from_db()
    link = export_link(export)
    client.force_login(rich_applicant)
    with time_machine.travel(timezone.now() + timedelta(days=settings.PRIVACY_EXPORT_LINK_DAYS, minutes=1)):
        client.force_login(rich_applicant)
        response = client.get(link)
    assert response.status_code == 410
    assert "This download link has expired" in response.content.decode()


def test_beat_deletes_expired_zips(rich_applicant, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        export = data_export_request(by=rich_applicant)
    export.refresh_from_db()
    name = export.file
    assert data_exports_purge() == 0
    assert data_exports_purge(now=timezone.now() + timedelta(days=settings.PRIVACY_EXPORT_LINK_DAYS + 1)) == 1
    assert not default_storage.exists(name)
    export.refresh_from_db()
    assert export.state == DataExportState.EXPIRED


def test_progress_is_reported_while_building(client, rich_applicant):
    export = DataExport.objects.create(user=rich_applicant, state=DataExportState.BUILDING, done=3, total=4)
    client.force_login(rich_applicant)
    status = client.get(reverse("privacy_export_status", args=[export.pk])).json()
    assert status == {"state": "building", "percent": 75, "done": 3, "total": 4, "finished": False}
    page = client.get(reverse("privacy_data")).content.decode()
    assert 'aria-valuenow="75"' in page
    assert "js/data-export.js" in page


def test_asking_twice_while_building_makes_one_export(rich_applicant):
    first = data_export_request(by=rich_applicant)
    assert data_export_request(by=rich_applicant) == first
    assert DataExport.objects.filter(user=rich_applicant).count() == 1


def test_a_reviewer_gets_their_reviews(applicant, community):
    reviewer = make_reviewer(email="rita@example.org", full_name="Rita Reviewer")
    assignment = ReviewAssignmentFactory(
        reviewer=reviewer, application=ApplicationFactory(community=community, status=Status.IN_REVIEW)
    )
    criteria = assignment.application.round.program.criteria.count()
    submitted_review(assignment, [4] * criteria, comment="Strong local roots.")
    export = DataExport.objects.create(user=reviewer)
    archive = _zip_of(data_export_build(export_id=export.pk))
    [review] = _section(archive, "reviews_you_wrote")
    assert review["review__overall_comment"] == "Strong local roots."
    assert len(review["scores"]) >= 1


def test_a_missing_file_is_listed_not_fatal(applicant, community):
    draft = ApplicationFactory(community=community)
    attachment = attachment_add(application=draft, by=applicant, upload=upload("gone.pdf", PDF_BYTES))
    default_storage.delete(attachment.file.name)
    export = data_export_build(export_id=DataExport.objects.create(user=applicant).pk)
    assert export.state == DataExportState.READY
    assert "gone.pdf" in _zip_of(export).read("missing_files.json").decode()


ATTACHMENT_BYTES = 5 * 1024 * 1024  # 10 applications x 5 MB: 50 MB of files


def test_ten_applications_and_50_mb_stream_in_flat_memory(applicant, community):
    for number in range(10):
        application = ApplicationFactory(community=community, status=Status.SUBMITTED)
        name = default_storage.save(
            f"attachments/{application.pk}/big-{number}", ContentFile(os.urandom(ATTACHMENT_BYTES))
        )
        Attachment.objects.create(
            application=application,
            file=name,
            original_name=f"evidence-{number}.pdf",
            content_type="application/pdf",
            size=ATTACHMENT_BYTES,
            uploaded_by=applicant,
        )
    export = DataExport.objects.create(user=applicant)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        data_export_build(export_id=export.pk)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    seconds = time.perf_counter() - started
    export.refresh_from_db()
    assert export.state == DataExportState.READY
    assert export.size > 10 * ATTACHMENT_BYTES
    # 50 MB went through; the worker never held more than a few copy buffers of it.
    assert peak < 8 * 1024 * 1024, f"peak {peak / 2**20:.1f} MiB"
    print(f"\n50 MiB export: peak Python memory {peak / 2**20:.1f} MiB, {seconds:.2f} s")
    with default_storage.open(export.file, "rb") as stored:
        names = zipfile.ZipFile(stored).namelist()
    assert sum(name.startswith("applications/") for name in names) == 10


def test_the_my_data_page_runs_the_same_queries_however_many_exports(
    client, applicant, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    DataExport.objects.create(user=applicant, state=DataExportState.EXPIRED)
    client.force_login(applicant)
    client.get(reverse("privacy_data"))
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("privacy_data")).status_code == 200
    DataExport.objects.bulk_create(
        DataExport(user=applicant, state=DataExportState.EXPIRED) for _ in range(30)
    )
    with django_assert_num_queries(len(one)):
        assert client.get(reverse("privacy_data")).status_code == 200


def test_a_higher_app_adds_its_part_through_the_registry(applicant, monkeypatch):
    """The slot the access log (issue 15, part 5) fills: its sections land in every export."""
    from leadership.privacy import registry

    def who_read(user):
        return registry.ExportPart(
            sections={"who_accessed_your_applications": [{"who": "Rita", "at": "2026"}]}
        )

    monkeypatch.setitem(
        registry._CONTRIBUTORS, "access_log", registry.Contributor(name="access_log", exporter=who_read)
    )
    archive = _zip_of(data_export_build(export_id=DataExport.objects.create(user=applicant).pk))
    assert _section(archive, "who_accessed_your_applications") == [{"who": "Rita", "at": "2026"}]


def test_links_that_act_for_their_holder_are_hidden_in_the_copy(applicant):
    from notifications.services import notification_send

    notification_send(
        event="password_reset", to=[applicant], context={"uid": "MQ", "token": "secret-token-123"}
    )
    archive = _zip_of(data_export_build(export_id=DataExport.objects.create(user=applicant).pk))
    [reset] = [e for e in _section(archive, "emails_sent_to_you") if e["event"] == "password_reset"]
    assert "secret-token-123" not in reset["body_text"]
    assert "[link hidden]" in reset["body_text"]


def test_a_request_gone_before_its_task_ran_is_skipped(applicant):
    export = DataExport.objects.create(user=applicant)
    DataExport.objects.filter(pk=export.pk).delete()
    assert data_export_build(export_id=export.pk) is None


def test_the_zip_says_who_read_your_applications(
    client, applicant, community, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(community=community, created_by=applicant, status=Status.IN_REVIEW)
    ApplicationFactory(status=Status.IN_REVIEW)  # someone else's: not in this person's copy
    reader = make_program_staff(full_name="Rita Reader")
    client.force_login(reader)
    assert client.get(reverse("staff_application_reviews", args=[application.pk])).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        export = data_export_request(by=applicant)
    [row] = _section(_zip_of(export), "who_accessed_your_applications")
    assert (row["who"], row["application_id"]) == ("Rita Reader", application.pk)
