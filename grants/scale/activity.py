"""What happens in a scaled round: reviews with their scores, awards within the caps, the outbox."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from applications.models import Application, Review, ReviewAssignment, Score, Status
from leadership.models import Cohort, CohortMembership
from notifications.models import Notification, State

from ..models import Award, AwardStatus, ProgressReport, Tranche
from .bulk import batches, insert_batched, sentence
from .vocabulary import COHORT_PREFIX, EVENTS


class Activity:
    """Reviews, awards and outbox rows; Builder supplies the people, rounds and applications."""

    rng: random.Random

    def reviews(self, apps: list[Application], reviewers, n_reviews: int) -> tuple[int, int]:
        rng = self.rng
        reviewable = [
            a
            for a in apps
            if a.status
            in (Status.IN_REVIEW, Status.SHORTLISTED, Status.AWARDED, Status.DECLINED, Status.WAITLISTED)
        ]
        if not reviewable or not n_reviews:
            return 0, 0
        per_app, extra = divmod(n_reviews, len(reviewable))
        if per_app + (extra > 0) > len(reviewers):
            raise ValueError("more reviews per application than reviewers")
        bias = [rng.gauss(0, 0.6) for _ in reviewers]
        quality = {a.pk: rng.uniform(1.5, 4.5) + (1 if a.status == Status.AWARDED else 0) for a in reviewable}
        pairs = [
            (a, (j * 7 + k) % len(reviewers))
            for j, a in enumerate(reviewable)
            for k in range(per_app + (j < extra))
        ]
        assignments = insert_batched(
            ReviewAssignment,
            (
                ReviewAssignment(
                    application=a,
                    reviewer=reviewers[r],
                    assigned_at=a.round.closes_at + timedelta(hours=rng.randint(1, 72)),
                )
                for a, r in pairs
            ),
        )
        recommendations = ("strongly_support", "support", "neutral", "do_not_support")
        review_rows = insert_batched(
            Review,
            (
                Review(
                    assignment=asg,
                    overall_comment=sentence(rng, 30),
                    recommendation=rng.choice(recommendations),
                    created_at=asg.assigned_at,
                    updated_at=asg.assigned_at + timedelta(days=2),
                    submitted_at=asg.assigned_at + timedelta(days=2),
                )
                for asg in assignments
            ),
        )
        criteria_of = {
            p.pk: list(p.criteria.values_list("pk", flat=True)) for p in (self.fellowship, self.residency)
        }

        def scores() -> Iterator[Score]:
            for review, (application, r) in zip(review_rows, pairs, strict=True):
                for criterion in criteria_of[application.round.program_id]:
                    value = round(quality[application.pk] + bias[r] + rng.gauss(0, 0.7))
                    yield Score(review=review, criterion_id=criterion, value=min(5, max(1, value)))

        score_count = sum(len(batch) for batch in (Score.objects.bulk_create(b) for b in batches(scores())))
        Review.objects.filter(pk__in=[r.pk for r in review_rows]).totals_store()
        return len(review_rows), score_count

    # --- Awards and the outbox -----------------------------------------------------------------

    def awards(self, apps: list[Application], staff) -> tuple[int, int]:
        rng = self.rng
        amounts = {pk: list(free) for pk, free in self.award_slots.items()}
        rows = []
        for application in apps:
            if application.status != Status.AWARDED:
                continue
            amount = amounts[application.round.program_id].pop(0)
            status = rng.choice(
                (AwardStatus.OFFERED, AwardStatus.ACCEPTED, AwardStatus.ACTIVE, AwardStatus.ACTIVE)
            )
            offered = application.round.closes_at + timedelta(days=rng.randint(1, 5))
            accepted = status != AwardStatus.OFFERED
            rows.append(
                Award(
                    application=application,
                    program_id=application.round.program_id,
                    amount=amount,
                    status=status,
                    offered_at=offered,
                    offered_by=staff,
                    accepted_at=offered + timedelta(days=2) if accepted else None,
                    accepted_by_id=application.created_by_id if accepted else None,
                    list_publicly=rng.random() < 0.7,
                    status_changed_at=offered,
                )
            )
        awards = insert_batched(Award, rows)
        today = timezone.localdate()
        tranches = []
        for award in awards:
            half = (award.amount / 2).quantize(Decimal("0.01"))
            paid = award.status == AwardStatus.ACTIVE
            tranches += [
                Tranche(
                    award=award,
                    number=1,
                    amount=half,
                    due_date=today - timedelta(days=5),
                    paid_on=today - timedelta(days=3) if paid else None,
                    payment_reference=f"SCALE-{award.pk}-1" if paid else "",
                ),
                Tranche(
                    award=award, number=2, amount=award.amount - half, due_date=today + timedelta(days=180)
                ),
            ]
        insert_batched(Tranche, tranches)
        insert_batched(
            ProgressReport,
            (
                ProgressReport(
                    award=a, number=1, title="Progress report 1", due_date=today + timedelta(days=90)
                )
                for a in awards
                if a.status == AwardStatus.ACTIVE
            ),
        )
        return len(awards), len(tranches)

    def notifications(self, leaders, count: int) -> None:
        rng = self.rng

        def row(i: int) -> Notification:
            leader = leaders[i % len(leaders)]
            created = self.now - timedelta(seconds=rng.randint(0, 90 * 86400))
            r = rng.random()
            state = State.SENT if r < 0.9 else State.PENDING if r < 0.96 else State.FAILED
            event = rng.choice(EVENTS)
            return Notification(
                event=event,
                recipient=leader,
                to_email=leader.email,
                language=leader.language,
                subject=f"Community Leadership Grants: {event.replace('_', ' ')}",
                body_text=sentence(rng, 80),
                body_html=f"<p>{sentence(rng, 80)}</p>",
                state=state,
                attempts=0 if state == State.PENDING else 1 if state == State.SENT else 5,
                last_error="SMTP 451: try again later" if state == State.FAILED else "",
                created_at=created,
                next_attempt_at=created,
                last_enqueued_at=created if state != State.PENDING else None,
                sent_at=created + timedelta(seconds=rng.randint(1, 30)) if state == State.SENT else None,
            )

        insert_batched(Notification, (row(i) for i in range(count)))

    def cohorts(self, leaders, staff) -> None:
        """Three cohorts, the first (the one the bench opens) with many members: up to 250 leaders."""
        rng = self.rng
        cohorts = insert_batched(
            Cohort,
            [
                Cohort(key=f"{COHORT_PREFIX}alumni", name="Scale alumni", program="All programs"),
                Cohort(key=f"{COHORT_PREFIX}fellowship", name="Scale fellows", program="Fellowship"),
                Cohort(key=f"{COHORT_PREFIX}residency", name="Scale residents", program="Residency"),
            ],
        )
        insert_batched(
            CohortMembership,
            (
                CohortMembership(
                    cohort=cohort,
                    user=leader,
                    added_by=staff,
                    joined_at=self.now - timedelta(days=rng.randint(0, 400)),
                )
                for cohort, size in zip(cohorts, (250, 100, 5), strict=True)
                for leader in leaders[:size]
            ),
        )
