"""Attachments are checked by their bytes and served only to the community's admins and staff."""

import pytest
from django.urls import reverse

from applications.models import Attachment
from leadership.uploads import DOCX, PDF, PNG, XLSX, sniff
from tests.applications.sample_files import (
    EXE_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    docx_bytes,
    plain_zip_bytes,
    upload,
    xlsx_bytes,
)


def _upload(client, application, name, content, description="Budget"):
    return client.post(
        reverse("attachment_upload", args=[application.pk]),
        {"upload": upload(name, content), "description": description},
    )


def test_exe_renamed_pdf_is_refused_with_the_message_on_the_form(client, applicant, draft):
    client.force_login(applicant)
    response = _upload(client, draft, "budget.pdf", EXE_BYTES)
    assert response.status_code == 200
    errors = response.context["attachment_form"].errors["upload"]
    assert errors == [
        "budget.pdf is not a PDF, PNG, JPEG, XLSX or DOCX file, whatever its name says. Please upload one of those formats."
    ]
    assert "whatever its name says" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_pdf_named_like_an_image_is_refused(client, applicant, draft):
    client.force_login(applicant)
    response = _upload(client, draft, "photo.png", PDF_BYTES)
    assert "its content is PDF" in response.context["attachment_form"].errors["upload"][0]
    assert not Attachment.objects.exists()


def test_a_file_over_10_mb_is_refused(client, applicant, draft):
    client.force_login(applicant)
    response = _upload(client, draft, "big.pdf", PDF_BYTES + b"0" * (10 * 1024 * 1024))
    assert "at most 10.0" in response.context["attachment_form"].errors["upload"][0]
    assert not Attachment.objects.exists()


def test_real_pdf_is_accepted_and_stored_under_a_random_name(client, applicant, draft):
    client.force_login(applicant)
    response = _upload(client, draft, "plan.pdf", PDF_BYTES)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.original_name, attachment.content_type, attachment.size) == (
        "plan.pdf",
        "application/pdf",
        len(PDF_BYTES),
    )
    assert attachment.description == "Budget"
    assert "plan" not in attachment.file.name


@pytest.fixture
def stored_pdf(client, applicant, draft):
    client.force_login(applicant)
    _upload(client, draft, "plan.pdf", PDF_BYTES)
    client.logout()
    return Attachment.objects.get()


@pytest.mark.parametrize("persona", ["applicant", "co_admin", "staff"])
def test_admins_and_staff_download_the_file(client, stored_pdf, persona, request):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("attachment_download", args=[stored_pdf.application_id, stored_pdf.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="plan.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_stranger_gets_404_on_download(client, stranger, stored_pdf):
    client.force_login(stranger)
    response = client.get(reverse("attachment_download", args=[stored_pdf.application_id, stored_pdf.pk]))
    assert response.status_code == 404


def test_anonymous_download_is_sent_to_log_in(client, stored_pdf):
    response = client.get(reverse("attachment_download", args=[stored_pdf.application_id, stored_pdf.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_attachment_of_another_application_is_404(client, applicant, stored_pdf, community):
    from tests.factories import ApplicationFactory, RoundFactory

    other = ApplicationFactory(community=community, round=RoundFactory())
    client.force_login(applicant)
    assert client.get(reverse("attachment_download", args=[other.pk, stored_pdf.pk])).status_code == 404


def test_admin_removes_an_attachment(client, applicant, stored_pdf):
    client.force_login(applicant)
    url = reverse("attachment_delete", args=[stored_pdf.application_id, stored_pdf.pk])
    response = client.post(url)
    assert response.status_code == 302
    assert not Attachment.objects.exists()


def test_staff_cannot_remove_an_attachment(client, staff, stored_pdf):
    client.force_login(staff)
    url = reverse("attachment_delete", args=[stored_pdf.application_id, stored_pdf.pk])
    assert client.post(url).status_code == 404
    assert Attachment.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("budget.xlsx", xlsx_bytes(), XLSX),
        ("letter.docx", docx_bytes(), DOCX),
        ("plan.pdf", PDF_BYTES, PDF),
        ("photo.png", PNG_BYTES, PNG),
        ("anything.docx", plain_zip_bytes(), None),
        ("budget.xlsx", EXE_BYTES, None),
    ],
)
def test_type_is_detected_from_the_content(name, content, kind):
    assert sniff(upload(name, content)) is kind


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("budget.xlsx", xlsx_bytes(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (
            "letter.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_office_documents_are_accepted_with_their_detected_type(
    client, applicant, draft, name, content, content_type
):
    client.force_login(applicant)
    assert _upload(client, draft, name, content).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == content_type
    response = client.get(reverse("attachment_download", args=[draft.pk, attachment.pk]))
    assert response["Content-Type"] == content_type


def test_files_cannot_be_added_after_submission(client, applicant, draft):
    client.force_login(applicant)
    client.post(reverse("application_submit", args=[draft.pk]))
    response = _upload(client, draft, "plan.pdf", PDF_BYTES)
    assert response.status_code == 302
    assert not Attachment.objects.exists()
