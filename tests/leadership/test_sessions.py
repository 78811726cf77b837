"""Training sessions: audience, the hidden online link, enrolment, attendance, materials, reminders."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from leadership.models import Enrolment, SessionMaterial
from leadership.services import (
    DevelopmentRefused,
    attendance_mark,
    cohort_join,
    material_add,
    session_cancel,
    session_create,
    session_enrol,
    session_reminders_send,
)
from leadership.tasks import send_session_reminders
from tests.factories import CohortFactory, TrainingSessionFactory, UserFactory, group_admin

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def cohort(applicant):
    cohort = CohortFactory()
    cohort_join(key=cohort.key, name=cohort.name, user=applicant, by=applicant)
    return cohort


@pytest.fixture
def online_session(cohort):
    return TrainingSessionFactory(cohorts=[cohort], online_url="https://meet.example.org/secret-room")


# Audience and the online link ----------------------------------------------------------------


def test_online_link_hidden_from_anyone_not_enrolled(client, online_session, applicant, staff):
    open_session = TrainingSessionFactory(
        open_to_all_admins=True, online_url="https://meet.example.org/open-room"
    )
    outsider = group_admin()
    client.force_login(outsider)
    response = client.get(reverse("session_detail", args=[open_session.pk]))
    assert response.status_code == 200
    assert "open-room" not in response.content.decode()
    assert "once you are enrolled" in response.content.decode()
    calendar = client.get(reverse("session_calendar", args=[open_session.pk])).content.decode()
    assert "open-room" not in calendar

    session_enrol(session=open_session, user=outsider, by=outsider)
    assert "open-room" in client.get(reverse("session_detail", args=[open_session.pk])).content.decode()


def test_enrolled_cohort_member_sees_the_link(client, online_session, applicant):
    client.force_login(applicant)
    assert "secret-room" in client.get(reverse("session_detail", args=[online_session.pk])).content.decode()


def test_cancelled_member_no_longer_sees_the_link(client, online_session, applicant):
    session_cancel(session=online_session, user=applicant, by=applicant)
    client.force_login(applicant)
    body = client.get(reverse("session_detail", args=[online_session.pk])).content.decode()
    assert "secret-room" not in body


def test_cohort_only_session_is_404_for_others(client, online_session, stranger, co_admin, community):
    for person in (stranger, co_admin):  # co_admin runs a community but is not in the cohort
        client.force_login(person)
        assert client.get(reverse("session_detail", args=[online_session.pk])).status_code == 404
        assert client.post(reverse("session_enrol", args=[online_session.pk])).status_code == 404
        assert client.get(reverse("session_calendar", args=[online_session.pk])).status_code == 404


def test_cohort_only_session_refuses_others_in_the_service(online_session, co_admin, community):
    with pytest.raises(DevelopmentRefused, match="reserved"):
        session_enrol(session=online_session, user=co_admin, by=co_admin)


def test_open_session_is_for_group_admins_only(client, stranger):
    session = TrainingSessionFactory(open_to_all_admins=True)
    client.force_login(stranger)
    assert client.get(reverse("session_detail", args=[session.pk])).status_code == 404


def test_leaders_see_their_sessions_and_not_others(client, online_session, applicant):
    other = TrainingSessionFactory(title="For another cohort", cohorts=[CohortFactory()])
    client.force_login(applicant)
    body = client.get(reverse("session_list")).content.decode()
    assert online_session.title in body and other.title not in body
    assert "Enrolled" in body


def test_session_list_runs_in_constant_queries(client, applicant, cohort, django_assert_max_num_queries):
    client.force_login(applicant)
    TrainingSessionFactory.create_batch(2, cohorts=[cohort])
    with django_assert_max_num_queries(10):
        client.get(reverse("session_list"))
    TrainingSessionFactory.create_batch(12, cohorts=[cohort, CohortFactory()])
    with django_assert_max_num_queries(10):
        assert client.get(reverse("session_list")).status_code == 200


def test_times_are_shown_in_the_users_time_zone(client, applicant, cohort):
    start = timezone.now().replace(microsecond=0) + timedelta(days=3)
    start = start.replace(hour=14, minute=0, second=0)
    session = TrainingSessionFactory(cohorts=[cohort], starts_at=start, ends_at=start + timedelta(hours=1))
    applicant.time_zone = "Asia/Tokyo"
    applicant.save(update_fields=["time_zone"])
    client.force_login(applicant)
    assert "23:00" in client.get(reverse("session_detail", args=[session.pk])).content.decode()


# Enrolment -----------------------------------------------------------------------------------


def test_cohort_sessions_enrol_their_cohort_by_default(staff, applicant, cohort):
    session = session_create(
        by=staff,
        data={
            "title": "Running a group",
            "description": "Basics",
            "format": "online",
            "online_url": "https://meet.example.org/x",
            "starts_at": timezone.now() + timedelta(days=2),
            "ends_at": timezone.now() + timedelta(days=2, hours=1),
            "capacity": 20,
        },
        cohorts=[cohort],
    )
    enrolment = Enrolment.objects.get(session=session, user=applicant)
    assert enrolment.state == "enrolled" and enrolment.by_default


def test_enrol_cancel_and_enrol_again(online_session, applicant):
    session_cancel(session=online_session, user=applicant, by=applicant)
    assert Enrolment.objects.get(session=online_session, user=applicant).state == "cancelled"
    session_enrol(session=online_session, user=applicant, by=applicant)
    assert Enrolment.objects.get(session=online_session, user=applicant).state == "enrolled"


def test_a_full_session_refuses_enrolment():
    session = TrainingSessionFactory(open_to_all_admins=True, capacity=1)
    first, second = group_admin(), group_admin()
    session_enrol(session=session, user=first, by=first)
    with pytest.raises(DevelopmentRefused, match="full"):
        session_enrol(session=session, user=second, by=second)


def test_no_enrolment_once_started(applicant, cohort):
    session = TrainingSessionFactory(
        cohorts=[cohort],
        starts_at=timezone.now() - timedelta(minutes=5),
        ends_at=timezone.now() + timedelta(hours=1),
    )
    with pytest.raises(DevelopmentRefused, match="started"):
        session_enrol(session=session, user=applicant, by=applicant)


def test_enrol_and_cancel_views(client, applicant):
    session = TrainingSessionFactory(open_to_all_admins=True)
    group_admin_user = group_admin()
    client.force_login(group_admin_user)
    assert client.post(reverse("session_enrol", args=[session.pk])).status_code == 302
    assert Enrolment.objects.get(session=session, user=group_admin_user).state == "enrolled"
    assert client.post(reverse("session_cancel", args=[session.pk])).status_code == 302
    assert Enrolment.objects.get(session=session, user=group_admin_user).state == "cancelled"


@pytest.mark.parametrize("name", ["session_enrol", "session_cancel"])
def test_enrol_views_refuse_get_and_anonymous(client, online_session, applicant, name):
    url = reverse(name, args=[online_session.pk])
    response = client.post(url)
    assert response.status_code == 302 and "/login/" in response.url
    client.force_login(applicant)
    assert client.get(url).status_code == 405


# Attendance ----------------------------------------------------------------------------------


def test_staff_mark_attendance(staff, applicant, co_admin):
    cohort = CohortFactory()
    for person in (applicant, co_admin):
        cohort_join(key=cohort.key, name=cohort.name, user=person, by=staff)
    session = TrainingSessionFactory(cohorts=[cohort])
    session.starts_at = timezone.now() - timedelta(hours=1)
    session.save(update_fields=["starts_at"])
    came = attendance_mark(session=session, by=staff, present=[applicant.pk])
    assert came == 1
    marks = dict(Enrolment.objects.filter(session=session).values_list("user_id", "attended"))
    assert marks == {applicant.pk: True, co_admin.pk: False}


def test_only_staff_mark_attendance(online_session, applicant):
    with pytest.raises(DevelopmentRefused):
        attendance_mark(session=online_session, by=applicant, present=[applicant.pk])


def test_strangers_cannot_be_marked_present(online_session, staff, stranger):
    online_session.starts_at = timezone.now() - timedelta(hours=1)
    online_session.save(update_fields=["starts_at"])
    with pytest.raises(DevelopmentRefused, match="enrolled"):
        attendance_mark(session=online_session, by=staff, present=[stranger.pk])


def test_attendance_view(client, staff, online_session, applicant):
    online_session.starts_at = timezone.now() - timedelta(hours=1)
    online_session.save(update_fields=["starts_at"])
    client.force_login(staff)
    url = reverse("staff_attendance_mark", args=[online_session.pk])
    assert client.get(url).status_code == 405
    assert client.post(url, {"present": [str(applicant.pk)]}).status_code == 302
    assert Enrolment.objects.get(session=online_session, user=applicant).attended is True
    client.force_login(applicant)
    assert client.post(url, {"present": [str(applicant.pk)]}).status_code == 404


# Materials -----------------------------------------------------------------------------------


def test_materials_follow_the_upload_rules(staff, online_session):
    fake = SimpleUploadedFile("slides.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(Exception, match="not a PDF"):
        material_add(session=online_session, by=staff, upload=fake)
    good = SimpleUploadedFile("slides.pdf", PDF, content_type="application/pdf")
    material = material_add(session=online_session, by=staff, upload=good, description="Slides")
    assert material.content_type == "application/pdf" and material.size == len(PDF)


def test_materials_download_for_the_audience_only(client, staff, online_session, applicant, stranger):
    material = material_add(
        session=online_session,
        by=staff,
        upload=SimpleUploadedFile("slides.pdf", PDF, content_type="application/pdf"),
    )
    url = reverse("session_material", args=[online_session.pk, material.pk])
    client.force_login(applicant)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    client.force_login(stranger)
    assert client.get(url).status_code == 404


def test_staff_upload_material_through_the_page(client, staff, online_session):
    client.force_login(staff)
    upload = BytesIO(PDF)
    upload.name = "guide.pdf"
    response = client.post(
        reverse("staff_material_add", args=[online_session.pk]), {"file": upload, "description": "Guide"}
    )
    assert response.status_code == 302
    assert SessionMaterial.objects.get(session=online_session).original_name == "guide.pdf"


# Reminders -----------------------------------------------------------------------------------


def test_reminder_goes_once_a_day_before_and_honours_wants_reminders(
    applicant, co_admin, staff, django_capture_on_commit_callbacks
):
    cohort = CohortFactory()
    quiet = UserFactory(wants_reminders=False)
    for person in (applicant, quiet):
        cohort_join(key=cohort.key, name=cohort.name, user=person, by=staff)
    soon = TrainingSessionFactory(
        cohorts=[cohort],
        starts_at=timezone.now() + timedelta(hours=20),
        ends_at=timezone.now() + timedelta(hours=22),
    )
    TrainingSessionFactory(cohorts=[cohort])  # in a week: not yet
    with django_capture_on_commit_callbacks(execute=True):
        send_session_reminders.delay()
    assert [m.to for m in mail.outbox] == [[applicant.email]]
    assert soon.title in mail.outbox[0].subject
    assert soon.online_url in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert session_reminders_send() == 0
    assert len(mail.outbox) == 1
