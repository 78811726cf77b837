"""Admin access shared by the training and gatherings rooms: program staff only."""

from __future__ import annotations

from ..roles import is_program_staff


class StaffOnly:
    """Program staff manage training and gatherings; reviewers in the admin see none of it."""

    def _is_program_staff(self, request) -> bool:
        return is_program_staff(request.user)

    def has_module_permission(self, request) -> bool:
        return self._is_program_staff(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._is_program_staff(request)

    def has_add_permission(self, request, *args) -> bool:
        return self._is_program_staff(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._is_program_staff(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._is_program_staff(request)
