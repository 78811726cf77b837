"""Demo review data for `manage.py seed_demo`: reviewers, the pilot round screened, assigned and partly scored.

The demo reviewer (reviewer@demo.example) is left with reviews to do, so a visitor can log in
to the admin, see their queue, score and submit; two more reviewers have already submitted,
so staff find a ranking to open. Idempotent: a second run adds nothing.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from leadership.models import FocusArea
from leadership.roles import REVIEWERS
from programs.models import Round

from .models import Application, ReviewAssignment, ReviewerProfile, Status
from .roles import role_grant
from .services import application_screen, review_submit, reviewers_assign

PILOT_ROUND = "Fellowship — pilot round"
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

    round_ = Round.objects.filter(title=PILOT_ROUND).first()
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
