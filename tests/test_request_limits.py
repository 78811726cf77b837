"""A request larger than MAX_REQUEST_BYTES is refused with 413 before its body is read."""

import pytest
from django.urls import reverse

from tests.factories import ApplicationFactory

SIXTY_MB = 60 * 1024 * 1024


class UnreadableBody:
    """A WSGI input stream that fails the test if anything reads it."""

    def read(self, *args: object) -> bytes:
        raise AssertionError("the request body was read")

    readline = read

    def __iter__(self):
        raise AssertionError("the request body was read")


def _oversized(client, url: str, **headers: str):
    return client.post(
        url,
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(SIXTY_MB),
        **{"wsgi.input": UnreadableBody()},
        **headers,
    )


@pytest.fixture
def draft(community, applicant, client):
    client.force_login(applicant)
    return ApplicationFactory(community=community, created_by=applicant)


def test_an_oversized_upload_gets_the_413_page_unread(client, draft):
    response = _oversized(client, reverse("attachment_upload", args=[draft.pk]))
    assert response.status_code == 413
    assert response.templates[0].name == "413.html"
    assert "base.html" in [t.name for t in response.templates]
    content = response.content.decode()
    assert "This file is too large" in content
    assert "10.0\xa0MB" in content  # the attachment limit, in words a person can act on
    assert draft.attachments.count() == 0


def test_an_oversized_autosave_gets_json_unread(client, draft):
    response = _oversized(
        client,
        reverse("application_autosave", args=[draft.pk]),
        HTTP_ACCEPT="application/json",
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["saved"] is False
    assert "too large" in body["error"]


def test_a_beacon_without_headers_but_from_fetch_gets_json(client, draft):
    response = _oversized(
        client, reverse("application_autosave", args=[draft.pk]), HTTP_SEC_FETCH_DEST="empty"
    )
    assert response.status_code == 413
    assert response.json()["saved"] is False


def test_the_413_page_is_in_the_visitors_language(client, draft):
    response = _oversized(client, reverse("attachment_upload", args=[draft.pk]), HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 413
    assert '<html lang="fr">' in response.content.decode()


def test_anonymous_oversized_posts_are_refused_too(client, db):
    response = _oversized(client, reverse("login"))
    assert response.status_code == 413


def test_a_request_under_the_limit_goes_through(client, draft, settings):
    settings.MAX_REQUEST_BYTES = 1024
    response = client.post(
        reverse("application_autosave", args=[draft.pk]),
        {"title": "Still a draft"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200
    assert response.json()["saved"] is True


def test_the_limit_is_just_above_the_largest_attachment(settings):
    overhead = settings.MAX_REQUEST_BYTES - settings.MAX_ATTACHMENT_BYTES
    assert 64 * 1024 <= overhead <= 4 * 1024 * 1024


def test_the_body_size_gate_runs_before_anything_reads_the_body(settings):
    middleware = settings.MIDDLEWARE
    gate = middleware.index("config.middleware.RequestSizeLimitMiddleware")
    assert gate < middleware.index("django.middleware.csrf.CsrfViewMiddleware")
    assert gate < middleware.index("django.middleware.common.CommonMiddleware")
