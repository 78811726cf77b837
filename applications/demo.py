"""Demo data for `manage.py seed_demo` from applications: roles, applications, reviews.

Everything goes through the services, so each application has the status history and the
emails a real one would. The closed pilot round cannot be applied to any more, so its
applications are dated back and moved with `application_transition(at=...)`. Reviews: the demo
reviewer (reviewer@demo.example) is left with reviews to do, so a visitor can log in to the
admin, see their queue, score and submit; two more reviewers have already submitted, so staff
find a ranking to open. Idempotent: a second run adds nothing.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import transaction

from leadership.models import Community, FocusArea
from leadership.roles import PROGRAM_STAFF, REVIEWERS
from programs.demo import demo_round
from programs.models import Round

from .eligibility import RULES
from .models import Application, ReviewAssignment, ReviewerProfile, Status
from .roles import role_grant
from .services import (
    application_create,
    application_screen,
    application_submit,
    application_transition,
    application_update,
    review_submit,
    reviewers_assign,
)

if TYPE_CHECKING:
    from leadership.models import User

ELIGIBLE = {rule.key: True for rule in RULES}

# (community, round (program slug, title), the admin who applies, target status, answers)
APPLICATIONS = [
    (
        "Lagos Mums Health Circle",
        ("fellowship", "Open call"),
        "admin@demo.example",
        Status.SUBMITTED,
        {
            "community_story": "18,400 mothers in Lagos who ask and answer health questions every day; volunteer nurses host a weekly live Q&A.",
            "trust_and_safety": "Posts are approved by one of six moderators; medical claims must cite a source; no selling.",
            "leaders": "Amara Okafor (founder), Priya Raman (co-admin), six volunteer nurses.",
            "leadership_experience": "Ran three free vaccination days with local clinics in 2024 and 2025.",
            "title": "Safe Births Lagos",
            "summary": "Prenatal classes in twelve neighbourhoods, led by nurses and mothers from the group.",
            "plan": "Months 1-2: recruit and train 24 peer educators. Months 3-10: run weekly classes. Months 11-12: evaluate and publish a guide.",
            "impact": "1,500 expectant mothers attend at least four classes; more births with a skilled attendant.",
            "measurement": "Attendance lists, a before/after knowledge quiz, and clinic referrals tracked with partner clinics.",
            "amount_requested": Decimal("50000"),
            "budget_summary": "Nurse fees 22,000; venues 9,000; peer educator stipends 12,000; materials 5,000; evaluation 2,000.",
        },
    ),
    (
        "Green Streets Lagos",
        ("residency", "Open call"),
        "admin@demo.example",
        Status.DRAFT,
        {
            "community_story": "Neighbours who meet every month to clean a street and plant trees.",
            "title": "A tree for every street",
            "summary": "Plant and care for 10,000 street trees with the residents who live beside them.",
            "amount_requested": Decimal("400000"),
        },
    ),
    (
        "Mujeres Emprendedoras MX",
        ("residency", "Open call"),
        "lucia@demo.example",
        Status.SUBMITTED,
        {
            "community_story": "42,000 women running small businesses across Mexico, mentoring each other every day.",
            "trust_and_safety": "No pyramid schemes, no loans between members; ten regional moderators.",
            "leaders": "Lucía Fernández (founder) and ten regional moderators.",
            "leadership_experience": "Organised 40 in-person selling fairs in 12 states since 2019.",
            "title": "Mentoras: 1,000 mentoring pairs",
            "summary": "Pair 1,000 new entrepreneurs with experienced members for a year of monthly mentoring.",
            "plan": "Build the matching process, train mentors in cohorts of 100, run quarterly regional meetups.",
            "impact": "New businesses that survive their first year and raise their income.",
            "measurement": "Quarterly survey of revenue and survival, mentor and mentee satisfaction.",
            "amount_requested": Decimal("650000"),
            "budget_summary": "Coordinators 300,000; meetups 200,000; training 100,000; evaluation 50,000.",
        },
    ),
    (
        "Entraide Réfugiés Lyon",
        ("fellowship", "Open call"),
        "camille@demo.example",
        Status.DRAFT,
        {
            "community_story": "3 200 membres, bénévoles et personnes réfugiées, qui s'entraident chaque jour à Lyon.",
            "leaders": "Camille Durand, Yusuf Haddad.",
            "title": "Cours de français pour tous",
            "summary": "Des cours de français gratuits, trois soirs par semaine, dans quatre quartiers.",
        },
    ),
    ("Code Club Chennai", ("fellowship", "Open call"), "priya@demo.example", Status.DRAFT, {}),
    (
        "Amman Newcomers Network",
        ("fellowship", "Pilot round"),
        "yusuf@demo.example",
        Status.IN_REVIEW,
        {
            "community_story": "5,600 newcomers and residents of Amman sharing where to find clinics, schools and work.",
            "leaders": "Yusuf Haddad and four volunteer moderators.",
            "title": "Clinic finder",
            "summary": "A volunteer-kept map of free and low-cost clinics, with weekly accompaniment visits.",
            "plan": "Map the clinics, train 20 volunteers, accompany 500 families.",
            "impact": "Newcomer families see a doctor sooner.",
            "measurement": "Families accompanied, follow-up calls after three months.",
            "amount_requested": Decimal("50000"),
            "budget_summary": "Volunteer transport 20,000; coordinator 25,000; printing 5,000.",
        },
    ),
    (
        "Code Club Chennai",
        ("fellowship", "Pilot round"),
        "priya@demo.example",
        Status.SUBMITTED,
        {
            "community_story": "Volunteer engineers teaching schoolchildren to code on weekends.",
            "leaders": "Priya Raman and twelve volunteer teachers.",
            "title": "Girls Who Ship",
            "summary": "A year-long coding course for 300 girls, ending with a public demo day.",
            "plan": "Recruit teachers, run two cohorts, hold a demo day.",
            "impact": "300 girls finish the course; half go on to a computing elective.",
            "measurement": "Completion, projects shipped, elective sign-ups.",
            "amount_requested": Decimal("50000"),
            "budget_summary": "Laptops 30,000; venue 10,000; teacher stipends 10,000.",
        },
    ),
    (
        "Lagos Mums Health Circle",
        ("fellowship", "2025 round"),
        "admin@demo.example",
        Status.IN_REVIEW,
        {
            "community_story": "Mothers in Lagos who ask and answer health questions every day.",
            "leaders": "Amara Okafor and six volunteer nurses.",
            "title": "Vaccination days",
            "summary": "Four free vaccination days a year with local clinics.",
            "plan": "Book clinics, train volunteers, run the days, follow up.",
            "impact": "2,000 children vaccinated on time.",
            "measurement": "Doses given, follow-up calls.",
            "amount_requested": Decimal("50000"),
            "budget_summary": "Clinic fees 30,000; volunteers 15,000; outreach 5,000.",
        },
    ),
    (
        "Amman Newcomers Network",
        ("fellowship", "2025 round"),
        "yusuf@demo.example",
        Status.IN_REVIEW,
        {
            "community_story": "Newcomers and residents of Amman helping each other settle.",
            "leaders": "Yusuf Haddad and four volunteer moderators.",
            "title": "Welcome desks",
            "summary": "Weekly welcome desks in three neighbourhoods.",
            "plan": "Recruit volunteers, open desks, publish a guide.",
            "impact": "1,000 families find schools and clinics faster.",
            "measurement": "Families helped, guide downloads.",
            "amount_requested": Decimal("50000"),
            "budget_summary": "Desk rent 20,000; volunteers 20,000; printing 10,000.",
        },
    ),
    (
        "Code Club Chennai",
        ("fellowship", "2025 round"),
        "priya@demo.example",
        Status.IN_REVIEW,
        {
            "community_story": "Volunteer engineers teaching schoolchildren to code on weekends.",
            "leaders": "Priya Raman and twelve volunteer teachers.",
            "title": "Coding clubs in village schools",
            "summary": "Weekend coding clubs in twenty village schools around Chennai.",
            "plan": "Train forty volunteer teachers, open the clubs, hold a yearly showcase.",
            "impact": "800 children write their first programs; teachers keep the clubs going.",
            "measurement": "Children enrolled and attending, projects finished, clubs still open after a year.",
            "amount_requested": Decimal("50000"),
            "budget_summary": "Laptops 25,000; teacher stipends 15,000; transport 10,000.",
        },
    ),
    (
        "Green Streets Lagos",
        ("residency", "Pilot round"),
        "admin@demo.example",
        Status.IN_REVIEW,
        {
            "community_story": "Neighbours who meet every month to clean a street and plant trees.",
            "leaders": "Amara Okafor and twenty street captains.",
            "title": "Shade for Surulere",
            "summary": "Plant 3,000 street trees in one district and train residents to care for them.",
            "plan": "Year 1: nursery and first 1,000 trees. Year 2: 2,000 more trees and a care rota per street.",
            "impact": "Cooler streets, fewer floods, and neighbours who know each other.",
            "measurement": "Trees planted and alive after a year, street temperatures, residents trained.",
            "amount_requested": Decimal("750000"),
            "budget_summary": "Saplings 250,000; nursery 150,000; street captains 250,000; evaluation 100,000.",
        },
    ),
]


def seed_roles() -> str:
    """The demo reviewer joins the Reviewers group; the demo staff member, Program staff."""
    User = get_user_model()
    for email, role in [("reviewer@demo.example", REVIEWERS), ("staff@demo.example", PROGRAM_STAFF)]:
        user = User.objects.get(email=email)
        if not user.groups.filter(name=role).exists():
            role_grant(user=user, role=role)
    return "reviewer and program staff roles granted"


def seed_applications() -> str:
    """Drafts and submissions in the open rounds, and reviewed ones in the closed pilot round."""
    User = get_user_model()
    staff = User.objects.get(email="staff@demo.example")
    created = 0
    for community_name, round_key, email, target, answers in APPLICATIONS:
        community = Community.objects.get(name=community_name)
        round_ = demo_round(*round_key)
        admin = User.objects.get(email=email)
        application = Application.objects.live().filter(community=community, round=round_).first()
        if application is not None:
            continue
        created += 1
        if round_.is_open:
            _apply_now(community=community, round_=round_, by=admin, target=target, answers=answers)
        else:
            _apply_back_then(
                community=community, round_=round_, by=admin, target=target, answers=answers, staff=staff
            )
    return f"{created} applications created, {len(APPLICATIONS) - created} already there"


def _apply_now(*, community: Community, round_: Round, by: User, target: str, answers: dict) -> Application:
    application = application_create(community=community, round=round_, by=by, eligibility=ELIGIBLE)
    application_update(application=application, by=by, data=answers)
    if target == Status.SUBMITTED:
        # The receipt goes to every admin of the community, as for a real submission.
        application_submit(application=application, by=by)
    return application


def _apply_back_then(
    *, community: Community, round_: Round, by: User, target: str, answers: dict, staff: User
) -> Application:
    """An application to a round that has closed, dated while it was open."""
    started = round_.opens_at + timedelta(days=3)
    with transaction.atomic():
        application = Application.objects.create(
            community=community,
            round=round_,
            created_by=by,
            created_at=started,
            updated_at=started,
            eligibility={"answers": ELIGIBLE, "confirmed_at": started.isoformat(), "confirmed_by": by.email},
            **answers,
        )
        application.status_changes.create(old_status="", new_status=Status.DRAFT, by=by, at=started)
        application_transition(
            application=application, to=Status.SUBMITTED, by=by, at=round_.closes_at - timedelta(days=2)
        )
        if target == Status.IN_REVIEW:
            application_transition(
                application=application,
                to=Status.IN_REVIEW,
                by=staff,
                at=round_.closes_at + timedelta(days=1),
                note="Eligible; sent to review.",
            )
    return application


PILOT_ROUND = ("fellowship", "Pilot round")
# (email, name, country, expertise, scores given on every criterion in turn)
REVIEWERS_DEMO = [
    ("reviewer@demo.example", "Rafael Moreno", "BR", ["health", "education"], None),
    ("ines@demo.example", "Inès Belkacem", "DZ", ["refugee_support", "health"], [4, 4, 3, 4, 3]),
    ("kwame@demo.example", "Kwame Mensah", "GH", ["education", "gender_equality"], [3, 5, 4, 4, 4]),
]


def seed_reviews() -> str:
    from leadership.demo import DEMO_PASSWORD

    User = get_user_model()
    staff = User.objects.get(email="staff@demo.example")
    reviewers = []
    for email, name, country, expertise, _scores in REVIEWERS_DEMO:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, password=DEMO_PASSWORD, full_name=name, country=country
            )
        if not user.groups.filter(name=REVIEWERS).exists():
            role_grant(user=user, role=REVIEWERS)
        profile, _created = ReviewerProfile.objects.get_or_create(user=user)
        profile.expertise.add(*FocusArea.objects.filter(code__in=expertise))
        reviewers.append(user)

    round_ = Round.objects.filter(program__slug=PILOT_ROUND[0], title=PILOT_ROUND[1]).first()
    if round_ is None:
        return "no pilot round: reviews not seeded"
    for application in Application.objects.for_round(round_).filter(status=Status.SUBMITTED):
        application_screen(application=application, by=staff, eligible=True)
    result = reviewers_assign(round=round_, by=staff, per_application=2, reviewers=reviewers)

    submitted = 0
    scores_by_email = {email: scores for email, _n, _c, _e, scores in REVIEWERS_DEMO}
    for assignment in (
        ReviewAssignment.objects.for_round(round_)
        .unfinished()
        .select_related("reviewer", "application__round__program")
    ):
        scores = scores_by_email.get(assignment.reviewer.email)
        if scores is None:
            continue  # the demo reviewer's own queue stays to do
        criteria = list(assignment.application.round.program.criteria.all())
        review_submit(
            assignment=assignment,
            by=assignment.reviewer,
            scores={c.pk: (value, "") for c, value in zip(criteria, scores, strict=False)},
            overall_comment="Clear need and a credible team; measurement could be sharper.",
            recommendation="support",
        )
        submitted += 1
    return f"{len(result.created)} review assignments made, {submitted} reviews submitted"
