"""A dataset the size of a real cycle, bulk-inserted, for benchmarks (`manage.py seed_scale`).

Every seeded person has an address at SCALE_DOMAIN and every seeded round a title starting with
ROUND_PREFIX: that is how a rerun finds and replaces the previous scale data, and how the guard
tells seed data from real people. Awards stay within the programs' caps (the database refuses
more on PostgreSQL); the award report has one row per award, so it has as many rows as awards.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from itertools import islice
from typing import TypeVar

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from applications.models import Application, Review, ReviewAssignment, ReviewerProfile, Score, Status
from leadership.models import Community, CommunityAdmin, FocusArea, Platform
from leadership.roles import PROGRAM_STAFF, REVIEWERS
from notifications.models import Notification, State
from programs.models import Program, Round

from .models import Award, AwardStatus, ProgressReport, Tranche
from .services import program_usage

SCALE_DOMAIN = "scale.example.org"
ROUND_PREFIX = "Scale "
STAFF_EMAIL = f"staff@{SCALE_DOMAIN}"
BATCH = 5_000
# Nobody logs in as seed data with a password (benchmarks use force_login); no hashing cost.
UNUSABLE_PASSWORD = make_password(None)
# A spread like the 2018 program's 46 countries: a few large ones, many small.
COUNTRIES = [
    "IN",
    "ID",
    "BR",
    "US",
    "NG",
    "PH",
    "MX",
    "KE",
    "EG",
    "FR",
    "GB",
    "DE",
    "IT",
    "ES",
    "PK",
    "BD",
    "VN",
    "TH",
    "TR",
    "CO",
    "AR",
    "PE",
    "ZA",
    "GH",
    "UG",
    "TZ",
    "ET",
    "MA",
    "DZ",
    "TN",
    "SN",
    "CI",
    "CM",
    "JP",
    "KR",
    "AU",
    "CA",
    "PL",
    "UA",
    "RO",
    "NL",
    "BE",
    "SE",
    "PT",
    "GR",
]
LANGUAGES = ("English", "French", "Spanish", "Portuguese", "Hindi", "Bahasa", "Swahili", "Arabic")
WORDS = [
    "community",
    "members",
    "volunteers",
    "meetups",
    "training",
    "mentors",
    "neighbourhood",
    "health",
    "school",
    "women",
    "refugees",
    "clean",
    "water",
    "recycling",
    "market",
    "savings",
    "literacy",
    "coding",
    "parents",
    "youth",
    "elders",
    "farmers",
    "clinic",
    "library",
    "online",
    "group",
    "admins",
    "moderators",
    "events",
    "workshop",
    "network",
    "support",
    "local",
    "city",
    "village",
]
EVENTS = ("application_submitted", "review_reminder", "draft_reminder", "decision_released", "award_offered")
RESIDENCY_AMOUNTS = (Decimal("1000000"), Decimal("950000"), Decimal("800000"), Decimal("750000"))

T = TypeVar("T", bound=Model)


class RealUsersPresent(Exception):
    """The database holds people who are not scale seed data."""


@dataclass(frozen=True)
class ScaleCounts:
    communities: int
    applications: int
    reviews: int
    scores: int
    awards: int
    tranches: int
    notifications: int


def real_users_exist() -> bool:
    return get_user_model().objects.exclude(email__endswith=f"@{SCALE_DOMAIN}").exists()


def _batches(objects: Iterable[T], size: int = BATCH) -> Iterator[list[T]]:
    iterator = iter(objects)
    while batch := list(islice(iterator, size)):
        yield batch


def _insert(model: type[T], objects: Iterable[T]) -> list[T]:
    """bulk_create in batches, so memory holds one batch of unsaved objects at a time."""
    created: list[T] = []
    for batch in _batches(objects):
        created.extend(model.objects.bulk_create(batch))
    return created


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def scale_remove() -> None:
    """Delete a previous scale dataset, leaves first so no cascade collects 300k rows in Python."""
    users = get_user_model().objects.filter(email__endswith=f"@{SCALE_DOMAIN}")
    rounds = Round.objects.filter(title__startswith=ROUND_PREFIX)
    Notification.objects.filter(to_email__endswith=f"@{SCALE_DOMAIN}").delete()
    awards = Award.objects.filter(application__round__in=rounds)
    Tranche.objects.filter(award__in=awards).delete()
    ProgressReport.objects.filter(award__in=awards).delete()
    awards.delete()
    Score.objects.filter(review__assignment__application__round__in=rounds).delete()
    Review.objects.filter(assignment__application__round__in=rounds).delete()
    ReviewAssignment.objects.filter(application__round__in=rounds).delete()
    Application.objects.filter(round__in=rounds).delete()
    rounds.delete()
    communities = list(Community.objects.filter(memberships__user__in=users).values_list("pk", flat=True))
    Community.focus_areas.through.objects.filter(community_id__in=communities).delete()
    CommunityAdmin.objects.filter(community_id__in=communities).delete()
    Community.objects.filter(pk__in=communities).delete()
    ReviewerProfile.objects.filter(user__in=users).delete()
    get_user_model().groups.through.objects.filter(user__in=users).delete()
    users.delete()


def scale_seed(
    *,
    applications: int,
    reviews: int,
    communities: int | None = None,
    notifications: int | None = None,
    force: bool = False,
    seed: int = 2018,
) -> ScaleCounts:
    """Replace any previous scale dataset by one of these sizes; refuse beside real users unless forced."""
    if real_users_exist() and not force:
        raise RealUsersPresent
    communities = max(1, applications // 2) if communities is None else communities
    notifications = applications * 5 // 2 if notifications is None else notifications
    rng = random.Random(seed)
    with transaction.atomic():
        scale_remove()
        counts = _Builder(rng).build(applications, reviews, communities, notifications)
    if connection.vendor == "postgresql":
        # Fresh planner statistics: without them the ranking's plan takes 3 s instead of 0.2 s.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return counts


class _Builder:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.now = timezone.now()
        self.fellowship = Program.objects.get(slug="fellowship")
        self.residency = Program.objects.get(slug="residency")

    def build(self, n_apps: int, n_reviews: int, n_communities: int, n_notifications: int) -> ScaleCounts:
        staff, reviewers, leaders = self.people(n_communities, n_reviews)
        community_rows = self.communities(leaders)
        apps = self.applications(n_apps, community_rows)
        review_count, score_count = self.reviews(apps, reviewers, n_reviews)
        awards, tranches = self.awards(apps, staff)
        self.notifications(leaders, n_notifications)
        return ScaleCounts(
            communities=len(community_rows),
            applications=len(apps),
            reviews=review_count,
            scores=score_count,
            awards=awards,
            tranches=tranches,
            notifications=n_notifications,
        )

    # --- People and communities ---------------------------------------------------------------

    def people(self, n_communities: int, n_reviews: int):
        User = get_user_model()
        rng = self.rng
        n_reviewers = max(5, min(300, n_reviews // 200))
        staff = User(
            email=STAFF_EMAIL,
            full_name="Scale Staff",
            is_staff=True,
            password=UNUSABLE_PASSWORD,
            country="FR",
        )
        reviewers = [
            User(
                email=f"reviewer{i:04d}@{SCALE_DOMAIN}",
                full_name=f"Reviewer {i:04d}",
                country=rng.choice(COUNTRIES),
                password=UNUSABLE_PASSWORD,
                date_joined=self.now - timedelta(days=rng.randint(30, 900)),
            )
            for i in range(n_reviewers)
        ]
        leaders = (
            User(
                email=f"leader{i:05d}@{SCALE_DOMAIN}",
                full_name=f"Leader {i:05d}",
                country=rng.choice(COUNTRIES),
                language=rng.choice(("en", "en", "en", "fr")),
                password=UNUSABLE_PASSWORD,
                date_joined=self.now - timedelta(days=rng.randint(1, 1500)),
            )
            for i in range(n_communities)
        )
        staff, *reviewers = _insert(User, [staff, *reviewers])
        leaders = _insert(User, leaders)
        groups = dict(Group.objects.filter(name__in=[REVIEWERS, PROGRAM_STAFF]).values_list("name", "pk"))
        Through = User.groups.through
        _insert(
            Through,
            [
                Through(user_id=staff.pk, group_id=groups[PROGRAM_STAFF]),
                *(Through(user_id=r.pk, group_id=groups[REVIEWERS]) for r in reviewers),
            ],
        )
        _insert(ReviewerProfile, (ReviewerProfile(user=r) for r in reviewers))
        return staff, reviewers, leaders

    def communities(self, leaders) -> list[Community]:
        rng = self.rng
        platforms = Platform.values
        rows = _insert(
            Community,
            (
                Community(
                    name=f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} {i:05d}",
                    url=f"https://groups.{SCALE_DOMAIN}/{i}",
                    platform=rng.choice(platforms),
                    member_count=int(rng.lognormvariate(8, 1.5)) + 50,
                    country=leader.country,
                    primary_language=rng.choice(LANGUAGES),
                    description=_text(rng, 60),
                    year_founded=rng.randint(2005, 2018),
                    created_at=leader.date_joined,
                )
                for i, leader in enumerate(leaders)
            ),
        )
        _insert(
            CommunityAdmin,
            (
                CommunityAdmin(community=c, user=leader, is_creator=True, added_at=c.created_at)
                for c, leader in zip(rows, leaders, strict=True)
            ),
        )
        areas = list(FocusArea.objects.values_list("pk", flat=True))
        Through = Community.focus_areas.through
        _insert(
            Through,
            (
                Through(community_id=c.pk, focusarea_id=area)
                for c in rows
                for area in rng.sample(areas, rng.choice((1, 1, 2, 3)))
            ),
        )
        return rows

    # --- Rounds and applications -----------------------------------------------------------------

    def rounds(self, count: int) -> list[Round]:
        """This cycle's fellowship and residency rounds (closed, in review), then earlier cycles."""
        made = []
        for slot in range(count):
            program = (self.fellowship, self.residency)[slot % 2] if slot < 2 else self.fellowship
            years_back = max(0, slot - 1)
            closes = self.now - timedelta(days=10 + 365 * years_back)
            made.append(
                Round(
                    program=program,
                    title=f"{ROUND_PREFIX}{program.slug} {closes.year}" + (f" ({slot})" if slot >= 2 else ""),
                    opens_at=closes - timedelta(days=28),
                    closes_at=closes,
                    review_closes_at=closes + timedelta(days=30),
                    blind_review=slot == 1,
                )
            )
        return _insert(Round, made)

    def _status(self, awarded: bool, current: bool) -> str:
        if awarded:
            return Status.AWARDED
        r = self.rng.random()
        for limit, status in (
            (0.06, Status.DRAFT),
            (0.10, Status.SUBMITTED),
            (0.14, Status.INELIGIBLE),
            (0.16, Status.WITHDRAWN),
            (0.19, Status.SHORTLISTED if current else Status.DECLINED),
            (0.29, Status.DECLINED),
            (0.33, Status.WAITLISTED if current else Status.DECLINED),
        ):
            if r < limit:
                return status
        return Status.IN_REVIEW if current else Status.DECLINED

    def applications(self, n_apps: int, community_rows: list[Community]) -> list[Application]:
        """Application a goes to community a mod C in round slot a div C: one per community per round."""
        rng = self.rng
        n_communities = len(community_rows)
        rounds = self.rounds(max(1, -(-n_apps // n_communities)))
        self.award_slots = {
            self.fellowship.pk: self._free_amounts(self.fellowship, [self.fellowship.max_amount] * 100),
            self.residency.pk: self._free_amounts(self.residency, [*RESIDENCY_AMOUNTS, Decimal("600000")]),
        }
        to_award = {
            rounds[slot].pk: len(self.award_slots[rounds[slot].program_id])
            for slot in range(min(2, len(rounds)))
        }
        if len(rounds) == 1:  # one round holds this cycle's awards of its program only
            to_award[rounds[0].pk] = len(self.award_slots[self.fellowship.pk])

        def build(a: int) -> Application:
            round_ = rounds[a // n_communities]
            community = community_rows[a % n_communities]
            awarded = to_award.get(round_.pk, 0) > 0 and rng.random() < 0.2
            if awarded:
                to_award[round_.pk] -= 1
            status = self._status(awarded, current=a // n_communities < 2)
            submitted = None
            if status not in (Status.DRAFT,):
                submitted = round_.opens_at + timedelta(seconds=rng.randint(0, 28 * 86400))
            created = round_.opens_at + timedelta(seconds=rng.randint(0, 20 * 86400))
            program = round_.program
            requested = (
                program.max_amount
                if program.amount_is_fixed
                else Decimal(rng.randrange(100_000, 1_000_001, 50_000))
            )
            return Application(
                round=round_,
                community=community,
                status=status,
                title=f"{_text(rng, 4)[:-1]} {a}",
                summary=_text(rng, 40),
                community_story=_text(rng, 150),
                plan=_text(rng, 200),
                impact=_text(rng, 120),
                measurement=_text(rng, 60),
                leaders=_text(rng, 30),
                leadership_experience=_text(rng, 60),
                budget_summary=_text(rng, 40),
                amount_requested=requested,
                eligibility={"age": True, "payments": True, "not_political": True},
                created_at=created,
                updated_at=submitted or created,
                submitted_at=submitted,
                status_changed_at=submitted or created,
            )

        leader_of = dict(
            CommunityAdmin.objects.filter(community__in=community_rows).values_list("community_id", "user_id")
        )

        def with_creator(a: int) -> Application:
            application = build(a)
            application.created_by_id = leader_of[application.community_id]
            return application

        return _insert(Application, (with_creator(a) for a in range(n_apps)))

    def _free_amounts(self, program: Program, amounts: list[Decimal]) -> list[Decimal]:
        """The award amounts that still fit the program's caps (awards already made count)."""
        usage = program_usage(program)
        free, money = [], program.total_budget - usage.committed
        for amount in amounts[: usage.slots_left(program)]:
            if amount <= money:
                free.append(amount)
                money -= amount
        return free

    # --- Reviews ----------------------------------------------------------------------------------

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
        assignments = _insert(
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
        review_rows = _insert(
            Review,
            (
                Review(
                    assignment=asg,
                    overall_comment=_text(rng, 30),
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

        score_count = sum(len(batch) for batch in (Score.objects.bulk_create(b) for b in _batches(scores())))
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
        awards = _insert(Award, rows)
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
        _insert(Tranche, tranches)
        _insert(
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
                body_text=_text(rng, 80),
                body_html=f"<p>{_text(rng, 80)}</p>",
                state=state,
                attempts=0 if state == State.PENDING else 1 if state == State.SENT else 5,
                last_error="SMTP 451: try again later" if state == State.FAILED else "",
                created_at=created,
                next_attempt_at=created,
                last_enqueued_at=created if state != State.PENDING else None,
                sent_at=created + timedelta(seconds=rng.randint(1, 30)) if state == State.SENT else None,
            )

        _insert(Notification, (row(i) for i in range(count)))
