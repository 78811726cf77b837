"""Leadership's part of a person's data: their profile, communities, RSVPs, training, emails.

Registered in LeadershipConfig.ready(); the eraser runs last (order 90), after the higher apps
have removed what they could, so a community still referenced for audit is kept, renamed.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog  # type: ignore[import-untyped]
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, ProtectedError, QuerySet
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from notifications.events import EVENTS
from notifications.models import Notification

from ..models import (
    CohortMembership,
    Community,
    CommunityAdmin,
    ConsentRecord,
    DataExport,
    Enrolment,
    Gathering,
    Invitation,
    PasswordResetRequest,
    Rsvp,
    SecurityEvent,
    User,
)
from .registry import Erasure, ExportPart, register

PROFILE = (
    "email",
    "full_name",
    "country",
    "time_zone",
    "language",
    "wants_reminders",
    "date_joined",
    "last_login",
)
COMMUNITY = (
    "id",
    "name",
    "url",
    "platform",
    "member_count",
    "country",
    "primary_language",
    "description",
    "year_founded",
    "created_at",
)
SECRET_LINK = re.compile(r"(https?://[^/\s\"'<>]+)[^\s\"'<>]*")
EMAIL = ("event", "to_email", "subject", "body_text", "state", "created_at", "sent_at")


def emails_to(user: User):
    return Notification.objects.filter(recipient=user) | Notification.objects.filter(
        to_email__iexact=user.email
    )


def communities_run_alone(user: User) -> QuerySet[Community]:
    """The communities this person is the only admin of (nobody else would lose anything)."""
    # The count runs over all memberships: filtering the same join by the user would count one.
    theirs = CommunityAdmin.objects.filter(user=user).values("community_id")
    return (
        Community.objects.filter(pk__in=theirs)
        .annotate(admin_count=Count("memberships"))
        .filter(admin_count=1)
    )


def _masked(email: dict[str, Any]) -> dict[str, Any]:
    """A link that acts for its holder (a reset, a sign-up) keeps only its host, as in the outbox admin:
    a ZIP left lying around must not hand anyone that power."""
    event = EVENTS.get(email["event"])
    if event is not None and event.has_secret_link:
        email["body_text"] = SECRET_LINK.sub(
            lambda match: match.group(1) + "/[link hidden]", email["body_text"]
        )
    return email


def export(user: User) -> ExportPart:
    profile: dict[str, Any] = {field: getattr(user, field) for field in PROFILE}
    profile["country"] = str(user.country)
    profile["roles"] = list(user.groups.values_list("name", flat=True))
    memberships = {
        m.community_id: m
        for m in CommunityAdmin.objects.filter(user=user).only("community_id", "is_creator", "added_at")
    }
    communities = []
    for row in Community.objects.filter(pk__in=memberships).prefetch_related("focus_areas").order_by("pk"):
        data = {field: getattr(row, field) for field in COMMUNITY}
        data["country"] = str(row.country)
        data["focus_areas"] = [area.code for area in row.focus_areas.all()]
        data["you_created_it"] = memberships[row.pk].is_creator
        data["admin_since"] = memberships[row.pk].added_at
        communities.append(data)
    return ExportPart(
        sections={
            "profile": profile,
            "privacy_notices_accepted": list(
                ConsentRecord.objects.filter(user=user).values("notice__version", "accepted_at")
            ),
            "communities": communities,
            "gathering_rsvps": list(
                Rsvp.objects.filter(user=user).values(
                    "gathering__title",
                    "gathering__city",
                    "gathering__starts_at",
                    "state",
                    "requested_at",
                    "confirmed_at",
                    "cancelled_at",
                )
            ),
            "gatherings_hosted": list(
                Gathering.objects.filter(host=user).values(
                    "title", "description", "venue", "city", "starts_at", "ends_at", "status", "created_at"
                )
            ),
            "training": list(
                Enrolment.objects.filter(user=user).values(
                    "session__title", "session__starts_at", "state", "enrolled_at", "attended"
                )
            ),
            "cohorts": list(CohortMembership.objects.filter(user=user).values("cohort__name", "joined_at")),
            "security_events": list(SecurityEvent.objects.filter(user=user).values("kind", "at", "note")),
            "emails_sent_to_you": [
                _masked(row) for row in emails_to(user).order_by("created_at", "pk").values(*EMAIL)
            ],
        }
    )


def erase(erasure: Erasure) -> dict[str, int]:
    """Drop the person from every community; a community nobody else runs goes, or is renamed
    when an application kept for audit still names it."""
    user = erasure.user
    done = {"communities_deleted": 0, "communities_pseudonymised": 0, "memberships_removed": 0}
    for community in list(communities_run_alone(user)):
        try:
            with transaction.atomic():
                community.delete()
            done["communities_deleted"] += 1
        except ProtectedError:  # an application (and its award) still points at it
            community.name = erasure.replacement
            community.url, community.description = "", ""
            community.save(update_fields=["name", "url", "description"])
            done["communities_pseudonymised"] += 1
    done["memberships_removed"] = CommunityAdmin.objects.filter(user=user).delete()[0]
    Invitation.objects.filter(email__iexact=user.email).delete()
    Invitation.objects.filter(invited_by=user, accepted_at__isnull=True).delete()
    done["rsvps_deleted"] = Rsvp.objects.filter(user=user).delete()[0]
    Enrolment.objects.filter(user=user).delete()
    CohortMembership.objects.filter(user=user).delete()
    SecurityEvent.objects.filter(user=user).delete()
    PasswordResetRequest.objects.filter(email__iexact=user.email).delete()
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username__iexact=user.email).delete()
    for name in DataExport.objects.filter(user=user).exclude(file="").values_list("file", flat=True):
        transaction.on_commit(partial(default_storage.delete, name))
    DataExport.objects.filter(user=user).delete()
    done["emails_deleted"] = emails_to(user).exclude(pk__in=erasure.keep_notifications).delete()[0]
    return done


def register_leadership() -> None:
    register("leadership", exporter=export, eraser=erase, order=90)
