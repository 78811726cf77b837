"""The password backend, with the signed-in person read in one query per request."""

from __future__ import annotations

from functools import cache

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User


@cache
def _user_sql() -> str:
    """The user row, one row per group, and whether a confirmed authenticator app exists.

    Plain SQL that PostgreSQL and SQLite both read: building the equivalent queryset (a join
    through the groups and an EXISTS) cost more than running it, on every signed-in request.
    """
    q = connection.ops.quote_name
    through = User.groups.through._meta.db_table
    # Only table and column names, quoted by the backend; the user id is a parameter.
    return (
        f"SELECT u.*, g.{q('name')} AS role_name, EXISTS(SELECT 1 FROM {q(TOTPDevice._meta.db_table)} d"  # noqa: S608
        f" WHERE d.{q('user_id')} = u.{q('id')} AND d.{q('confirmed')}) AS has_device"
        f" FROM {q(User._meta.db_table)} u"
        f" LEFT JOIN {q(through)} ug ON ug.{q('user_id')} = u.{q('id')}"
        f" LEFT JOIN {q(Group._meta.db_table)} g ON g.{q('id')} = ug.{q('group_id')}"
        f" WHERE u.{q('id')} = %s"
    )


class UserBackend(ModelBackend):
    """Django's ModelBackend (password check, active accounts, permissions) whose `get_user`,
    which the session middleware runs on every signed-in request, also reads the person's roles
    (leadership.roles) and second factor (leadership.second_factor): one query instead of three.
    """

    def get_user(self, user_id):
        rows = list(User._default_manager.raw(_user_sql(), [user_id]))
        if not rows:
            return None
        user = rows[0]
        if not self.user_can_authenticate(user):
            return None
        user._role_names = {row.role_name for row in rows if row.role_name is not None}
        user._second_factor_on = bool(user.has_device)
        return user
