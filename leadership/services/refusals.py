"""The refusal that training and gathering services raise, and the staff check both make."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class DevelopmentRefused(ValidationError):
    """A change to a cohort, session or gathering that the rules do not allow."""


def _require_staff(by, message: str) -> None:
    if not (by and by.is_authenticated and by.is_staff):
        raise DevelopmentRefused(message)
