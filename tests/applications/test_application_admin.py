"""The admin shows applications with their files and history, and changes no status."""

from django.urls import reverse

from applications.models import Application
from applications.services import attachment_add
from tests.applications.sample_files import PDF_BYTES, upload
from tests.factories import StaffFactory


def test_admin_lists_and_shows_an_application_read_only(client, draft, applicant):
    attachment_add(application=draft, by=applicant, upload=upload("plan.pdf", PDF_BYTES))
    client.force_login(StaffFactory(is_superuser=True))
    listing = client.get(reverse("admin:applications_application_changelist"))
    assert listing.status_code == 200
    assert draft.title in listing.content.decode()
    page = client.get(reverse("admin:applications_application_change", args=[draft.pk]))
    content = page.content.decode()
    assert page.status_code == 200
    assert reverse("attachment_download", args=[draft.pk, draft.attachments.get().pk]) in content
    assert 'name="status"' not in content  # the status changes only through the workflow
    assert 'name="title"' not in content
    assert 'name="decision_note"' in content


def test_admin_cannot_add_or_delete_applications(client, draft):
    client.force_login(StaffFactory(is_superuser=True))
    assert client.get(reverse("admin:applications_application_add")).status_code in {403, 404}
    delete_url = reverse("admin:applications_application_delete", args=[draft.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code in {403, 404}
    assert Application.objects.filter(pk=draft.pk).exists()
