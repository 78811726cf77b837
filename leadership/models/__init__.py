from .communities import (
    INVITATION_LIFETIME,
    TIME_ZONE_CHOICES,
    Community,
    EmailUserManager,
    CommunityAdmin,
    FocusArea,
    FocusAreaCode,
    Invitation,
    Platform,
    User,
)

__all__ = [
    "INVITATION_LIFETIME", "TIME_ZONE_CHOICES", "Community", "CommunityAdmin", "EmailUserManager", "FocusArea",
    "FocusAreaCode", "Invitation", "Platform", "User",
]
