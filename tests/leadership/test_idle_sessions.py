"""Idle sign-out: staff and reviewers after 30 minutes, applicants after 12 hours; autosave counts."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.factories import ApplicationFactory, make_program_staff, make_reviewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


@pytest.fixture
def draft(community, open_round, applicant):
    return ApplicationFactory(community=community, round=open_round, created_by=applicant)


def _signed_out(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_staff_signed_out_after_30_idle_minutes_with_the_reason(client, staff, clock):
    make_program_staff(staff)
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200
    clock.shift(timedelta(minutes=29))
    assert client.get("/admin/").status_code == 200
    clock.shift(timedelta(minutes=30, seconds=1))
    response = client.get("/admin/")
    assert _signed_out(response)
    assert "_auth_user_id" not in client.session
    login_page = client.get(response["Location"])
    assert "You were signed out after 30 minutes without activity." in login_page.content.decode()
    # Said once: a later visit to the log-in page is a plain one.
    assert "signed out after" not in client.get(reverse("login")).content.decode()


def test_reviewer_has_the_staff_limit(client, reviewer, clock):
    make_reviewer(reviewer)
    client.force_login(reviewer)
    clock.shift(timedelta(minutes=31))
    assert _signed_out(client.get(reverse("dashboard")))


def test_applicant_keeps_12_hours_then_is_signed_out(client, applicant, clock):
    client.force_login(applicant)
    clock.shift(timedelta(hours=11, minutes=59))
    assert client.get(reverse("dashboard")).status_code == 200
    clock.shift(timedelta(hours=12, minutes=1))
    response = client.get(reverse("dashboard"))
    assert _signed_out(response)
    assert response["Location"] == reverse("login") + "?next=" + reverse("dashboard")
    assert "signed out after 12 hours without activity" in client.get(response["Location"]).content.decode()


def test_autosave_counts_as_activity(client, applicant, draft, clock):
    client.force_login(applicant)
    url = reverse("application_autosave", args=[draft.pk])
    for _ in range(3):  # 33 hours of typing, never 12 idle
        clock.shift(timedelta(hours=11))
        response = client.post(url, {"title": "Still typing"})
        assert response.status_code == 200 and response.json()["saved"]
    clock.shift(timedelta(hours=12, seconds=1))
    form_page = reverse("application_edit", args=[draft.pk])
    response = client.post(url, {"title": "Too late"}, headers={"referer": f"http://testserver{form_page}"})
    assert _signed_out(response)
    # An autosave's address is no page to come back to: the form that sent it is.
    assert response["Location"] == reverse("login") + "?next=" + form_page
    draft.refresh_from_db()
    assert draft.title == "Still typing"


def test_keep_alive_counts_as_activity(client, staff, clock):
    make_program_staff(staff)
    client.force_login(staff)
    for _ in range(4):
        clock.shift(timedelta(minutes=25))
        response = client.post(reverse("session_keepalive"))
        assert response.json() == {"signed_in": True, "idle_seconds": 1800}
    assert client.get("/admin/").status_code == 200


def test_keep_alive_refuses_get_and_answers_anonymous_with_401(client):
    assert client.get(reverse("session_keepalive")).status_code == 405
    assert client.post(reverse("session_keepalive")).status_code == 401


def test_limits_come_from_settings(client, staff, settings, clock):
    settings.SESSION_IDLE_STAFF_SECONDS = 120
    make_program_staff(staff)
    client.force_login(staff)
    clock.shift(timedelta(seconds=121))
    response = client.get("/admin/")
    assert _signed_out(response)
    assert "signed out after 2 minutes" in client.get(response["Location"]).content.decode()


def test_pages_carry_the_warning_with_data_attributes_and_no_inline_script(client, staff):
    make_program_staff(staff)
    client.force_login(staff)
    for path in [reverse("dashboard"), "/admin/"]:
        content = client.get(path).content.decode()
        assert 'data-idle-seconds="1800"' in content and 'data-warn-seconds="300"' in content
        assert "js/session-timeout.js" in content
        assert f'action="{reverse("session_keepalive")}"' in content
        assert "Stay signed in" in content
        assert "<script>" not in content


def test_anonymous_pages_have_no_warning(client):
    assert "session-timeout" not in client.get(reverse("home")).content.decode()


def test_a_post_from_elsewhere_comes_back_to_the_dashboard(client, applicant, clock):
    client.force_login(applicant)
    clock.shift(timedelta(hours=13))
    response = client.post(reverse("session_keepalive"), headers={"referer": "https://evil.example/x"})
    # The landing page sends each person on to where they work: an applicant, to the dashboard.
    assert response["Location"] == reverse("login") + "?next=" + reverse("landing")
