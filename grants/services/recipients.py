"""Who hears about an award: the people who run the grantee community, and program staff."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model

from leadership.roles import program_staff_users
from notifications.services import notification_send

from ..models import Award

if TYPE_CHECKING:
    from leadership.models import User


def _grantees(award: Award) -> list[User]:
    return list(
        get_user_model().objects.filter(
            community_memberships__community_id=award.application.community_id, is_active=True
        )
    )


def staff_recipients() -> list[User]:
    return list(program_staff_users())


def _notify_grantees(event: str, award: Award, **context: Any) -> None:
    notification_send(event=event, to=_grantees(award), context={"award": award, **context})
