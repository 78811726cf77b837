"""Second factor: staff and reviewers enrol and verify before any admin or staff page; applicants opt in."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from leadership.models import SecurityEvent, SecurityEventKind
from tests.factories import PASSWORD, confirmed_totp, make_program_staff, make_reviewer, totp_code

pytestmark = pytest.mark.django_db

STAFF_PAGES = ["/admin/", "/staff/reviews/", "/staff/awards/", "/leadership/staff/cohorts/"]


@pytest.fixture
def program_staff(staff):
    return make_program_staff(staff)


def _verify(client, code, next_url=""):
    data = {"code": code}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("mfa_verify"), data)


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_staff_with_a_password_only_session_is_sent_to_enrol(client, program_staff, path):
    client.password_only_login(program_staff)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_enrol") + "?next=")


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_staff_with_an_app_and_a_password_only_session_is_sent_to_verify(client, program_staff, path):
    confirmed_totp(program_staff)
    client.password_only_login(program_staff)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_verify") + "?next=")


def test_reviewer_is_sent_to_enrol_from_the_admin_and_every_page(client, reviewer):
    make_reviewer(reviewer)
    client.password_only_login(reviewer)
    for path in ["/admin/applications/reviewassignment/", reverse("dashboard"), reverse("profile")]:
        assert client.get(path)["Location"].startswith(reverse("mfa_enrol"))


def test_admin_site_refuses_a_password_only_session_even_without_the_middleware(rf, program_staff):
    from config.admin import GrantsAdminSite

    request = rf.get("/admin/")
    request.user = program_staff
    program_staff.is_verified = lambda: False
    assert not GrantsAdminSite().has_permission(request)
    program_staff.is_verified = lambda: True
    assert GrantsAdminSite().has_permission(request)


def test_password_login_then_code_then_admin(client, program_staff):
    device = confirmed_totp(program_staff)
    response = client.post(
        reverse("login"), {"username": program_staff.email, "password": PASSWORD, "next": "/admin/"}
    )
    assert response["Location"] == "/admin/"
    assert client.get("/admin/")["Location"] == reverse("mfa_verify") + "?next=%2Fadmin%2F"
    response = _verify(client, totp_code(device), next_url="/admin/")
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_enrolment_shows_key_and_inline_qr_then_backup_codes_once(client, reviewer):
    make_reviewer(reviewer)
    client.password_only_login(reviewer)
    page = client.get(reverse("mfa_enrol"), {"next": "/admin/"})
    content = page.content.decode()
    device = TOTPDevice.objects.get(user=reviewer, confirmed=False)
    assert "<svg" in content and "otpauth://totp/" in content
    assert page.context["secret"].replace(" ", "") in page.context["otpauth_uri"]
    assert "http" not in content.split("<svg", 1)[1].split("</svg>", 1)[0].replace("http://www.w3.org", "")
    # A reload keeps the same key, so a QR already scanned still works.
    client.get(reverse("mfa_enrol"))
    assert TOTPDevice.objects.filter(user=reviewer).count() == 1

    wrong = client.post(reverse("mfa_enrol"), {"code": "000000", "next": "/admin/"})
    assert wrong.status_code == 200 and "That code is not right" in wrong.content.decode()

    response = client.post(reverse("mfa_enrol"), {"code": totp_code(device), "next": "/admin/"})
    assert response["Location"] == reverse("mfa_backup_codes") + "?next=%2Fadmin%2F"
    codes_page = client.get(response["Location"])
    codes = codes_page.context["codes"]
    assert len(codes) == 10 and all(code in codes_page.content.decode() for code in codes)
    assert client.get(reverse("mfa_backup_codes"), {"next": "/admin/"})["Location"] == "/admin/"
    device.refresh_from_db()
    assert device.confirmed
    assert SecurityEvent.objects.filter(user=reviewer, kind=SecurityEventKind.ENROLLED, by=reviewer).exists()
    assert client.get("/admin/").status_code == 200


def test_wrong_code_is_refused_and_counted(client, program_staff):
    device = confirmed_totp(program_staff)
    client.password_only_login(program_staff)
    response = _verify(client, "123456" if totp_code(device) != "123456" else "654321")
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    assert client.get("/admin/")["Location"].startswith(reverse("mfa_verify"))


@pytest.mark.parametrize("junk", ["", "abc", "1" * 40, "12 34 5", "<script>"])
def test_garbage_codes_get_a_form_message_not_a_500(client, program_staff, junk):
    confirmed_totp(program_staff)
    client.password_only_login(program_staff)
    response = _verify(client, junk)
    assert response.status_code == 200
    assert response.context["form"].errors["code"]


def test_after_the_limit_of_wrong_codes_even_the_right_one_waits(client, program_staff, settings):
    device = confirmed_totp(program_staff)
    client.password_only_login(program_staff)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        wrong = "000000" if totp_code(device) != "000000" else "111111"
        for _ in range(settings.MFA_FAILURE_LIMIT):
            _verify(client, wrong)
        response = _verify(client, totp_code(device))
        assert "Too many wrong codes" in response.content.decode()
        assert "15 minutes" in response.content.decode()
        assert client.get("/admin/")["Location"].startswith(reverse("mfa_verify"))

        clock.shift(timedelta(seconds=settings.MFA_LOCKOUT_SECONDS + 1))
        response = _verify(client, totp_code(device), next_url="/admin/")
        assert response["Location"] == "/admin/"
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_backup_code_works_once_and_is_logged(client, program_staff):
    confirmed_totp(program_staff)
    backup = StaticDevice.objects.create(user=program_staff, name="Backup codes", confirmed=True)
    StaticToken.objects.create(device=backup, token="abcd2345")
    StaticToken.objects.create(device=backup, token="efgh6723")
    client.password_only_login(program_staff)

    response = _verify(client, "ABCD 2345", next_url="/admin/")
    assert response["Location"] == "/admin/"
    event = SecurityEvent.objects.get(user=program_staff, kind=SecurityEventKind.BACKUP_CODE_USED)
    assert event.by == program_staff and event.note == "1 backup code left"

    client.logout()
    client.password_only_login(program_staff)
    assert "That code is not right" in _verify(client, "abcd2345").content.decode()
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.BACKUP_CODE_USED).count() == 1


def test_superuser_resets_a_reviewer_who_then_enrols_again(client, reviewer, django_user_model):
    make_reviewer(reviewer)
    confirmed_totp(reviewer)
    reviewer_client = type(client)()
    reviewer_client.force_login(reviewer)
    assert reviewer_client.get("/admin/").status_code == 200

    boss = django_user_model.objects.create_superuser(
        email="boss@example.org", password=PASSWORD, full_name="B"
    )
    client.force_login(boss)
    response = client.post(
        reverse("admin:leadership_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [reviewer.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=reviewer).exists()
    event = SecurityEvent.objects.get(user=reviewer, kind=SecurityEventKind.RESET)
    assert event.by == boss
    # The reviewer's session verified with the old app no longer counts: set up a new one.
    assert reviewer_client.get("/admin/")["Location"].startswith(reverse("mfa_enrol"))


def test_program_staff_cannot_reset_anyone(client, program_staff, reviewer):
    make_reviewer(reviewer)
    confirmed_totp(reviewer)
    client.force_login(program_staff)
    client.post(
        reverse("admin:leadership_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [reviewer.pk]},
    )
    assert TOTPDevice.objects.filter(user=reviewer).exists()
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.RESET).exists()


def test_applicant_is_not_forced(client, applicant):
    client.password_only_login(applicant)
    assert client.get(reverse("dashboard")).status_code == 200
    profile = client.get(reverse("profile"))
    assert profile.status_code == 200
    assert "Turn on two-step verification" in profile.content.decode()


def test_applicant_turns_it_on_then_needs_the_code_then_turns_it_off(client, applicant):
    client.password_only_login(applicant)
    client.get(reverse("mfa_enrol"))
    device = TOTPDevice.objects.get(user=applicant)
    client.post(reverse("mfa_enrol"), {"code": totp_code(device)})
    assert "Turn off two-step verification" in client.get(reverse("profile")).content.decode()

    client.logout()
    client.password_only_login(applicant)
    assert client.get(reverse("dashboard"))["Location"].startswith(reverse("mfa_verify"))
    _verify(client, totp_code(device))
    assert client.get(reverse("dashboard")).status_code == 200

    response = client.post(reverse("mfa_disable"))
    assert response["Location"] == reverse("profile")
    assert not TOTPDevice.objects.filter(user=applicant).exists()
    assert SecurityEvent.objects.filter(user=applicant, kind=SecurityEventKind.DISABLED).exists()


def test_staff_cannot_turn_it_off(client, program_staff):
    client.force_login(program_staff)
    response = client.post(reverse("mfa_disable"), follow=True)
    assert "stays on" in response.content.decode()
    assert TOTPDevice.objects.filter(user=program_staff, confirmed=True).exists()


def test_turn_off_answers_get_with_405_and_anonymous_with_login(client, applicant):
    assert client.post(reverse("mfa_disable"))["Location"].startswith(reverse("login"))
    client.force_login(applicant)
    assert client.get(reverse("mfa_disable")).status_code == 405


def test_verify_and_enrol_ask_anonymous_to_log_in(client):
    for name in ["mfa_verify", "mfa_enrol", "mfa_backup_codes"]:
        assert client.get(reverse(name))["Location"].startswith(reverse("login"))


def test_next_to_another_site_is_ignored(client, program_staff):
    device = confirmed_totp(program_staff)
    client.password_only_login(program_staff)
    response = _verify(client, totp_code(device), next_url="https://evil.example/")
    assert response["Location"] == reverse("landing")


def test_createsuperuser_then_first_login_sets_up_the_app(client, django_user_model):
    from django.core.management import call_command

    call_command(
        "createsuperuser", interactive=False, email="root@example.org", full_name="Root", verbosity=0
    )
    root = django_user_model.objects.get(email="root@example.org")
    root.set_password(PASSWORD)
    root.save(update_fields=["password"])
    client.post(reverse("login"), {"username": root.email, "password": PASSWORD})
    assert client.get("/admin/")["Location"] == reverse("mfa_enrol") + "?next=%2Fadmin%2F"
