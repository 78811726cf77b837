"""The refusals every award service raises; views show their message on the form."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class AwardRefused(ValidationError):
    """A change to an award that the rules do not allow."""


class CapExceeded(AwardRefused):
    """The change would break one of the program's caps; the message names the cap."""
