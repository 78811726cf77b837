"""Retention: old decisions are anonymised, funded ones kept, inactive drafts warned then deleted."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from applications.models import (
    Application,
    Attachment,
    DecisionRelease,
    RetentionAction,
    RetentionEvent,
    Review,
    Score,
    Status,
    StatusChange,
)
from applications.retention import months_before, retention_due
from applications.services.retention import retention_apply
from applications.tasks import apply_retention
from notifications.models import Notification
from tests.factories import (
    ApplicationFactory,
    CommunityFactory,
    ReviewAssignmentFactory,
    RoundFactory,
    submitted_review,
)

RELEASED = datetime(2024, 3, 15, 12, 0, tzinfo=UTC)


@pytest.fixture
def old_round(staff):
    round_ = RoundFactory(
        opens_at=RELEASED - timedelta(days=120),
        closes_at=RELEASED - timedelta(days=90),
        review_closes_at=RELEASED - timedelta(days=30),
    )
    DecisionRelease.objects.create(round=round_, released_by=staff, released_at=RELEASED)
    return round_


def attach(application, content=b"%PDF-1.4 leaders' CVs"):
    return Attachment.objects.create(
        application=application,
        file=ContentFile(content, name="cv.pdf"),
        original_name="Amina Applicant CV.pdf",
        content_type="application/pdf",
        size=len(content),
        uploaded_by=application.created_by,
    )


def decided(round_, community, status, **fields):
    application = ApplicationFactory(
        round=round_,
        community=community,
        status=status,
        title="Lyon mothers' first-aid circle",
        leaders="Amina Applicant (founder)",
        decision_note="Amina's budget was too vague.",
        eligibility={"answers": {"adult": True}, "confirmed_by": "Amina Applicant"},
        submitted_at=RELEASED - timedelta(days=95),
        status_changed_at=RELEASED - timedelta(days=10),
        **fields,
    )
    StatusChange.objects.create(
        application=application, old_status=Status.IN_REVIEW, new_status=status, note="Amina called us"
    )
    return application


@pytest.fixture
def declined(old_round, community):
    application = decided(old_round, community, Status.DECLINED)
    attach(application)
    assignment = ReviewAssignmentFactory(application=application, conflict_reason="")
    review = submitted_review(assignment, [3] * old_round.program.criteria.count(), comment="Amina is kind")
    Score.objects.filter(review=review).update(comment="Knows Amina's family")
    return application


@pytest.fixture
def funded(old_round, stranger):
    return decided(old_round, CommunityFactory(admins=[stranger]), Status.AWARDED)


def test_an_old_declined_application_is_anonymised_and_its_numbers_kept(
    declined, funded, django_capture_on_commit_callbacks
):
    path = declined.attachments.get().file.name
    assert default_storage.exists(path)
    review = Review.objects.get(assignment__application=declined)
    scores = list(Score.objects.filter(review=review).values_list("value", flat=True))

    with_time = RELEASED + timedelta(days=2 * 365 + 1)
    with django_capture_on_commit_callbacks(execute=True):  # files go once the change is committed
        result = retention_apply(now=with_time)

    assert result.anonymised == 1
    declined.refresh_from_db()
    for field in ("title", "leaders", "community_story", "summary", "plan", "impact", "decision_note"):
        assert getattr(declined, field) == "", field
    assert declined.eligibility == {"answers": {"adult": True}}
    assert declined.amount_requested == Decimal("50000.00")
    assert declined.status == Status.DECLINED
    assert declined.anonymised_at == with_time
    assert not declined.attachments.exists()
    assert not default_storage.exists(path)
    review.refresh_from_db()
    assert review.overall_comment == ""
    assert list(Score.objects.filter(review=review).values_list("value", flat=True)) == scores
    assert not Score.objects.filter(review=review).exclude(comment="").exists()
    assert review.weighted_total is not None
    assert not StatusChange.objects.filter(application=declined).exclude(note="").exists()
    event = RetentionEvent.objects.get(application_id=declined.pk)
    assert (event.action, event.attachments_removed, event.comments_blanked) == (
        RetentionAction.ANONYMISED,
        1,
        1 + len(scores),
    )


def test_a_funded_application_is_kept(declined, funded):
    retention_apply(now=RELEASED + timedelta(days=5 * 365))
    funded.refresh_from_db()
    assert funded.title == "Lyon mothers' first-aid circle"
    assert funded.anonymised_at is None
    assert not RetentionEvent.objects.filter(application_id=funded.pk).exists()


def test_a_recent_decision_is_kept_until_its_period_is_over(declined, settings):
    assert settings.RETENTION_MONTHS_AFTER_DECISION == 24
    retention_apply(now=RELEASED + timedelta(days=2 * 365 - 10))
    declined.refresh_from_db()
    assert declined.title and declined.attachments.exists()


def test_the_period_is_a_setting(declined, settings):
    settings.RETENTION_MONTHS_AFTER_DECISION = 6
    assert retention_apply(now=RELEASED + timedelta(days=190)).anonymised == 1


def test_a_withdrawn_application_of_a_round_never_released_counts_from_its_withdrawal(community):
    round_ = RoundFactory()
    withdrawn = decided(round_, community, Status.WITHDRAWN)
    Application.objects.filter(pk=withdrawn.pk).update(status_changed_at=datetime(2023, 1, 10, tzinfo=UTC))
    assert retention_apply(now=datetime(2024, 12, 1, tzinfo=UTC)).anonymised == 0
    assert retention_apply(now=datetime(2025, 1, 11, tzinfo=UTC)).anonymised == 1


def test_the_beat_task_anonymises_with_time_travel_and_a_second_run_does_nothing(declined, time_machine):
    time_machine.move_to(RELEASED + timedelta(days=800), tick=False)
    assert apply_retention.delay().get() == (0, 0, 1)
    assert apply_retention.delay().get() == (0, 0, 0)
    assert RetentionEvent.objects.filter(application_id=declined.pk).count() == 1


def test_the_task_is_scheduled_by_beat(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "applications.tasks.apply_retention" in tasks


# --- drafts -------------------------------------------------------------------------------------


@pytest.fixture
def stale_draft(community, time_machine):
    time_machine.move_to(datetime(2025, 1, 10, 9, 0, tzinfo=UTC), tick=False)
    draft = ApplicationFactory(community=community, round=RoundFactory(), status=Status.DRAFT)
    attach(draft)
    return draft


def run_at(time_machine, moment, captured):
    time_machine.move_to(moment, tick=False)
    with captured(execute=True):
        return apply_retention.delay().get()


def test_an_inactive_draft_is_warned_a_month_before_it_is_deleted(
    stale_draft, applicant, co_admin, time_machine, django_capture_on_commit_callbacks
):
    captured = django_capture_on_commit_callbacks
    path = stale_draft.attachments.get().file.name
    co_admin.language = "fr"
    co_admin.save(update_fields=["language"])

    assert run_at(time_machine, datetime(2025, 12, 1, tzinfo=UTC), captured) == (0, 0, 0)
    assert mail.outbox == []

    # Eleven months on: warned, once, in each admin's language.
    assert run_at(time_machine, datetime(2025, 12, 12, tzinfo=UTC), captured) == (1, 0, 0)
    assert run_at(time_machine, datetime(2025, 12, 13, tzinfo=UTC), captured) == (0, 0, 0)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([applicant.email, co_admin.email])
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "will be deleted on 11 January 2026" in subjects[applicant.email]
    assert "sera supprimé le 11 janvier 2026" in subjects[co_admin.email]
    assert "Mothers of Lyon" in mail.outbox[0].body
    assert Notification.objects.filter(event="draft_deletion_warning").count() == 2

    # Twelve months of inactivity, but the warning is not a month old yet: kept.
    assert run_at(time_machine, datetime(2026, 1, 10, 10, 0, tzinfo=UTC), captured) == (0, 0, 0)
    assert Application.objects.filter(pk=stale_draft.pk).exists()

    assert run_at(time_machine, datetime(2026, 1, 12, tzinfo=UTC), captured) == (0, 1, 0)
    assert not Application.objects.filter(pk=stale_draft.pk).exists()
    assert not Attachment.objects.filter(application_id=stale_draft.pk).exists()
    assert not default_storage.exists(path)
    steps = list(
        RetentionEvent.objects.filter(application_id=stale_draft.pk)
        .order_by("at")
        .values_list("action", "at")
    )
    assert [action for action, _ in steps] == [RetentionAction.DRAFT_WARNED, RetentionAction.DRAFT_DELETED]
    assert steps[1][1] - steps[0][1] >= timedelta(days=30)


def test_a_draft_saved_after_the_warning_is_kept_and_warned_again_later(
    stale_draft, time_machine, django_capture_on_commit_callbacks
):
    captured = django_capture_on_commit_callbacks
    run_at(time_machine, datetime(2025, 12, 12, tzinfo=UTC), captured)
    Application.objects.filter(pk=stale_draft.pk).update(updated_at=datetime(2025, 12, 20, tzinfo=UTC))

    assert run_at(time_machine, datetime(2026, 2, 1, tzinfo=UTC), captured) == (0, 0, 0)
    assert Application.objects.filter(pk=stale_draft.pk).exists()
    assert run_at(time_machine, datetime(2026, 11, 21, tzinfo=UTC), captured) == (1, 0, 0)


def test_a_draft_is_never_deleted_without_a_warning(
    stale_draft, time_machine, django_capture_on_commit_callbacks
):
    # The task did not run for two years: the first run only warns.
    assert run_at(time_machine, datetime(2027, 1, 1, tzinfo=UTC), django_capture_on_commit_callbacks) == (
        1,
        0,
        0,
    )
    assert Application.objects.filter(pk=stale_draft.pk).exists()


def test_a_submitted_application_is_never_deleted_as_a_draft(community, time_machine):
    time_machine.move_to(datetime(2024, 1, 10, tzinfo=UTC), tick=False)
    submitted = ApplicationFactory(community=community, status=Status.SUBMITTED)
    assert retention_apply(now=datetime(2026, 6, 1, tzinfo=UTC)).warned == 0
    assert Application.objects.filter(pk=submitted.pk).exists()


# --- what is due ----------------------------------------------------------------------------------


def test_due_this_month_counts_what_the_policy_will_act_on(declined, funded, stale_draft):
    due = retention_due(now=datetime(2026, 3, 2, tzinfo=UTC))
    assert (due.to_anonymise, due.drafts_to_warn, due.drafts_to_delete) == (1, 1, 1)
    earlier = retention_due(now=datetime(2025, 11, 2, tzinfo=UTC))
    assert (earlier.to_anonymise, earlier.drafts_to_warn, earlier.drafts_to_delete) == (0, 0, 0)


def test_months_before_keeps_the_day_or_the_end_of_a_shorter_month():
    assert months_before(datetime(2026, 3, 31, tzinfo=UTC), 1) == datetime(2026, 2, 28, tzinfo=UTC)
    assert months_before(datetime(2026, 3, 15, tzinfo=UTC), 24) == datetime(2024, 3, 15, tzinfo=UTC)
    assert months_before(datetime(2026, 1, 15, tzinfo=UTC), 1) == datetime(2025, 12, 15, tzinfo=UTC)
