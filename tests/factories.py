"""factory_boy factories for the domain models."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from applications.models import Application, Status
from grants.models import Program, Round
from leadership.models import Community, CommunityAdmin, FocusArea

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
    is_staff = True


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
