"""Every write to people, communities and (later) training and gatherings."""

from .communities import (
    LeadershipRefused,
    admin_invite,
    community_create,
    community_update,
    invitation_accept,
    user_signup,
)

__all__ = [
    "LeadershipRefused", "admin_invite", "community_create", "community_update",
    "invitation_accept", "user_signup",
]
