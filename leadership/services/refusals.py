"""The refusal that training and gathering services raise, and the staff check both make."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from ..roles import is_program_staff


class DevelopmentRefused(ValidationError):
    """A change to a cohort, session or gathering that the rules do not allow."""


def _require_staff(by, message: str) -> None:
    if not is_program_staff(by):
        raise DevelopmentRefused(message)
