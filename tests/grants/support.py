"""Builders shared by the award tests: shortlisted applications, awards, and bulk data for exports."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from applications.models import Application, Status
from grants.models import Award, AwardStatus, ProgressReport, Tranche
from grants.services import award_make, program_usage
from leadership.models import Community, CommunityAdmin, FocusArea
from programs.models import Program, Round
from tests.factories import ApplicationFactory, CommunityFactory, RoundFactory, StaffFactory, UserFactory


def program(slug: str) -> Program:
    return Program.objects.get(slug=slug)


def round_of(slug: str) -> Round:
    return RoundFactory(program=program(slug))


def shortlisted(
    slug: str = "fellowship",
    *,
    community: Community | None = None,
    round_: Round | None = None,
    requested: Decimal | None = None,
) -> Application:
    round_ = round_ or round_of(slug)
    kwargs = {"round": round_, "status": Status.SHORTLISTED}
    if community is not None:
        kwargs["community"] = community
    if requested is not None:
        kwargs["amount_requested"] = requested
    elif round_.program.slug == "residency":
        kwargs["amount_requested"] = Decimal("1000000.00")
    return ApplicationFactory(**kwargs)


def make_award(by, slug: str = "fellowship", *, amount: Decimal | None = None, **kwargs) -> Award:
    application = shortlisted(slug, **kwargs)
    if amount is None and slug == "residency":
        amount = application.amount_requested
    return award_make(application=application, by=by, amount=amount)


def fill_program(slug: str, *, count: int, amount: Decimal | None = None) -> Round:
    """Bulk-create live awards straight in the database (no emails), to bring a program near its caps."""
    return bulk_awards(count, round_=round_of(slug), amount=amount)


def bulk_awards(
    count: int,
    *,
    round_: Round,
    amount: Decimal | None = None,
    country: str = "FR",
    status: str = AwardStatus.ACCEPTED,
    name: str = "Bulk",
) -> Round:
    """Many awards quickly: communities, admins, applications, awards, two tranches and a report each."""
    prog = round_.program
    amount = amount or prog.max_amount
    _make_room(prog, count=count, amount=amount)
    staff = StaffFactory()
    leader = UserFactory(full_name=f"{name} Leader")
    communities = Community.objects.bulk_create(
        Community(
            name=f"{name} {i:05d}",
            url=f"https://groups.example.org/{name}/{i}",
            platform="facebook",
            member_count=1000,
            country=country,
            primary_language="French",
            description="d",
            year_founded=2015,
        )
        for i in range(count)
    )
    CommunityAdmin.objects.bulk_create(CommunityAdmin(community=c, user=leader) for c in communities)
    health = FocusArea.objects.get(code="health")
    Community.focus_areas.through.objects.bulk_create(
        Community.focus_areas.through(community_id=c.pk, focusarea_id=health.pk) for c in communities
    )
    applications = Application.objects.bulk_create(
        Application(
            round=round_,
            community=c,
            created_by=leader,
            status=Status.AWARDED,
            title=f"Plan {c.name}",
            amount_requested=amount,
        )
        for c in communities
    )
    now = timezone.now()
    accepted = status in (AwardStatus.ACCEPTED, AwardStatus.ACTIVE, AwardStatus.COMPLETED)
    awards = Award.objects.bulk_create(
        Award(
            application=a,
            program=prog,
            amount=amount,
            status=status,
            offered_by=staff,
            accepted_at=now if accepted else None,
            accepted_by=leader if accepted else None,
        )
        for a in applications
    )
    half = (amount / 2).quantize(Decimal("0.01"))
    today = timezone.localdate()
    Tranche.objects.bulk_create(
        t
        for award in awards
        for t in (
            Tranche(
                award=award, number=1, amount=half, due_date=today, paid_on=today, payment_reference="R1"
            ),
            Tranche(award=award, number=2, amount=amount - half, due_date=today + timedelta(days=90)),
        )
    )
    ProgressReport.objects.bulk_create(
        ProgressReport(award=award, number=1, title="Progress report 1", due_date=today - timedelta(days=3))
        for award in awards
    )
    return round_


def _make_room(prog: Program, *, count: int, amount: Decimal) -> None:
    """Raise the caps when bulk data (exports, benchmarks) needs more than the program allows:
    PostgreSQL refuses awards beyond them, as it should."""
    usage = program_usage(prog)
    max_awards = max(prog.max_awards, usage.live_awards + count)
    total_budget = max(prog.total_budget, usage.committed + count * amount)
    if (max_awards, total_budget) != (prog.max_awards, prog.total_budget):
        prog.max_awards, prog.total_budget = max_awards, total_budget
        prog.save(update_fields=["max_awards", "total_budget"])


def grantee_admins(award: Award) -> list:
    return list(award.application.community.admins.all())


def other_staff():
    return StaffFactory()


def community_with(*admins, **kwargs) -> Community:
    return CommunityFactory(admins=list(admins), **kwargs)
