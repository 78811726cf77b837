"""The words, countries and amounts the scale dataset is made of."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.hashers import make_password

SCALE_DOMAIN = "scale.example.org"
ROUND_PREFIX = "Scale "
COHORT_PREFIX = "scale:"  # cohort keys: how a rerun finds and replaces them
STAFF_EMAIL = f"staff@{SCALE_DOMAIN}"
BATCH = 5_000
# Nobody logs in as seed data with a password (benchmarks use force_login); no hashing cost.
UNUSABLE_PASSWORD = make_password(None)
# A spread like the 2018 program's 46 countries: a few large ones, many small.
COUNTRIES = [
    "IN",
    "ID",
    "BR",
    "US",
    "NG",
    "PH",
    "MX",
    "KE",
    "EG",
    "FR",
    "GB",
    "DE",
    "IT",
    "ES",
    "PK",
    "BD",
    "VN",
    "TH",
    "TR",
    "CO",
    "AR",
    "PE",
    "ZA",
    "GH",
    "UG",
    "TZ",
    "ET",
    "MA",
    "DZ",
    "TN",
    "SN",
    "CI",
    "CM",
    "JP",
    "KR",
    "AU",
    "CA",
    "PL",
    "UA",
    "RO",
    "NL",
    "BE",
    "SE",
    "PT",
    "GR",
]
LANGUAGES = ("English", "French", "Spanish", "Portuguese", "Hindi", "Bahasa", "Swahili", "Arabic")
WORDS = [
    "community",
    "members",
    "volunteers",
    "meetups",
    "training",
    "mentors",
    "neighbourhood",
    "health",
    "school",
    "women",
    "refugees",
    "clean",
    "water",
    "recycling",
    "market",
    "savings",
    "literacy",
    "coding",
    "parents",
    "youth",
    "elders",
    "farmers",
    "clinic",
    "library",
    "online",
    "group",
    "admins",
    "moderators",
    "events",
    "workshop",
    "network",
    "support",
    "local",
    "city",
    "village",
]
EVENTS = ("application_submitted", "review_reminder", "draft_reminder", "decision_released", "award_offered")
RESIDENCY_AMOUNTS = (Decimal("1000000"), Decimal("950000"), Decimal("800000"), Decimal("750000"))
