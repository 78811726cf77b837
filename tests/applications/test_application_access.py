"""Only the community's admins see or change its application; everyone else gets the same 404."""

import pytest
from django.urls import reverse

from applications.models import Attachment, Status
from applications.services import attachment_add
from tests.applications.sample_files import PDF_BYTES, upload

APPLICATION_URLS = [
    "application_detail",
    "application_edit",
    "application_autosave",
    "application_submit",
    "application_withdraw",
    "attachment_upload",
]
ATTACHMENT_URLS = ["attachment_download", "attachment_delete"]


@pytest.fixture
def attachment(draft, applicant) -> Attachment:
    return attachment_add(application=draft, by=applicant, upload=upload("plan.pdf", PDF_BYTES))


def _url(name, draft, attachment):
    if name in ATTACHMENT_URLS:
        return reverse(name, args=[draft.pk, attachment.pk])
    return reverse(name, args=[draft.pk])


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", APPLICATION_URLS + ATTACHMENT_URLS)
def test_stranger_gets_404(client, stranger, draft, attachment, name, method):
    client.force_login(stranger)
    response = getattr(client, method)(_url(name, draft, attachment))
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert Attachment.objects.filter(pk=attachment.pk).exists()


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", APPLICATION_URLS + ATTACHMENT_URLS)
def test_anonymous_is_sent_to_log_in(client, draft, attachment, name, method):
    url = _url(name, draft, attachment)
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "name", ["application_autosave", "application_submit", "attachment_upload", "attachment_delete"]
)
def test_state_changes_refuse_get(client, applicant, draft, attachment, name):
    client.force_login(applicant)
    assert client.get(_url(name, draft, attachment)).status_code == 405


def test_missing_application_is_the_same_404(client, applicant, draft):
    client.force_login(applicant)
    assert client.get(reverse("application_detail", args=[draft.pk + 1000])).status_code == 404


def test_staff_may_read_but_not_edit(client, staff, draft):
    client.force_login(staff)
    assert client.get(reverse("application_detail", args=[draft.pk])).status_code == 200
    assert client.get(reverse("application_edit", args=[draft.pk])).status_code == 404


def test_co_admin_sees_the_application(client, co_admin, draft):
    client.force_login(co_admin)
    response = client.get(reverse("application_edit", args=[draft.pk]))
    assert response.status_code == 200
