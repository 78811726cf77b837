"""factory_boy factories for the domain models."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from applications.models import Application, Status
from leadership.models import Community, CommunityAdmin, FocusArea
from programs.models import Program, Round

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "leadership.User"
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    country = "FR"
    time_zone = "UTC"
    language = "en"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffFactory(UserFactory):
    """Program staff: is_staff in the Program staff group (is_staff alone grants nothing)."""

    is_staff = True

    @factory.post_generation
    def _program_staff(obj, create, extracted, **kwargs):
        if create:
            from django.contrib.auth.models import Group

            from leadership.roles import PROGRAM_STAFF, forget_roles

            obj.groups.add(Group.objects.get(name=PROGRAM_STAFF))
            forget_roles(obj)


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Community {n}")
    url = factory.Sequence(lambda n: f"https://groups.example.org/{n}")
    platform = "facebook"
    member_count = 2500
    country = "FR"
    primary_language = "French"
    description = "Neighbours helping neighbours."
    year_founded = 2015

    @factory.post_generation
    def admins(obj, create, extracted, **kwargs):
        if create and extracted:
            for i, user in enumerate(extracted):
                CommunityAdmin.objects.create(community=obj, user=user, is_creator=i == 0)

    @factory.post_generation
    def focus(obj, create, extracted, **kwargs):
        if create:
            obj.focus_areas.set(FocusArea.objects.filter(code__in=extracted or ["health"]))


def program(slug: str) -> Program:
    return Program.objects.get(slug=slug)


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    program = factory.LazyFunction(lambda: program("fellowship"))
    title = factory.Sequence(lambda n: f"Round {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=20))
    review_closes_at = factory.LazyAttribute(lambda o: o.closes_at + timedelta(days=30))

    class Params:
        # Closed to applications and past its review deadline: decisions may be released.
        reviewed = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=60)),
            closes_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=40)),
            review_closes_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=10)),
        )


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A complete draft; pass status=... for other states."""

    class Meta:
        model = Application

    round = factory.SubFactory(RoundFactory)
    community = factory.SubFactory(CommunityFactory)
    created_by = factory.LazyAttribute(lambda o: o.community.admins.first() or UserFactory())
    status = Status.DRAFT
    eligibility = factory.LazyFunction(
        lambda: {"answers": {"adult": True, "runs_community": True, "payable": True, "not_political": True}}
    )
    community_story = "Ten thousand members who trade advice every day."
    leaders = "Ada (founder), Grace (moderator)"
    title = factory.Sequence(lambda n: f"Initiative {n}")
    summary = "Monthly health workshops."
    plan = "Q1 recruit trainers; Q2 run workshops."
    impact = "Members learn first aid."
    measurement = "Number trained, follow-up survey."
    amount_requested = Decimal("50000.00")
    budget_summary = "Trainers 30k, venues 20k."


# Leadership development (cohorts, training sessions, gatherings) -----------------------------


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "leadership.Cohort"

    key = factory.Sequence(lambda n: f"fellowship:{n}")
    name = factory.Sequence(lambda n: f"Fellowship cohort {n}")
    program = "Community Leadership Fellowship"


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    """An online session in a week for its cohorts (cohorts=[...], enrolled by default) or open_to_all_admins=True."""

    class Meta:
        model = "leadership.TrainingSession"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Training {n}")
    description = "How to run a group that lasts."
    format = "online"
    online_url = factory.Sequence(lambda n: f"https://meet.example.org/room-{n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    capacity = 30

    @factory.post_generation
    def cohorts(obj, create, extracted, **kwargs):
        if create and extracted:
            from leadership.services import session_audience_sync

            obj.cohorts.set(extracted)
            session_audience_sync(session=obj, by=None)  # as saving it in the admin does


class GatheringFactory(factory.django.DjangoModelFactory):
    """An approved gathering in Lyon in two weeks; pass status="proposed" for a proposal."""

    class Meta:
        model = "leadership.Gathering"

    host = factory.LazyFunction(lambda: CommunityFactory(admins=[UserFactory()]).admins.first())
    title = factory.Sequence(lambda n: f"Admins' breakfast {n}")
    description = "Coffee and stories from running groups."
    venue = "Café des Canuts"
    city = "Lyon"
    country = "FR"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    capacity = 10
    is_public = False
    status = "approved"


def group_admin(**kwargs):
    """A user who administers one community of their own."""
    user = UserFactory(**kwargs)
    CommunityFactory(admins=[user])
    return user


# --- Review workflow (issue 3) ----------------------------------------------------------------


def make_reviewer(user=None, **kwargs):
    """A user in the Reviewers group with a reviewer profile (not is_staff)."""
    from applications.roles import role_grant
    from leadership.roles import REVIEWERS

    user = user or UserFactory(**kwargs)
    role_grant(user=user, role=REVIEWERS)
    return user


def make_program_staff(user=None, **kwargs):
    """An is_staff user in the Program staff group."""
    from applications.roles import role_grant
    from leadership.roles import PROGRAM_STAFF

    user = user or StaffFactory(**kwargs)
    role_grant(user=user, role=PROGRAM_STAFF)
    return user


class ReviewAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.ReviewAssignment"

    application = factory.SubFactory(ApplicationFactory, status=Status.IN_REVIEW)
    reviewer = factory.LazyFunction(make_reviewer)


def submitted_review(assignment, values, *, recommendation="support", comment=""):
    """A submitted review with these scores, in the rubric's order (written directly, for fixtures)."""
    from applications.models import Review, Score

    criteria = list(assignment.application.round.program.criteria.all())
    review = Review.objects.create(
        assignment=assignment,
        recommendation=recommendation,
        overall_comment=comment,
        submitted_at=timezone.now(),
    )
    Score.objects.bulk_create(
        [
            Score(review=review, criterion=c, value=v, comment="")
            for c, v in zip(criteria, values, strict=True)
        ]
    )
    Review.objects.filter(pk=review.pk).totals_store()  # as review_submit does
    review.refresh_from_db(fields=["weighted_total"])
    return review


# --- Second factor (issue 10) -------------------------------------------------------------------


def confirmed_totp(user):
    """The user's authenticator app, set up and confirmed (made once, then reused)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)


def totp_code(device) -> str:
    """A code the device accepts now: the current step, or the next if the current was spent."""
    import time

    from django_otp.oath import TOTP

    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:
        totp.time += device.step  # within the device's tolerance of one step
    return f"{totp.token():0{device.digits}d}"
