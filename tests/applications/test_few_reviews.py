"""Deciding with fewer submitted reviews than the round asks for warns and needs a confirmation."""

import pytest

from applications.models import Application, Status, StatusChange
from applications.services import FewReviews, application_decide, few_reviews_warning
from tests.factories import (
    ApplicationFactory,
    ReviewAssignmentFactory,
    RoundFactory,
    make_program_staff,
    submitted_review,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(staff):
    return make_program_staff(staff)


def _reviewed(round_, n, title="Reviewed"):
    application = ApplicationFactory(round=round_, status=Status.IN_REVIEW, title=title)
    for _ in range(n):
        submitted_review(ReviewAssignmentFactory(application=application), [4] * 5)
    return application


def test_too_few_reviews_is_refused_without_confirmation(manager):
    application = _reviewed(RoundFactory(reviews_required=3), 1, title="Thin")
    with pytest.raises(FewReviews, match="“Thin” has 1 submitted review; the round asks for 3"):
        application_decide(application=application, by=manager, outcome=Status.SHORTLISTED)
    assert Application.objects.get(pk=application.pk).status == Status.IN_REVIEW
    assert not StatusChange.objects.filter(application=application, new_status=Status.SHORTLISTED).exists()


def test_confirmation_lets_the_decision_through(manager):
    application = _reviewed(RoundFactory(reviews_required=3), 0)
    application_decide(
        application=application, by=manager, outcome=Status.SHORTLISTED, few_reviews_confirmed=True
    )
    assert Application.objects.get(pk=application.pk).status == Status.SHORTLISTED


def test_enough_reviews_needs_no_confirmation(manager):
    application = _reviewed(RoundFactory(reviews_required=2), 2)
    application_decide(application=application, by=manager, outcome=Status.WAITLISTED)
    assert Application.objects.get(pk=application.pk).status == Status.WAITLISTED


def test_conflicted_and_draft_reviews_do_not_count():
    round_ = RoundFactory(reviews_required=1)
    application = ApplicationFactory(round=round_, status=Status.IN_REVIEW)
    from django.utils import timezone

    submitted_review(
        ReviewAssignmentFactory(application=application, conflict_declared_at=timezone.now()), [5] * 5
    )
    assert "0 submitted reviews" in few_reviews_warning([application], round_)


def test_staff_page_warns_and_the_form_asks_for_the_confirmation(client, manager):
    application = _reviewed(RoundFactory(reviews_required=3), 1)
    client.force_login(manager)
    page = client.get(f"/staff/reviews/applications/{application.pk}/").content.decode()
    assert 'id="few-reviews-warning"' in page
    url = f"/staff/reviews/applications/{application.pk}/decide/"
    refused = client.post(url, {"outcome": "shortlisted", "internal_note": "Strong plan"})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "the round asks for 3" in body
    assert "Strong plan" in body  # what was typed is kept
    assert Application.objects.get(pk=application.pk).status == Status.IN_REVIEW
    done = client.post(url, {"outcome": "shortlisted", "few_reviews_confirmed": "on"})
    assert done.status_code == 302
    assert Application.objects.get(pk=application.pk).status == Status.SHORTLISTED
