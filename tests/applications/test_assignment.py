"""Assigning reviewers from the database: whole rounds, top-ups, conflicts and ties, by hand, emails."""

from collections import Counter

import pytest
from django.core import mail
from django.core.management import call_command

from applications.models import ReviewAssignment, Status
from applications.services import ReviewRefused, assignments_create, conflict_declare, reviewers_assign
from leadership.models import FocusArea
from tests.factories import (
    ApplicationFactory,
    CommunityFactory,
    ReviewAssignmentFactory,
    RoundFactory,
    make_program_staff,
    make_reviewer,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(staff):
    return make_program_staff(staff)


def _round_with(n_apps: int, **community):
    round_ = RoundFactory()
    apps = [ApplicationFactory(round=round_, status=Status.IN_REVIEW, **community) for _ in range(n_apps)]
    return round_, apps


def test_every_application_gets_n_reviewers_with_even_loads(manager, django_capture_on_commit_callbacks):
    round_, apps = _round_with(7)
    ApplicationFactory(round=round_, status=Status.SUBMITTED)  # not screened: not assigned
    reviewers = [make_reviewer() for _ in range(5)]
    with django_capture_on_commit_callbacks(execute=True):
        result = reviewers_assign(round=round_, by=manager, per_application=3)
    assert len(result.created) == 21
    per_app = Counter(a.application_id for a in ReviewAssignment.objects.all())
    assert per_app == {a.pk: 3 for a in apps}
    loads = Counter(a.reviewer_id for a in ReviewAssignment.objects.all())
    assert max(loads.values()) - min(loads.values()) <= 1
    assert set(loads) == {r.pk for r in reviewers}
    # One email per reviewer, listing all their new assignments.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.email for r in reviewers)
    first = next(m for m in mail.outbox if m.to == [reviewers[0].email])
    assert first.body.count("/admin/applications/reviewassignment/") >= loads[reviewers[0].pk]


def test_rerunning_tops_up_and_never_duplicates(manager):
    round_, _apps = _round_with(4)
    for _ in range(4):
        make_reviewer()
    reviewers_assign(round=round_, by=manager, per_application=2)
    assert reviewers_assign(round=round_, by=manager, per_application=2).created == []
    assignment = ReviewAssignment.objects.first()
    conflict_declare(assignment=assignment, by=assignment.reviewer, reason="My cousin runs it.")
    again = reviewers_assign(round=round_, by=manager, per_application=2)
    assert len(again.created) == 1
    assert again.created[0].reviewer_id != assignment.reviewer_id
    assert again.created[0].application_id == assignment.application_id
    assert ReviewAssignment.objects.active().count() == 8


def test_never_assigns_a_community_the_reviewer_administers_or_declared_or_is_tied_to(manager):
    round_ = RoundFactory()
    admin_reviewer = make_reviewer()
    tied_reviewer = make_reviewer()
    country_reviewer = make_reviewer()
    org_reviewer = make_reviewer()
    free_reviewer = make_reviewer()
    own = CommunityFactory(admins=[admin_reviewer])
    tied = CommunityFactory()
    tied_reviewer.reviewer_profile.communities.add(tied)
    country_reviewer.reviewer_profile.avoid_countries = ["KE"]
    country_reviewer.reviewer_profile.save()
    org_reviewer.reviewer_profile.organisations = "Lagos Tech Hub\n"
    org_reviewer.reviewer_profile.save()
    a_own = ApplicationFactory(round=round_, community=own, status=Status.IN_REVIEW)
    a_tied = ApplicationFactory(round=round_, community=tied, status=Status.IN_REVIEW)
    a_kenya = ApplicationFactory(
        round=round_, community=CommunityFactory(country="KE"), status=Status.IN_REVIEW
    )
    a_org = ApplicationFactory(
        round=round_, status=Status.IN_REVIEW, leaders="Ngozi, mentor at the Lagos Tech Hub"
    )
    # A conflict declared in an earlier round carries over to the same community.
    earlier = ReviewAssignmentFactory(reviewer=free_reviewer, application__community=tied)
    conflict_declare(assignment=earlier, by=free_reviewer, reason="I moderate it.")

    reviewers_assign(round=round_, by=manager, per_application=3)

    pairs = set(
        ReviewAssignment.objects.active().for_round(round_).values_list("reviewer_id", "application_id")
    )
    assert (admin_reviewer.pk, a_own.pk) not in pairs
    assert (tied_reviewer.pk, a_tied.pk) not in pairs
    assert (free_reviewer.pk, a_tied.pk) not in pairs
    assert (country_reviewer.pk, a_kenya.pk) not in pairs
    assert (org_reviewer.pk, a_org.pk) not in pairs
    assert Counter(app for _rev, app in pairs) == {a_own.pk: 3, a_tied.pk: 3, a_kenya.pk: 3, a_org.pk: 3}


def test_expertise_matches_are_preferred(manager):
    round_ = RoundFactory()
    health = make_reviewer()
    health.reviewer_profile.expertise.set(FocusArea.objects.filter(code="health"))
    environment = make_reviewer()
    environment.reviewer_profile.expertise.set(FocusArea.objects.filter(code="environment"))
    a_health = ApplicationFactory(
        round=round_, status=Status.IN_REVIEW, community=CommunityFactory(focus=["health"])
    )
    a_env = ApplicationFactory(
        round=round_, status=Status.IN_REVIEW, community=CommunityFactory(focus=["environment"])
    )
    reviewers_assign(round=round_, by=manager, per_application=1)
    assert set(ReviewAssignment.objects.values_list("reviewer_id", "application_id")) == {
        (health.pk, a_health.pk),
        (environment.pk, a_env.pk),
    }


def test_only_program_staff_may_assign(reviewer, staff_without_role):
    round_, _apps = _round_with(1)
    make_reviewer(reviewer)
    for who in (reviewer, staff_without_role):
        with pytest.raises(ReviewRefused):
            reviewers_assign(round=round_, by=who, per_application=1)


def test_the_command_assigns_a_round(capsys):
    round_, _apps = _round_with(3)
    for _ in range(3):
        make_reviewer()
    call_command("assign_reviewers", str(round_.pk), "--per-application", "2")
    assert ReviewAssignment.objects.count() == 6
    assert "6 new assignments" in capsys.readouterr().out
    call_command("assign_reviewers", str(round_.pk), "--per-application", "2")
    assert ReviewAssignment.objects.count() == 6


def test_by_hand_refuses_hard_conflicts_and_asks_to_confirm_ties(manager):
    admin_reviewer, tied_reviewer, free = make_reviewer(), make_reviewer(), make_reviewer()
    community = CommunityFactory(admins=[admin_reviewer])
    tied_reviewer.reviewer_profile.communities.add(community)
    application = ApplicationFactory(community=community, status=Status.IN_REVIEW)
    with pytest.raises(ReviewRefused, match="administers"):
        assignments_create(application=application, reviewers=[admin_reviewer], by=manager)
    with pytest.raises(ReviewRefused, match="confirm"):
        assignments_create(application=application, reviewers=[tied_reviewer], by=manager)
    created = assignments_create(
        application=application, reviewers=[tied_reviewer, free], by=manager, allow_ties=True
    )
    assert len(created) == 2
    with pytest.raises(ReviewRefused, match="already assigned"):
        assignments_create(application=application, reviewers=[free], by=manager)


def test_staff_see_suggested_conflicts_before_confirming_in_the_admin(client, manager):
    tied = make_reviewer(full_name="Tia Tied")
    free = make_reviewer(full_name="Fred Free")
    community = CommunityFactory(country="KE")
    tied.reviewer_profile.avoid_countries = ["KE"]
    tied.reviewer_profile.save()
    application = ApplicationFactory(community=community, status=Status.IN_REVIEW)
    client.force_login(manager)
    url = f"/admin/applications/reviewassignment/application/{application.pk}/assign/"
    page = client.get(url).content.decode()
    assert "prefers not to judge Kenya" in page
    response = client.post(url, {"reviewers": [str(tied.pk)]})
    assert response.status_code == 200
    assert "confirm to assign anyway" in response.content.decode()
    response = client.post(url, {"reviewers": [str(tied.pk), str(free.pk)], "allow_ties": "on"})
    assert response.status_code == 302
    assert set(application.review_assignments.values_list("reviewer_id", flat=True)) == {tied.pk, free.pk}


def test_round_assignment_admin_action(client, manager):
    _round, apps = _round_with(2)
    for _ in range(2):
        make_reviewer()
    client.force_login(manager)
    data = {"action": "assign_reviewers_to_round", "_selected_action": [str(apps[0].pk)]}
    page = client.post("/admin/applications/application/", data)
    assert page.status_code == 200 and "Reviewers per application" in page.content.decode()
    response = client.post(
        "/admin/applications/application/",
        {**data, "per_application": "2", "select_across": "0", "apply": "1"},
    )
    assert response.status_code == 302
    assert ReviewAssignment.objects.count() == 4


def test_round_assignment_admin_page(client, manager):
    round_, _apps = _round_with(2)
    make_reviewer()
    client.force_login(manager)
    response = client.post(
        "/admin/applications/reviewassignment/assign-round/", {"round": round_.pk, "per_application": 1}
    )
    assert response.status_code == 302
    assert ReviewAssignment.objects.count() == 2
