"""ReviewRefused and the two checks most review-workflow services start with."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from leadership.roles import is_program_staff

from ..models import ReviewAssignment

if TYPE_CHECKING:
    from leadership.models import User


class ReviewRefused(ValidationError):
    """A review-workflow change the rules do not allow."""


def require_program_staff(by: User) -> None:
    if not is_program_staff(by):
        raise ReviewRefused(_("Only program staff can do this."))


def require_own_assignment(assignment: ReviewAssignment, by: User) -> None:
    if by is None or assignment.reviewer_id != by.pk:
        raise ReviewRefused(_("This review is assigned to someone else."))
