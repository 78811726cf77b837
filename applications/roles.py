"""The groups behind the roles and exactly what each may do; the predicates are leadership.roles.

Program staff are `is_staff` users in the "Program staff" group; reviewers are users in the
"Reviewers" group and are *not* `is_staff`. The groups and their permissions are created by
migration applications.0004_review_groups.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from leadership.roles import PROGRAM_STAFF, REVIEWERS, forget_roles

if TYPE_CHECKING:
    from django.apps.registry import Apps

    from leadership.models import User


def role_grant(*, user: User, role: str) -> None:
    """Put a user in a role's group (and make program staff is_staff); used by demo and tests."""
    from django.contrib.auth.models import Group

    from .models import ReviewerProfile

    user.groups.add(Group.objects.get(name=role))
    if role == PROGRAM_STAFF and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    if role == REVIEWERS:
        ReviewerProfile.objects.get_or_create(user=user)
    forget_roles(user)


# Exactly what each role needs. Reviewers score through their assignments and keep their
# own profile; every object-level restriction lives in applications.admin.assignments. Program
# staff run the program: its catalogue, awards, applications and reviews, and read people.
REVIEWER_PERMISSIONS = (
    "applications.view_reviewassignment",
    "applications.change_reviewassignment",
    "applications.view_reviewerprofile",
    "applications.add_reviewerprofile",
    "applications.change_reviewerprofile",
)
# (app label, actions) for every model of the app, then single extra or withheld codenames.
STAFF_APP_ACTIONS = {
    "programs": ("view", "add", "change"),
    "grants": ("view", "add", "change"),
    "applications": ("view", "change"),
    "leadership": ("view",),
    "notifications": ("view",),
}
STAFF_EXTRA = (
    "applications.manage_reviews",
    "applications.add_reviewassignment",
    "applications.delete_reviewassignment",
    "applications.add_reviewerprofile",
    "applications.delete_reviewerprofile",
    "applications.add_decisionrelease",
    "leadership.change_community",
    "programs.delete_criterion",
    "notifications.change_notification",  # only to resend failed emails: the outbox admin edits nothing
)
STAFF_WITHHELD = (
    # Reviews, scores and the history are written only by their services, never edited.
    "applications.change_review",
    "applications.change_score",
    "applications.change_statuschange",
    "applications.change_decisionrelease",
)
# Audit trails (status changes, logs) are written by services only: staff read them.
AUDIT_SUFFIXES = ("statuschange", "log")


def roles_sync(apps: Apps | None = None) -> None:
    """Create both groups and give them exactly the permissions above (idempotent).

    Run by migration applications.0004; run it again (`RunPython`) from a later migration
    when a new model needs to reach program staff.
    """
    if apps is None:
        from django.apps import apps as installed

        apps = installed
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")

    def lookup(dotted: tuple[str, ...]) -> list[Any]:
        found = []
        for name in dotted:
            app_label, codename = name.split(".")
            found.extend(
                permission_model.objects.filter(content_type__app_label=app_label, codename=codename)
            )
        return found

    staff = []
    for app_label, actions in STAFF_APP_ACTIONS.items():
        for permission in permission_model.objects.filter(content_type__app_label=app_label):
            action, model = permission.codename.split("_", 1)
            if model.endswith(AUDIT_SUFFIXES) and action != "view":
                continue
            if action in actions and f"{app_label}.{permission.codename}" not in STAFF_WITHHELD:
                staff.append(permission)
    staff.extend(lookup(STAFF_EXTRA))
    reviewers, _created = group_model.objects.get_or_create(name=REVIEWERS)
    reviewers.permissions.set(lookup(REVIEWER_PERMISSIONS))
    program_staff, _created = group_model.objects.get_or_create(name=PROGRAM_STAFF)
    program_staff.permissions.set({p.pk: p for p in staff}.values())
