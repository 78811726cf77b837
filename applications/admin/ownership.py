"""Reviewers reach only their own rows of the review desk; staff reach all; the rest is 404."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from leadership.roles import can_manage_reviews


class OwnRowsMixin:
    """For a ModelAdmin whose rows belong to one user, named by `owner_field` ("user_id")."""

    owner_field: str

    def _is_own_or_staff(self, request: HttpRequest, obj) -> bool:
        return (
            obj is None
            or can_manage_reviews(request.user)
            or getattr(obj, self.owner_field) == request.user.pk
        )

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_view_permission(request, obj) and self._is_own_or_staff(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_change_permission(request, obj) and self._is_own_or_staff(request, obj)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Someone else's row and a missing one look the same: not found.
        raise Http404
