"""Applications' part of a person's data: their communities' applications with the original files,
and their reviews if they review. Registered with leadership.privacy in AppConfig.ready()."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import ProtectedError, Q, RestrictedError

from leadership.privacy.people import communities_run_alone
from leadership.privacy.registry import Erasure, ExportFile, ExportPart, register
from programs.models import Round

from .models import Application, Attachment, ReviewAssignment, ReviewerProfile, Score, StatusChange

if TYPE_CHECKING:
    from leadership.models import User

APPLICATION = (
    "id",
    "round__title",
    "round__program__name",
    "community__name",
    "status",
    "eligibility",
    "community_story",
    "trust_and_safety",
    "leaders",
    "leadership_experience",
    "title",
    "summary",
    "plan",
    "impact",
    "measurement",
    "amount_requested",
    "budget_summary",
    "created_at",
    "updated_at",
    "submitted_at",
    "decision_note",
)
# Free text about people (the applicant, their co-leaders): blanked on an application kept for audit.
ABOUT_PEOPLE = ("leaders", "leadership_experience", "community_story", "trust_and_safety")


def _theirs(user: User):
    return Application.objects.filter(Q(community__memberships__user=user) | Q(created_by=user)).distinct()


def _archive_name(attachment: Attachment) -> str:
    # The name as uploaded, made safe as a path inside the ZIP, kept apart by the row's id.
    name = posixpath.basename(attachment.original_name.replace("\\", "/")) or "file"
    return f"applications/{attachment.application_id}/{attachment.pk}-{name}"


def export(user: User) -> ExportPart:
    ids = list(_theirs(user).values_list("pk", flat=True))
    applications: dict[int, dict[str, Any]] = {
        row["id"]: {**row, "status_history": [], "attachments": []}
        for row in Application.objects.filter(pk__in=ids).order_by("pk").values(*APPLICATION)
    }
    for change in StatusChange.objects.filter(application_id__in=ids).values(
        "application_id", "old_status", "new_status", "at", "note"
    ):
        applications[change.pop("application_id")]["status_history"].append(change)
    files = []
    for attachment in Attachment.objects.filter(application_id__in=ids).order_by("pk"):
        path = _archive_name(attachment)
        applications[attachment.application_id]["attachments"].append(
            {
                "file": path,
                "original_name": attachment.original_name,
                "type": attachment.content_type,
                "size": attachment.size,
                "description": attachment.description,
                "uploaded_at": attachment.uploaded_at,
            }
        )
        files.append(ExportFile(path=path, file=attachment.file))
    sections: dict[str, Any] = {"applications": list(applications.values())}
    reviews = _reviews(user)
    if reviews:
        sections["reviews_you_wrote"] = reviews
    profile = ReviewerProfile.objects.filter(user=user).first()
    if profile is not None:
        sections["reviewer_profile"] = {
            "organisations": profile.organisations,
            "expertise": list(profile.expertise.values_list("code", flat=True)),
            "communities": list(profile.communities.values_list("name", flat=True)),
        }
    return ExportPart(sections=sections, files=files)


def _reviews(user: User) -> list[dict[str, Any]]:
    assignments = {
        row["id"]: {**row, "scores": []}
        for row in ReviewAssignment.objects.filter(reviewer=user)
        .order_by("pk")
        .values(
            "id",
            "application_id",
            "application__title",
            "assigned_at",
            "conflict_declared_at",
            "conflict_reason",
            "review__overall_comment",
            "review__recommendation",
            "review__submitted_at",
        )
    }
    for score in Score.objects.filter(review__assignment_id__in=assignments).values(
        "review__assignment_id", "criterion__name", "value", "comment"
    ):
        assignments[score.pop("review__assignment_id")]["scores"].append(score)
    return list(assignments.values())


def erase(erasure: Erasure) -> dict[str, int]:
    """Applications of a community only this person runs: deleted, or kept blanked when an award
    must stay for audit. A community with other admins keeps its applications whole."""
    user = erasure.user
    done = {"applications_deleted": 0, "applications_kept_for_audit": 0, "attachments_deleted": 0}
    rounds: set[int] = set()
    for application in list(
        Application.objects.filter(community__in=communities_run_alone(user).values("pk"))
    ):
        rounds.add(application.round_id)
        done["attachments_deleted"] += _attachments_delete(application)
        try:
            with transaction.atomic():
                application.delete()
            done["applications_deleted"] += 1
        except (ProtectedError, RestrictedError):  # an award (or another record) must stay
            Application.objects.filter(pk=application.pk).update(**dict.fromkeys(ABOUT_PEOPLE, ""))
            done["applications_kept_for_audit"] += 1
    ReviewerProfile.objects.filter(user=user).delete()
    # Rankings cached with a deleted application would list it: their rounds get a new stamp.
    Round.objects.filter(pk__in=rounds).ranking_changed()
    return done


def _attachments_delete(application: Application) -> int:
    attachments = list(Attachment.objects.filter(application=application))
    for attachment in attachments:
        # Only once the erasure commits: a rolled-back erasure keeps its files.
        transaction.on_commit(lambda f=attachment.file: f.storage.delete(f.name))
    Attachment.objects.filter(application=application).delete()
    return len(attachments)


def register_applications() -> None:
    register("applications", exporter=export, eraser=erase, order=20)


def export_access_log(user: User) -> ExportPart:
    """Who read the applications of the communities this person runs (issue 15: the access log)."""
    from .access_log import access_records_for

    rows = [
        {
            "at": record.at.isoformat(),
            "who": record.user.full_name if record.user else "",
            "what": record.get_action_display(),
            "application_id": record.application_id,
            "round_id": record.round_id,
            "applications_in_export": record.application_count if record.action == "export" else None,
        }
        for record in access_records_for(user).iterator(chunk_size=2000)
    ]
    return ExportPart(sections={"who_accessed_your_applications": rows})


def register_access_log() -> None:
    register("access_log", exporter=export_access_log, order=30)
