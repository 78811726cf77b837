"""People, communities, rounds and applications of the scale dataset."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from applications.models import Application, ReviewerProfile, Status
from leadership.models import Community, CommunityAdmin, FocusArea, Platform
from leadership.roles import PROGRAM_STAFF, REVIEWERS
from programs.models import Program, Round

from ..services import program_usage
from .activity import Activity
from .bulk import insert_batched, sentence
from .vocabulary import (
    COUNTRIES,
    LANGUAGES,
    RESIDENCY_AMOUNTS,
    ROUND_PREFIX,
    SCALE_DOMAIN,
    STAFF_EMAIL,
    UNUSABLE_PASSWORD,
    WORDS,
)


@dataclass(frozen=True)
class ScaleCounts:
    communities: int
    applications: int
    reviews: int
    scores: int
    awards: int
    tranches: int
    notifications: int


class Builder(Activity):
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
        self.cohorts(leaders, staff)
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
        staff, *reviewers = insert_batched(User, [staff, *reviewers])
        leaders = insert_batched(User, leaders)
        groups = dict(Group.objects.filter(name__in=[REVIEWERS, PROGRAM_STAFF]).values_list("name", "pk"))
        Through = User.groups.through
        insert_batched(
            Through,
            [
                Through(user_id=staff.pk, group_id=groups[PROGRAM_STAFF]),
                *(Through(user_id=r.pk, group_id=groups[REVIEWERS]) for r in reviewers),
            ],
        )
        insert_batched(ReviewerProfile, (ReviewerProfile(user=r) for r in reviewers))
        return staff, reviewers, leaders

    def communities(self, leaders) -> list[Community]:
        rng = self.rng
        platforms = Platform.values
        rows = insert_batched(
            Community,
            (
                Community(
                    name=f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} {i:05d}",
                    url=f"https://groups.{SCALE_DOMAIN}/{i}",
                    platform=rng.choice(platforms),
                    member_count=int(rng.lognormvariate(8, 1.5)) + 50,
                    country=leader.country,
                    primary_language=rng.choice(LANGUAGES),
                    description=sentence(rng, 60),
                    year_founded=rng.randint(2005, 2018),
                    created_at=leader.date_joined,
                )
                for i, leader in enumerate(leaders)
            ),
        )
        insert_batched(
            CommunityAdmin,
            (
                CommunityAdmin(community=c, user=leader, is_creator=True, added_at=c.created_at)
                for c, leader in zip(rows, leaders, strict=True)
            ),
        )
        areas = list(FocusArea.objects.values_list("pk", flat=True))
        Through = Community.focus_areas.through
        insert_batched(
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
        return insert_batched(Round, made)

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
            # The second application of each round stays shortlisted without an award, so even a
            # 10-application dataset fills the staff shortlist (the bench compares full pages).
            on_shortlist = a % n_communities == 1 and a // n_communities < 2
            awarded = to_award.get(round_.pk, 0) > 0 and not on_shortlist and rng.random() < 0.2
            if awarded:
                to_award[round_.pk] -= 1
            status = (
                Status.SHORTLISTED if on_shortlist else self._status(awarded, current=a // n_communities < 2)
            )
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
                title=f"{sentence(rng, 4)[:-1]} {a}",
                summary=sentence(rng, 40),
                community_story=sentence(rng, 150),
                plan=sentence(rng, 200),
                impact=sentence(rng, 120),
                measurement=sentence(rng, 60),
                leaders=sentence(rng, 30),
                leadership_experience=sentence(rng, 60),
                budget_summary=sentence(rng, 40),
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

        return insert_batched(Application, (with_creator(a) for a in range(n_apps)))

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
