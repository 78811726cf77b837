"""The demo's privacy notice: version 1, published, accepted by every demo person (seed_demo)."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from ..demo import PEOPLE, _staff
from ..models import ConsentRecord, PrivacyNotice
from .consent import privacy_notice_publish

PRIVACY_NOTICE = {
    "title_en": "How we handle your personal data",
    "title_fr": "Comment nous traitons vos données personnelles",
    "body_en": (
        "We hold your name, email, country and time zone to run your account, and what you write "
        "about your communities and their leaders to judge your applications and follow awards.\n\n"
        "Staff and the reviewers assigned to an application read it. We keep declined applications "
        "for 24 months after the decisions, and awards for as long as the law asks for audit.\n\n"
        "You can download everything we hold about you, or ask for its erasure, from the \u201cMy "
        "data\u201d page."
    ),
    "body_fr": (
        "Nous conservons votre nom, votre adresse, votre pays et votre fuseau horaire pour votre "
        "compte, et ce que vous \u00e9crivez sur vos communaut\u00e9s et leurs responsables pour "
        "\u00e9valuer vos candidatures et suivre les subventions.\n\n"
        "Le personnel et les \u00e9valuateurs affect\u00e9s \u00e0 une candidature la lisent. Les "
        "candidatures refus\u00e9es sont gard\u00e9es 24 mois apr\u00e8s les d\u00e9cisions, les "
        "subventions aussi longtemps que la loi l\u2019exige pour l\u2019audit.\n\n"
        "Vous pouvez t\u00e9l\u00e9charger tout ce que nous d\u00e9tenons sur vous, ou en demander "
        "l\u2019effacement, depuis la page \u00ab Mes donn\u00e9es \u00bb."
    ),
}


def seed_privacy_notice() -> str:
    """Version 1 of the privacy notice, published, and accepted by every demo person."""

    notice, _created = PrivacyNotice.objects.get_or_create(version=1, defaults=PRIVACY_NOTICE)
    if not notice.is_published:
        privacy_notice_publish(notice=notice, by=_staff())
    emails = [str(spec["email"]) for spec in PEOPLE]  # type: ignore[index]  # PEOPLE is untyped demo data
    people = get_user_model().objects.filter(email__in=emails).exclude(consents__notice=notice)
    accepted = ConsentRecord.objects.bulk_create(
        ConsentRecord(user=person, notice=notice) for person in people
    )
    return f"privacy notice version {notice.version} published; {len(accepted)} demo people accepted it"
