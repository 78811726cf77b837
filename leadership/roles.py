"""Who may act: the one place that answers "is this user program staff, a reviewer, a superuser?".

Every service, view decorator, admin `has_*_permission` and template asks these predicates.
`user.is_staff` is Django's "may open the admin login page" and grants nothing by itself:
program staff are superusers, or `is_staff` members of the "Program staff" group; reviewers
are members of the "Reviewers" group and are not `is_staff`. The groups and their
permissions are created by migration applications.0004_review_groups
(`applications.roles.roles_sync`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias, TypeGuard

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet

    from .models import User

    # Whoever a request names: a signed-in person or the anonymous visitor (None when nobody at all).
    AnyUser: TypeAlias = User | AnonymousUser | None

REVIEWERS = "Reviewers"
PROGRAM_STAFF = "Program staff"


def _is_active(user: AnyUser) -> TypeGuard[User]:
    return bool(user and user.is_authenticated and user.is_active)


def _in_group(user: AnyUser, name: str) -> bool:
    if not _is_active(user):
        return False
    cache = getattr(user, "_role_names", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._role_names = cache
    return name in cache


def is_superuser(user: AnyUser) -> bool:
    return _is_active(user) and user.is_superuser


def is_reviewer(user: AnyUser) -> bool:
    return _in_group(user, REVIEWERS)


def is_program_staff(user: AnyUser) -> TypeGuard[User]:
    """Staff who run the program: superusers, or is_staff members of Program staff."""
    if not _is_active(user):
        return False
    return user.is_superuser or (user.is_staff and _in_group(user, PROGRAM_STAFF))


def may_enter_admin(user: AnyUser) -> bool:
    """Superusers, program staff and reviewers; nobody else reaches the admin."""
    return is_program_staff(user) or is_reviewer(user)


def can_manage_reviews(user: AnyUser) -> bool:
    return is_program_staff(user) and user.has_perm("applications.manage_reviews")


def program_staff_users() -> QuerySet[User]:
    """The active people is_program_staff answers yes for, as a queryset (for recipients and pickers)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    return (
        get_user_model()
        .objects.filter(Q(is_superuser=True) | Q(is_staff=True, groups__name=PROGRAM_STAFF), is_active=True)
        .distinct()
    )


def forget_roles(user: AnyUser) -> None:
    """Drop the role and permission caches after a user's groups changed."""
    for cache in ("_role_names", "_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(cache, None)
