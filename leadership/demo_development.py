"""Demo data for leadership development; each step idempotent (run by seed_demo after the awards step)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from .models import Cohort, CommunityAdmin, Gathering, GatheringStatus, TrainingSession
from .roles import program_staff_users
from .services import cohort_join, gathering_approve, gathering_rsvp, session_audience_sync

DEMO_COHORT_KEY = "fellowship:demo"


def _staff():
    return program_staff_users().order_by("-is_superuser", "id").first()


def _group_admins():
    User = get_user_model()
    ids = CommunityAdmin.objects.order_by("id").values_list("user_id", flat=True).distinct()
    return list(User.objects.filter(pk__in=ids, is_staff=False).order_by("id"))


def seed_cohort_sessions() -> list[TrainingSession]:
    """Three sessions for every cohort (or a demo cohort of group admins if awards made none)."""
    staff, now = _staff(), timezone.now().replace(minute=0, second=0, microsecond=0)
    cohorts = list(Cohort.objects.all())
    if not cohorts:
        for user in _group_admins()[:4]:
            cohort_join(
                key=DEMO_COHORT_KEY,
                name="Fellowship 2018 (demo)",
                user=user,
                by=staff,
                program="Community Leadership Fellowship",
            )
        cohorts = list(Cohort.objects.all())
    plans = [
        ("Running a group that lasts", "online", timedelta(days=6, hours=15), False),
        ("Launching collective action", "in_person", timedelta(days=20, hours=9), False),
        ("Organising your first meetup", "online", timedelta(days=35, hours=17), True),
    ]
    sessions = []
    for title, fmt, offset, open_to_all in plans:
        place = (
            {"online_url": "https://meet.example.org/leadership-" + title.split()[0].lower()}
            if fmt == "online"
            else {"venue": "Station F, 5 parvis Alan Turing", "city": "Paris", "country": "FR"}
        )
        session, created = TrainingSession.objects.get_or_create(
            title=title,
            defaults={
                "description": "A two-hour workshop with peers and an experienced community leader.",
                "format": fmt,
                "starts_at": now + offset,
                "ends_at": now + offset + timedelta(hours=2),
                "capacity": 40,
                "open_to_all_admins": open_to_all,
                "created_by": staff,
                **place,
            },
        )
        if created and not open_to_all:
            session.cohorts.set(cohorts)
            session_audience_sync(session=session, by=staff)
        sessions.append(session)
    return sessions


def seed_gatherings() -> list[Gathering]:
    """A few approved gatherings in different countries with RSVPs, and one awaiting approval."""
    admins, staff = _group_admins(), _staff()
    if len(admins) < 2 or staff is None:
        return []
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    plans = [
        ("Lyon admins' breakfast", "Café des Canuts", "Lyon", "FR", 9, True, True),
        ("Paris group admins meetup", "Maison des associations", "Paris", "FR", 16, False, True),
        ("Dakar community leaders evening", "Jokkolabs", "Dakar", "SN", 23, True, True),
        ("Montréal moderators' circle", "Bibliothèque du Mile End", "Montréal", "CA", 30, False, False),
    ]
    gatherings = []
    for i, (title, venue, city, country, days, public, approve) in enumerate(plans):
        host = admins[i % len(admins)]
        start = now + timedelta(days=days, hours=18 - now.hour)
        gathering, created = Gathering.objects.get_or_create(
            title=title,
            defaults={
                "host": host,
                "venue": venue,
                "city": city,
                "country": country,
                "starts_at": start,
                "ends_at": start + timedelta(hours=2),
                "capacity": 3 if i == 0 else 20,
                "is_public": public,
                "description": "Admins of local online groups meet to swap what works: moderation, "
                "growth, turning online members into neighbours.",
            },
        )
        if created and approve and gathering.status == GatheringStatus.PROPOSED:
            gathering_approve(gathering=gathering, by=staff, note="Welcome!")
            for guest in [a for a in admins if a != host][:4]:
                gathering_rsvp(gathering=gathering, by=guest)
        gatherings.append(gathering)
    return gatherings
