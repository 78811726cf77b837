"""The refusal that training and gathering services raise, and the staff check both make."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

from ..roles import is_program_staff

if TYPE_CHECKING:
    from leadership.models import User


class DevelopmentRefused(ValidationError):
    """A change to a cohort, session or gathering that the rules do not allow."""


def _require_staff(by: User, message: str) -> None:
    if not is_program_staff(by):
        raise DevelopmentRefused(message)
