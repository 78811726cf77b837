"""Demo data for `manage.py seed_demo` from leadership: people, their authenticator app, communities,
cohorts with training sessions, and gatherings. Every step is idempotent.

The demo staff and reviewer's authenticator app has a fixed, printed, public key: anyone who runs
`make run` can log in as them, so the key is as public as the password. `manage.py demo_totp`
prints the current code. Cohort sessions and gatherings run after the awards step.
"""

from __future__ import annotations

import zoneinfo
from base64 import b32encode
from binascii import unhexlify
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import (
    Cohort,
    Community,
    CommunityAdmin,
    FocusArea,
    Gathering,
    GatheringStatus,
    Platform,
    TrainingSession,
)
from .roles import program_staff_users
from .second_factor import needs_second_factor
from .services import (
    admin_invite,
    cohort_join,
    community_create,
    gathering_approve,
    gathering_rsvp,
    invitation_accept,
    session_audience_sync,
)

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 -- printed for everyone to use; demo data only

# The three logins printed by seed_demo come first; the others fill the communities.
PEOPLE = [
    {
        "email": "admin@demo.example",
        "full_name": "Amara Okafor",
        "country": "NG",
        "time_zone": "Africa/Lagos",
        "language": "en",
    },
    {
        "email": "reviewer@demo.example",
        "full_name": "Rafael Moreno",
        "country": "BR",
        "time_zone": "America/Sao_Paulo",
        "language": "en",
    },
    {
        "email": "staff@demo.example",
        "full_name": "Sofia Lindqvist",
        "country": "SE",
        "time_zone": "Europe/Stockholm",
        "language": "en",
        "is_staff": True,
        "is_superuser": True,
    },
    {
        "email": "camille@demo.example",
        "full_name": "Camille Durand",
        "country": "FR",
        "time_zone": "Europe/Paris",
        "language": "fr",
    },
    {
        "email": "priya@demo.example",
        "full_name": "Priya Raman",
        "country": "IN",
        "time_zone": "Asia/Kolkata",
        "language": "en",
    },
    {
        "email": "lucia@demo.example",
        "full_name": "Lucía Fernández",
        "country": "MX",
        "time_zone": "America/Mexico_City",
        "language": "en",
    },
    {
        "email": "yusuf@demo.example",
        "full_name": "Yusuf Haddad",
        "country": "JO",
        "time_zone": "Asia/Amman",
        "language": "en",
    },
]

COMMUNITIES = [
    {
        "name": "Lagos Mums Health Circle",
        "admins": ["admin@demo.example", "priya@demo.example"],
        "url": "https://www.facebook.com/groups/lagos-mums-health-circle",
        "platform": Platform.FACEBOOK,
        "member_count": 18400,
        "country": "NG",
        "primary_language": "English",
        "year_founded": 2014,
        "focus": ["health", "womens_entrepreneurship"],
        "description": "Mothers across Lagos trading advice on pregnancy, child health and vaccination, with weekly live Q&As hosted by volunteer nurses.",
    },
    {
        "name": "Green Streets Lagos",
        "admins": ["admin@demo.example"],
        "url": "https://www.instagram.com/greenstreetslagos",
        "platform": Platform.INSTAGRAM,
        "member_count": 7300,
        "country": "NG",
        "primary_language": "English, Yoruba",
        "year_founded": 2019,
        "focus": ["environment"],
        "description": "Neighbours who organise monthly clean-ups, plant street trees and map illegal dumping sites.",
    },
    {
        "name": "Entraide Réfugiés Lyon",
        "admins": ["camille@demo.example", "yusuf@demo.example"],
        "url": "https://chat.whatsapp.com/entraide-refugies-lyon",
        "platform": Platform.WHATSAPP,
        "member_count": 3200,
        "country": "FR",
        "primary_language": "French",
        "year_founded": 2016,
        "focus": ["refugee_support", "education"],
        "description": "Bénévoles et personnes réfugiées qui s'entraident à Lyon : cours de français, démarches administratives, logement, emploi.",
    },
    {
        "name": "Code Club Chennai",
        "admins": ["priya@demo.example"],
        "url": "https://www.facebook.com/groups/codeclubchennai",
        "platform": Platform.FACEBOOK,
        "member_count": 9700,
        "country": "IN",
        "primary_language": "Tamil, English",
        "year_founded": 2017,
        "focus": ["education", "gender_equality"],
        "description": "Free weekend coding lessons for schoolchildren, taught by volunteer engineers; half of the learners are girls.",
    },
    {
        "name": "Mujeres Emprendedoras MX",
        "admins": ["lucia@demo.example"],
        "url": "https://www.facebook.com/groups/mujeresemprendedorasmx",
        "platform": Platform.FACEBOOK,
        "member_count": 42000,
        "country": "MX",
        "primary_language": "Spanish",
        "year_founded": 2013,
        "focus": ["womens_entrepreneurship", "gender_equality"],
        "description": "Women running small businesses across Mexico who mentor each other on pricing, credit and selling online.",
    },
    {
        "name": "Amman Newcomers Network",
        "admins": ["yusuf@demo.example"],
        "url": "https://m.me/j/amman-newcomers",
        "platform": Platform.MESSENGER,
        "member_count": 5600,
        "country": "JO",
        "primary_language": "Arabic",
        "year_founded": 2015,
        "focus": ["refugee_support", "health"],
        "description": "Newcomers to Amman and long-time residents helping each other find clinics, schools and work.",
    },
]

# A pending co-admin invitation, so the invitation email and flow can be tried.
INVITATIONS = [("Green Streets Lagos", "admin@demo.example", "tunde@demo.example")]


def seed_people() -> str:
    """The demo logins and the people behind the demo communities."""
    User = get_user_model()
    created = 0
    for spec in PEOPLE:
        spec = dict(spec)
        email = spec.pop("email")
        if User.objects.filter(email=email).exists():
            continue
        User.objects.create_user(email=email, password=DEMO_PASSWORD, **spec)
        created += 1
    return f"{created} people created, {len(PEOPLE) - created} already there"


def seed_communities() -> str:
    """Communities in several countries, languages and focus areas, created by their admins."""
    User = get_user_model()
    created = 0
    for spec in COMMUNITIES:
        spec = dict(spec)
        admins = [User.objects.get(email=email) for email in spec.pop("admins")]
        focus = FocusArea.objects.filter(code__in=spec.pop("focus"))
        community = Community.objects.filter(name=spec["name"]).first()
        if community is None:
            community = community_create(by=admins[0], data=spec, focus_areas=focus)
            created += 1
        for user in admins[1:]:
            # Co-admins join the way people do: invited by the creator, accepting the link.
            if not community.memberships.filter(user=user).exists():
                invitation = admin_invite(community=community, by=admins[0], email=user.email)
                invitation_accept(invitation=invitation, by=user)
    for name, inviter_email, email in INVITATIONS:
        community = Community.objects.get(name=name)
        if not community.invitations.filter(email=email).exists():
            admin_invite(community=community, by=User.objects.get(email=inviter_email), email=email)
    return f"{created} communities created, {len(COMMUNITIES) - created} already there"


# 20 bytes, hex as django-otp stores them; its base32 form is what an authenticator app takes.
DEMO_TOTP_KEY = "64656d6f2d746f74702d6b65792d323032362121"  # "demo-totp-key-2026!!"
DEMO_TOTP_EMAILS = ["reviewer@demo.example", "staff@demo.example"]


def demo_totp_secret() -> str:
    return b32encode(unhexlify(DEMO_TOTP_KEY)).decode()


def demo_totp_code() -> str:
    totp = TOTP(unhexlify(DEMO_TOTP_KEY))
    return f"{totp.token():06d}"


def seed_second_factors() -> str:
    """Give the demo staff and reviewer the demo app, so they log in with its code."""
    created = 0
    for user in get_user_model().objects.filter(email__in=DEMO_TOTP_EMAILS):
        if not needs_second_factor(user) or TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            continue
        TOTPDevice.objects.create(user=user, name="Demo app", key=DEMO_TOTP_KEY, confirmed=True)
        created += 1
    return f"{created} demo authenticator apps set up"


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
            else {
                "venue": "Station F, 5 parvis Alan Turing",
                "city": "Paris",
                "country": "FR",
                "time_zone": "Europe/Paris",
            }
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


def _local_time(day: datetime, zone: str, hour: int) -> datetime:
    """That day at that hour on the venue's clock, as an aware datetime."""
    local = day.astimezone(zoneinfo.ZoneInfo(zone))
    return local.replace(hour=hour, minute=0, second=0, microsecond=0)


def seed_gatherings() -> list[Gathering]:
    """A few approved gatherings in different countries with RSVPs, and one awaiting approval."""
    admins, staff = _group_admins(), _staff()
    if len(admins) < 2 or staff is None:
        return []
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    plans = [
        ("Lyon admins' breakfast", "Café des Canuts", "Lyon", "FR", "Europe/Paris", 9, 8, True, True),
        (
            "Paris group admins meetup",
            "Maison des associations",
            "Paris",
            "FR",
            "Europe/Paris",
            16,
            19,
            False,
            True,
        ),
        ("Dakar community leaders evening", "Jokkolabs", "Dakar", "SN", "Africa/Dakar", 23, 18, True, True),
        (
            "Montréal moderators' circle",
            "Bibliothèque du Mile End",
            "Montréal",
            "CA",
            "America/Toronto",
            30,
            18,
            False,
            False,
        ),
    ]
    gatherings = []
    for i, (title, venue, city, country, zone, days, hour, public, approve) in enumerate(plans):
        host = admins[i % len(admins)]
        start = _local_time(now + timedelta(days=days), zone, hour)
        gathering, created = Gathering.objects.get_or_create(
            title=title,
            defaults={
                "host": host,
                "venue": venue,
                "city": city,
                "country": country,
                "time_zone": zone,
                "starts_at": start,
                "ends_at": start + timedelta(hours=2),
                "capacity": 3 if i == 0 else 20,
                "is_public": public,
                "description": "Admins of local online groups meet to swap what works: moderation, "
                "growth, turning online members into neighbours.",
            },
        )
        if not gathering.time_zone:  # demo data loaded before venues had a zone
            gathering.time_zone = zone
            gathering.save(update_fields=["time_zone"])
        if created and approve and gathering.status == GatheringStatus.PROPOSED:
            gathering_approve(gathering=gathering, by=staff, note="Welcome!")
            for guest in [a for a in admins if a != host][:4]:
                gathering_rsvp(gathering=gathering, by=guest)
        gatherings.append(gathering)
    return gatherings
