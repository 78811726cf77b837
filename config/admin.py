"""The project's admin site: only superusers, program staff and reviewers get in.

Reviewers are not `is_staff` (see leadership.roles), so the stock `is_staff` gate and
login form are replaced; and an admin page someone may not see answers 404, the same as a
missing one, instead of telling them it exists.
"""

from functools import wraps
from typing import TYPE_CHECKING

from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser


class GrantsAdminAuthenticationForm(AdminAuthenticationForm):
    def confirm_login_allowed(self, user: "AbstractBaseUser") -> None:
        from leadership.roles import may_enter_admin

        if not user.is_active or not may_enter_admin(user):
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class GrantsAdminSite(AdminSite):
    login_form = GrantsAdminAuthenticationForm
    # Django's index with the same work places as the site's menu above the models.
    index_template = "admin/grants_index.html"

    def index(self, request, extra_context=None):
        from leadership.workplaces import places_for

        return super().index(request, {"work_places": places_for(request.user), **(extra_context or {})})

    def has_permission(self, request) -> bool:
        from leadership.roles import may_enter_admin
        from leadership.second_factor import is_verified

        # A password alone never opens the admin: the session must have passed the second
        # factor (leadership.middleware sends it to the code page first).
        return may_enter_admin(request.user) and is_verified(request.user)

    def admin_view(self, view, cacheable=False):
        @wraps(view)
        def not_found_instead_of_forbidden(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except PermissionDenied:
                raise Http404 from None

        return super().admin_view(not_found_instead_of_forbidden, cacheable)
