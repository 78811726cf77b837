"""`manage.py seed_demo`: demo data through the services, and idempotent."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from applications.models import Application, Status
from grants.management.commands.seed_demo import STEPS
from leadership.demo import DEMO_PASSWORD
from leadership.models import Community, User
from leadership.roles import is_program_staff, is_reviewer
from notifications.models import Notification
from programs.models import Program, Round

pytestmark = pytest.mark.django_db


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_running_twice_changes_nothing():
    _seed()
    first = _row_counts()
    _seed()
    assert _row_counts() == first


def test_second_run_sends_no_email_again():
    _seed()
    sent = Notification.objects.count()
    assert sent > 0
    _seed()
    assert Notification.objects.count() == sent


def test_steps_are_dotted_paths_in_each_app_demo_module():
    assert STEPS[0] == "leadership.demo.seed_people"
    assert all(".demo" in step for step in STEPS)


def test_demo_logins_exist_with_the_printed_password():
    output = _seed()
    for email in ["admin@demo.example", "reviewer@demo.example", "staff@demo.example"]:
        assert email in output
        assert User.objects.get(email=email).check_password(DEMO_PASSWORD)
    assert DEMO_PASSWORD in output
    staff = User.objects.get(email="staff@demo.example")
    assert staff.is_staff and staff.is_superuser
    assert is_program_staff(staff)
    assert is_reviewer(User.objects.get(email="reviewer@demo.example"))
    assert not User.objects.get(email="admin@demo.example").is_staff
    assert User.objects.get(email="admin@demo.example").communities.exists()


def test_each_program_has_an_open_round_and_there_is_a_closed_one():
    _seed()
    for program in Program.objects.all():
        assert Round.objects.open().filter(program=program).exists()
    assert Round.objects.filter(closes_at__lt=Round.objects.open().values("opens_at")[:1]).exists()


def test_people_and_communities_are_diverse():
    _seed()
    assert Community.objects.values("country").distinct().count() >= 4
    assert Community.objects.values("focus_areas").distinct().count() >= 5
    assert User.objects.filter(language="fr").exists()
    assert Community.objects.filter(memberships__user__language="fr").exists()


def test_applications_in_draft_and_submitted_states_with_their_history():
    _seed()
    assert Application.objects.filter(status=Status.DRAFT).exists()
    submitted = Application.objects.filter(status=Status.SUBMITTED)
    assert submitted.exists()
    for application in submitted:
        moves = list(application.status_changes.values_list("old_status", "new_status"))
        assert moves[:2] == [("", Status.DRAFT), (Status.DRAFT, Status.SUBMITTED)]
        assert application.submitted_at is not None
        assert application.submitted_at < application.round.closes_at
    receipts = Notification.objects.filter(event="application_submitted")
    assert (
        receipts.count()
        >= Application.objects.filter(status=Status.SUBMITTED, round__in=Round.objects.open()).count()
    )


def test_staff_can_award_a_shortlisted_demo_application_within_the_caps():
    from grants.models import Award
    from grants.services import award_make

    _seed()
    staff = User.objects.get(email="staff@demo.example")
    shortlisted = Application.objects.filter(status=Status.SHORTLISTED, awards__isnull=True).first()
    assert shortlisted is not None, "the demo leaves one shortlisted application to award"
    award = award_make(application=shortlisted, by=staff, amount=None)
    assert Award.objects.filter(pk=award.pk, program=shortlisted.round.program).exists()
    assert Award.objects.filter(status__in=["offered", "accepted", "active"]).count() == 4


def test_demo_staff_and_reviewer_have_the_printed_demo_app_and_the_applicant_none():
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from leadership.demo import DEMO_TOTP_KEY, demo_totp_code, demo_totp_secret

    output = _seed()
    assert demo_totp_secret() in output and "demo_totp" in output
    for email in ["reviewer@demo.example", "staff@demo.example"]:
        device = TOTPDevice.objects.get(user__email=email, confirmed=True)
        assert device.key == DEMO_TOTP_KEY
        assert device.verify_token(demo_totp_code())
    assert not TOTPDevice.objects.filter(user__email="admin@demo.example").exists()
    out = StringIO()
    call_command("demo_totp", stdout=out)
    assert out.getvalue().split()[0].isdigit()
