"""My reviews: the reviewer's queue by round, in their zone, in a constant number of queries."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import Review, ReviewAssignment, Status
from tests.factories import (
    ApplicationFactory,
    ReviewAssignmentFactory,
    RoundFactory,
    make_reviewer,
    submitted_review,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(reviewer):
    make_reviewer(reviewer)
    round_ = RoundFactory(title="Spring call", closes_at=timezone.now() + timedelta(days=1))
    to_do = ReviewAssignmentFactory(
        reviewer=reviewer,
        application=ApplicationFactory(round=round_, status=Status.IN_REVIEW, title="Water"),
    )
    draft = ReviewAssignmentFactory(
        reviewer=reviewer,
        application=ApplicationFactory(round=round_, status=Status.IN_REVIEW, title="Seeds"),
    )
    Review.objects.create(assignment=draft)
    done = ReviewAssignmentFactory(
        reviewer=reviewer,
        application=ApplicationFactory(round=round_, status=Status.IN_REVIEW, title="Books"),
    )
    submitted_review(done, [4] * round_.program.criteria.count())
    conflict = ReviewAssignmentFactory(
        reviewer=reviewer,
        application=ApplicationFactory(round=round_, status=Status.IN_REVIEW, title="Choir"),
        conflict_declared_at=timezone.now(),
        conflict_reason="My cousin runs it",
    )
    return {"round": round_, "to_do": to_do, "draft": draft, "done": done, "conflict": conflict}


def test_the_queue_shows_each_state_with_a_link_to_the_scoring_page(client, reviewer, queue):
    client.force_login(reviewer)
    response = client.get(reverse("my_reviews"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Spring call" in html
    for key in ("to_do", "draft", "done"):
        url = reverse("admin:applications_reviewassignment_change", args=[queue[key].pk])
        assert f'href="{url}"' in html, key
    assert reverse("admin:applications_reviewassignment_change", args=[queue["conflict"].pk]) not in html
    assert "My cousin runs it" in html
    queues = response.context["queues"]
    assert len(queues) == 1
    q = queues[0]
    assert (q.to_do, q.drafts, q.submitted, q.conflicts) == (1, 1, 1, 1)
    # What is left to do comes first: the draft, then the one not started.
    assert [a.pk for a in q.assignments[:2]] == [queue["draft"].pk, queue["to_do"].pk]


def test_the_deadline_is_shown_in_the_reviewers_zone(client, reviewer, queue):
    reviewer.time_zone = "Africa/Nairobi"
    reviewer.save(update_fields=["time_zone"])
    client.force_login(reviewer)
    html = client.get(reverse("my_reviews")).content.decode()
    deadline = timezone.localtime(queue["round"].review_closes_at, timezone=ZoneInfo("Africa/Nairobi"))
    assert deadline.strftime("%H:%M") + " EAT" in html


def test_only_their_own_assignments(client, reviewer, other_reviewer, queue):
    make_reviewer(other_reviewer)
    theirs = ReviewAssignmentFactory(reviewer=other_reviewer)
    client.force_login(reviewer)
    html = client.get(reverse("my_reviews")).content.decode()
    assert reverse("admin:applications_reviewassignment_change", args=[theirs.pk]) not in html


@pytest.mark.parametrize("persona", ["applicant", "staff"])
def test_people_who_do_not_review_get_404(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("my_reviews")).status_code == 404


def test_anonymous_visitors_are_asked_to_log_in(client):
    response = client.get(reverse("my_reviews"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_constant_queries_at_two_sizes(client, reviewer, queue):
    client.force_login(reviewer)
    client.get(reverse("my_reviews"))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("my_reviews")).status_code == 200
        return len(queries)

    small = count()
    for _ in range(3):
        other_round = RoundFactory()
        for _ in range(5):
            ReviewAssignmentFactory(
                reviewer=reviewer, application=ApplicationFactory(round=other_round, status=Status.IN_REVIEW)
            )
    assert ReviewAssignment.objects.filter(reviewer=reviewer).count() == 19
    assert count() == small
