"""Local gatherings: proposal, staff decision, listing by place, RSVP and waitlist, host tools."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from leadership.models import Gathering, GatheringStatus, GatheringStatusChange, Rsvp, RsvpState
from leadership.services import (
    DevelopmentRefused,
    gathering_approve,
    gathering_cancel,
    gathering_capacity_change,
    gathering_decline,
    gathering_message_attendees,
    gathering_propose,
    gathering_report_submit,
    gathering_rsvp,
    rsvp_cancel,
)
from tests.factories import GatheringFactory, UserFactory, group_admin

pytestmark = pytest.mark.django_db


def proposal(**overrides):
    start = timezone.now() + timedelta(days=10)
    data = {
        "title": "Admins of Lyon meet",
        "description": "Share what works.",
        "venue": "Maison des associations",
        "city": "Lyon",
        "country": "FR",
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "capacity": 12,
        "is_public": True,
    }
    return {**data, **overrides}


# Proposal and decision -----------------------------------------------------------------------


def test_group_admin_proposes_and_staff_are_told(
    community, applicant, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        gathering = gathering_propose(by=applicant, data=proposal())
    assert gathering.status == GatheringStatus.PROPOSED
    assert gathering.host == applicant
    assert GatheringStatusChange.objects.filter(
        gathering=gathering, new_status="proposed", by=applicant
    ).exists()
    assert [m.to for m in mail.outbox] == [[staff.email]]
    assert "Admins of Lyon meet" in mail.outbox[0].subject


def test_someone_who_runs_no_community_cannot_propose(stranger):
    with pytest.raises(DevelopmentRefused, match="Only group admins"):
        gathering_propose(by=stranger, data=proposal())


def test_a_proposal_in_the_past_is_refused(community, applicant):
    past = timezone.now() - timedelta(days=1)
    with pytest.raises(DevelopmentRefused):
        gathering_propose(by=applicant, data=proposal(starts_at=past, ends_at=past + timedelta(hours=1)))


def test_staff_approve_and_the_host_is_emailed(staff, django_capture_on_commit_callbacks):
    gathering = GatheringFactory(status="proposed")
    with django_capture_on_commit_callbacks(execute=True):
        gathering_approve(gathering=gathering, by=staff, note="Lovely idea")
    gathering.refresh_from_db()
    assert gathering.status == GatheringStatus.APPROVED
    assert mail.outbox[0].to == [gathering.host.email]
    assert "Lovely idea" in mail.outbox[0].body
    change = GatheringStatusChange.objects.get(gathering=gathering, new_status="approved")
    assert (change.old_status, change.by) == ("proposed", staff)


def test_staff_decline_with_a_reason(staff, django_capture_on_commit_callbacks):
    gathering = GatheringFactory(status="proposed")
    with django_capture_on_commit_callbacks(execute=True):
        gathering_decline(gathering=gathering, by=staff, note="Too close to another one")
    gathering.refresh_from_db()
    assert gathering.status == GatheringStatus.DECLINED
    assert "Too close to another one" in mail.outbox[0].body


def test_only_staff_decide(applicant, community):
    gathering = GatheringFactory(status="proposed")
    with pytest.raises(DevelopmentRefused):
        gathering_approve(gathering=gathering, by=applicant)


def test_a_declined_gathering_cannot_be_approved(staff):
    gathering = GatheringFactory(status="declined")
    with pytest.raises(DevelopmentRefused, match="cannot become approved"):
        gathering_approve(gathering=gathering, by=staff)


# RSVP and waitlist ---------------------------------------------------------------------------


def test_rsvp_confirms_while_seats_remain_then_waitlists_in_order():
    gathering = GatheringFactory(capacity=2)
    people = [group_admin() for _ in range(4)]
    states = [gathering_rsvp(gathering=gathering, by=p).state for p in people]
    assert states == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    waitlist = list(
        Rsvp.objects.filter(gathering=gathering, state="waitlisted")
        .order_by("requested_at", "id")
        .values_list("user", flat=True)
    )
    assert waitlist == [people[2].pk, people[3].pk]


def test_rsvp_twice_keeps_one_seat():
    gathering = GatheringFactory(capacity=2)
    admin = group_admin()
    gathering_rsvp(gathering=gathering, by=admin)
    gathering_rsvp(gathering=gathering, by=admin)
    assert Rsvp.objects.filter(gathering=gathering, state="confirmed").count() == 1


def test_cancellation_promotes_the_first_waitlisted_and_emails_them(django_capture_on_commit_callbacks):
    gathering = GatheringFactory(capacity=1)
    first, second, third = group_admin(), group_admin(), group_admin()
    for person in (first, second, third):
        gathering_rsvp(gathering=gathering, by=person)
    with django_capture_on_commit_callbacks(execute=True):
        rsvp_cancel(gathering=gathering, user=first, by=first)
    assert Rsvp.objects.get(gathering=gathering, user=second).state == RsvpState.CONFIRMED
    assert Rsvp.objects.get(gathering=gathering, user=second).promoted_at is not None
    assert Rsvp.objects.get(gathering=gathering, user=third).state == RsvpState.WAITLISTED
    assert [m.to for m in mail.outbox] == [[second.email]]
    assert "seat" in mail.outbox[0].subject.lower()


def test_leaving_the_waitlist_promotes_nobody(django_capture_on_commit_callbacks):
    gathering = GatheringFactory(capacity=1)
    first, second = group_admin(), group_admin()
    gathering_rsvp(gathering=gathering, by=first)
    gathering_rsvp(gathering=gathering, by=second)
    with django_capture_on_commit_callbacks(execute=True):
        rsvp_cancel(gathering=gathering, user=second, by=second)
    assert mail.outbox == []
    assert Rsvp.objects.get(user=first).state == "confirmed"


def test_coming_back_after_cancelling_goes_to_the_end_of_the_waitlist():
    gathering = GatheringFactory(capacity=1)
    first, second = group_admin(), group_admin()
    gathering_rsvp(gathering=gathering, by=first)
    gathering_rsvp(gathering=gathering, by=second)
    rsvp_cancel(gathering=gathering, user=first, by=first)
    again = gathering_rsvp(gathering=gathering, by=first)
    assert again.state == "waitlisted"


def test_rsvp_refused_for_the_host_non_admins_and_unapproved():
    gathering = GatheringFactory()
    with pytest.raises(DevelopmentRefused, match="host"):
        gathering_rsvp(gathering=gathering, by=gathering.host)
    with pytest.raises(DevelopmentRefused, match="group admins"):
        gathering_rsvp(gathering=gathering, by=UserFactory())
    with pytest.raises(DevelopmentRefused, match="not open"):
        gathering_rsvp(gathering=GatheringFactory(status="proposed"), by=group_admin())


def test_cancelling_a_gathering_tells_everyone_who_rsvped(django_capture_on_commit_callbacks):
    gathering = GatheringFactory(capacity=1)
    first, second = group_admin(), group_admin()
    gathering_rsvp(gathering=gathering, by=first)
    gathering_rsvp(gathering=gathering, by=second)
    with django_capture_on_commit_callbacks(execute=True):
        gathering_cancel(gathering=gathering, by=gathering.host, note="Venue closed")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.email, second.email])


# Host tools ----------------------------------------------------------------------------------


def test_host_emails_confirmed_attendees_only(django_capture_on_commit_callbacks):
    gathering = GatheringFactory(capacity=1)
    seated, waiting = group_admin(), group_admin()
    gathering_rsvp(gathering=gathering, by=seated)
    gathering_rsvp(gathering=gathering, by=waiting)
    with django_capture_on_commit_callbacks(execute=True):
        message = gathering_message_attendees(
            gathering=gathering, by=gathering.host, subject="Bring a friend", body="Doors open at 9."
        )
    assert message.recipient_count == 1
    assert [m.to for m in mail.outbox] == [[seated.email]]
    assert "Bring a friend" in mail.outbox[0].subject
    assert "Doors open at 9." in mail.outbox[0].body


def test_only_the_host_emails_attendees():
    gathering = GatheringFactory()
    other = group_admin()
    gathering_rsvp(gathering=gathering, by=other)
    with pytest.raises(DevelopmentRefused):
        gathering_message_attendees(gathering=gathering, by=other, subject="Hi", body="Hi")


def test_host_files_the_report_after_the_gathering():
    gathering = GatheringFactory(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    report = gathering_report_submit(
        gathering=gathering,
        by=gathering.host,
        attendance=8,
        learnings="Moderation tips",
        follow_up="Monthly call",
    )
    assert report.attendance == 8
    again = gathering_report_submit(
        gathering=gathering,
        by=gathering.host,
        attendance=9,
        learnings="Moderation tips",
        follow_up="Monthly call",
    )
    assert again.pk == report.pk and again.attendance == 9


def test_no_report_before_the_gathering():
    gathering = GatheringFactory()
    with pytest.raises(DevelopmentRefused, match="once"):
        gathering_report_submit(
            gathering=gathering, by=gathering.host, attendance=1, learnings="x", follow_up="y"
        )


# Listing -------------------------------------------------------------------------------------


def test_admins_see_approved_gatherings_grouped_by_country_and_city(client, applicant, community):
    GatheringFactory(title="Paris meetup", city="Paris", country="FR")
    GatheringFactory(title="Lyon meetup", city="Lyon", country="FR")
    GatheringFactory(title="Dakar meetup", city="Dakar", country="SN")
    GatheringFactory(title="Not yet approved", status="proposed")
    client.force_login(applicant)
    response = client.get(reverse("gathering_list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Paris meetup" in body and "Dakar meetup" in body
    assert "Not yet approved" not in body
    assert body.index("France") < body.index("Lyon meetup") < body.index("Paris meetup")
    assert body.index("Senegal") < body.index("Dakar meetup")


def test_admins_filter_by_country(client, applicant, community):
    GatheringFactory(title="Lyon meetup", city="Lyon", country="FR")
    GatheringFactory(title="Dakar meetup", city="Dakar", country="SN")
    client.force_login(applicant)
    body = client.get(reverse("gathering_list"), {"country": "SN"}).content.decode()
    assert "Dakar meetup" in body and "Lyon meetup" not in body


def test_public_list_shows_only_gatherings_whose_host_agreed(client):
    GatheringFactory(title="Open breakfast", is_public=True)
    GatheringFactory(title="Private breakfast", is_public=False)
    body = client.get(reverse("gathering_public_list")).content.decode()
    assert "Open breakfast" in body and "Private breakfast" not in body


def test_gathering_list_runs_in_constant_queries(client, applicant, community, django_assert_max_num_queries):
    client.force_login(applicant)
    GatheringFactory.create_batch(2)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("gathering_list")).status_code == 200
    GatheringFactory.create_batch(15, city="Paris")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("gathering_list")).status_code == 200


# Views ---------------------------------------------------------------------------------------


def test_propose_view_creates_a_proposal(client, applicant, community):
    client.force_login(applicant)
    start = (timezone.localtime() + timedelta(days=5)).replace(second=0, microsecond=0)
    response = client.post(
        reverse("gathering_propose"),
        {
            "title": "Meet in Lyon",
            "description": "Coffee",
            "venue": "Café",
            "city": "Lyon",
            "country": "FR",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "time_zone": "Europe/Paris",
            "capacity": 10,
        },
    )
    gathering = Gathering.objects.get(title="Meet in Lyon")
    assert response.status_code == 302 and response.url == gathering.get_absolute_url()
    assert gathering.starts_at == start


def test_propose_view_shows_the_refusal_on_the_form(client, stranger):
    client.force_login(stranger)
    start = timezone.localtime() + timedelta(days=5)
    response = client.post(
        reverse("gathering_propose"),
        {
            "title": "Meet in Lyon",
            "description": "Coffee",
            "venue": "Café",
            "city": "Lyon",
            "country": "FR",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "capacity": 10,
        },
    )
    assert response.status_code == 200
    assert "Only group admins" in response.content.decode()
    assert 'value="Meet in Lyon"' in response.content.decode()
    assert not Gathering.objects.exists()


def test_rsvp_view(client, applicant, community):
    gathering = GatheringFactory()
    client.force_login(applicant)
    response = client.post(reverse("gathering_rsvp", args=[gathering.pk]))
    assert response.status_code == 302
    assert Rsvp.objects.get(gathering=gathering, user=applicant).state == "confirmed"
    client.post(reverse("gathering_rsvp_cancel", args=[gathering.pk]))
    assert Rsvp.objects.get(gathering=gathering, user=applicant).state == "cancelled"


@pytest.mark.parametrize("name", ["gathering_rsvp", "gathering_rsvp_cancel", "gathering_cancel"])
def test_state_changing_gathering_views_refuse_get(client, applicant, community, name):
    gathering = GatheringFactory(host=applicant)
    client.force_login(applicant)
    assert client.get(reverse(name, args=[gathering.pk])).status_code == 405


@pytest.mark.parametrize(
    "name",
    ["gathering_detail", "gathering_rsvp", "gathering_message", "gathering_report", "gathering_calendar"],
)
def test_anonymous_is_sent_to_log_in(client, name):
    gathering = GatheringFactory()
    method = client.post if name == "gathering_rsvp" else client.get
    response = method(reverse(name, args=[gathering.pk]))
    assert response.status_code == 302 and "/login/" in response.url


def test_a_proposal_is_hidden_from_other_admins(client, applicant, community):
    gathering = GatheringFactory(status="proposed")
    client.force_login(applicant)
    assert client.get(reverse("gathering_detail", args=[gathering.pk])).status_code == 404
    assert client.post(reverse("gathering_rsvp", args=[gathering.pk])).status_code == 404


def test_a_private_gathering_is_hidden_from_strangers(client, stranger):
    gathering = GatheringFactory(is_public=False)
    client.force_login(stranger)
    assert client.get(reverse("gathering_detail", args=[gathering.pk])).status_code == 404


def test_host_tools_are_404_for_others(client, applicant, community):
    gathering = GatheringFactory()
    client.force_login(applicant)
    assert client.get(reverse("gathering_message", args=[gathering.pk])).status_code == 404
    assert client.get(reverse("gathering_report", args=[gathering.pk])).status_code == 404
    assert client.post(reverse("gathering_cancel", args=[gathering.pk])).status_code == 404


def test_host_sends_a_message_through_the_form(
    client, applicant, community, django_capture_on_commit_callbacks
):
    gathering = GatheringFactory(host=applicant)
    other = group_admin()
    gathering_rsvp(gathering=gathering, by=other)
    client.force_login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("gathering_message", args=[gathering.pk]), {"subject": "Agenda", "body": "Here it is."}
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[other.email]]


def test_host_files_the_report_through_the_form(client, applicant, community):
    gathering = GatheringFactory(
        host=applicant,
        starts_at=timezone.now() - timedelta(hours=3),
        ends_at=timezone.now() - timedelta(hours=1),
    )
    client.force_login(applicant)
    response = client.post(
        reverse("gathering_report", args=[gathering.pk]),
        {"attendance": 7, "learnings": "How to onboard moderators", "follow_up": "A shared guide"},
    )
    assert response.status_code == 302
    assert gathering.report.attendance == 7


# Changing the number of seats ----------------------------------------------------------------


def full_gathering(capacity: int, people: int):
    """A gathering with `capacity` seats taken and the rest of `people` on the waitlist, in order."""
    gathering = GatheringFactory(capacity=capacity)
    admins = [group_admin() for _ in range(people)]
    for person in admins:
        gathering_rsvp(gathering=gathering, by=person)
    return gathering, admins


def test_raising_capacity_moves_the_waitlist_up_in_order_and_emails_them(
    staff, django_capture_on_commit_callbacks
):
    gathering, (first, second, third, fourth) = full_gathering(capacity=1, people=4)
    with django_capture_on_commit_callbacks(execute=True):
        promoted = gathering_capacity_change(gathering=gathering, capacity=3, by=staff)
    assert [r.user for r in promoted] == [second, third]
    states = dict(Rsvp.objects.filter(gathering=gathering).values_list("user", "state"))
    assert states == {
        first.pk: RsvpState.CONFIRMED,
        second.pk: RsvpState.CONFIRMED,
        third.pk: RsvpState.CONFIRMED,
        fourth.pk: RsvpState.WAITLISTED,
    }
    assert Rsvp.objects.get(gathering=gathering, user=second).promoted_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == sorted([second.email, third.email])
    assert all("seat" in m.subject.lower() for m in mail.outbox)
    gathering.refresh_from_db()
    assert gathering.capacity == 3


def test_lowering_capacity_below_the_confirmed_seats_is_refused(staff):
    gathering, _admins = full_gathering(capacity=3, people=3)
    with pytest.raises(DevelopmentRefused, match="3 people already have a seat"):
        gathering_capacity_change(gathering=gathering, capacity=2, by=staff)
    gathering.refresh_from_db()
    assert gathering.capacity == 3
    assert Rsvp.objects.filter(gathering=gathering, state="confirmed").count() == 3


def test_lowering_capacity_to_the_confirmed_seats_is_allowed(staff):
    gathering, _admins = full_gathering(capacity=5, people=2)
    assert gathering_capacity_change(gathering=gathering, capacity=2, by=staff) == []
    gathering.refresh_from_db()
    assert gathering.capacity == 2


def test_only_staff_change_capacity():
    gathering = GatheringFactory(capacity=2)
    with pytest.raises(DevelopmentRefused, match="Only staff"):
        gathering_capacity_change(gathering=gathering, capacity=5, by=gathering.host)


def admin_change_data(gathering, **changes):
    """What the admin change form posts for a gathering, with its read-only inlines left empty."""

    def split(moment):
        return moment.date().isoformat(), moment.time().strftime("%H:%M:%S.%f")

    (start_date, start_time), (end_date, end_time) = split(gathering.starts_at), split(gathering.ends_at)
    data = {
        "title": gathering.title,
        "description": gathering.description,
        "venue": gathering.venue,
        "city": gathering.city,
        "country": str(gathering.country),
        "starts_at_0": start_date,
        "starts_at_1": start_time,
        "ends_at_0": end_date,
        "ends_at_1": end_time,
        "capacity": gathering.capacity,
    }
    for prefix in ("rsvps", "status_changes"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return {**data, **changes}


def test_staff_raise_capacity_in_the_admin_and_the_waitlist_moves_up(
    admin_client, django_capture_on_commit_callbacks
):
    gathering, (_first, second, third) = full_gathering(capacity=1, people=3)
    url = reverse("admin:leadership_gathering_change", args=[gathering.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, admin_change_data(gathering, capacity=2))
    assert response.status_code == 302
    assert response.url == reverse("admin:leadership_gathering_changelist")
    gathering.refresh_from_db()
    assert gathering.capacity == 2
    assert Rsvp.objects.get(gathering=gathering, user=second).state == RsvpState.CONFIRMED
    assert Rsvp.objects.get(gathering=gathering, user=third).state == RsvpState.WAITLISTED
    assert [m.to for m in mail.outbox] == [[second.email]]


def test_the_admin_refuses_fewer_seats_than_people_confirmed(admin_client):
    gathering, _admins = full_gathering(capacity=2, people=2)
    url = reverse("admin:leadership_gathering_change", args=[gathering.pk])
    response = admin_client.post(url, admin_change_data(gathering, capacity=1))
    assert response.status_code == 200
    assert "2 people already have a seat" in response.content.decode()
    gathering.refresh_from_db()
    assert gathering.capacity == 2
