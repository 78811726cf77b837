"""Demo people and communities for `manage.py seed_demo`; every step is idempotent."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from .models import Community, FocusArea, Platform
from .services import admin_invite, community_create, invitation_accept

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
