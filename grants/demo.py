"""Demo data for `manage.py seed_demo` from grants: rounds, then awards.

Rounds: one open round per program and a closed one. Awards (after the applications' demo
step): per program one accepted and paid, one offered, one shortlisted; everything goes through
the services, so the awards have their history, schedule and emails. Idempotent: a program
that already has an award is left alone.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from applications.models import Application, Status
from applications.workflow import application_transition
from programs.demo import DEMO_ROUNDS
from programs.models import Program, Round

from .models import Award
from .services import award_accept, award_make, tranche_mark_paid


def seed_rounds() -> str:
    """Dates count from the first run; later runs leave existing rounds alone."""
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    created = 0
    for slug, title, title_fr, opens, closes, review, old_title in DEMO_ROUNDS:
        program = Program.objects.get(slug=slug)
        # Demo data loaded before round titles stopped repeating the program's name.
        Round.objects.filter(program=program, title=old_title).update(title=title)
        round_, was_created = Round.objects.get_or_create(
            program=program,
            title=title,
            defaults={
                "title_fr": title_fr,
                "opens_at": now + timedelta(days=opens),
                "closes_at": (now + timedelta(days=closes)).replace(hour=23, minute=59),
                "review_closes_at": now + timedelta(days=review),
            },
        )
        if not round_.title_fr:
            round_.title_fr = title_fr
            round_.save(update_fields=["title_fr"])
        created += was_created
    return f"{created} rounds created, {len(DEMO_ROUNDS) - created} already there"


# The moves that bring a submitted application to the shortlist.
TO_SHORTLIST = {
    Status.SUBMITTED: [Status.IN_REVIEW, Status.SHORTLISTED],
    Status.IN_REVIEW: [Status.SHORTLISTED],
    Status.SHORTLISTED: [],
}


def seed_awards() -> str:
    staff = get_user_model().objects.filter(email="staff@demo.example").first()
    if staff is None:
        return "no demo staff: awards not seeded"
    made = 0
    for program in Program.objects.all():
        if Award.objects.filter(program=program).exists():
            continue
        candidates = (
            Application.objects.with_listing()
            # Decisions come once a round's reviews have closed; open calls and rounds still
            # in review keep their applications for the demo reviewer and applicants.
            .filter(round__program=program, round__review_closes_at__lt=timezone.now())
            .filter(status__in=list(TO_SHORTLIST), awards__isnull=True)
            .order_by("pk")[:3]
        )
        for position, application in enumerate(candidates):
            for status in TO_SHORTLIST[application.status]:
                application_transition(application=application, to=status, by=staff, note="Demo decision")
            if position == 2:
                continue  # left on the shortlist, for staff to award from the demo
            amount = None
            if not program.amount_is_fixed:
                amount = min(application.amount_requested or program.max_amount, program.max_amount)
            award = award_make(application=application, by=staff, amount=amount, note="Demo award")
            made += 1
            grantee = application.community.admins.first()
            if position == 0 and grantee is not None:
                award = award_accept(award=award, by=grantee, agree=True, list_publicly=True)
                tranche_mark_paid(
                    tranche=award.tranches.get(number=1),
                    by=staff,
                    paid_on=timezone.localdate(),
                    reference=f"DEMO-{award.pk:04d}-1",
                )
    return f"{made} awards made"
