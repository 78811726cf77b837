from .communities import (
    INVITATION_LIFETIME,
    Community,
    CommunityAdmin,
    FocusArea,
    FocusAreaCode,
    Invitation,
    Platform,
)
from .development import (
    GATHERING_TRANSITIONS,
    Cohort,
    CohortMembership,
    Enrolment,
    EnrolmentState,
    Gathering,
    GatheringMessage,
    GatheringReport,
    GatheringStatus,
    GatheringStatusChange,
    Rsvp,
    RsvpState,
    SessionFormat,
    SessionMaterial,
    TrainingSession,
)
from .people import TIME_ZONE_CHOICES, EmailUserManager, User

__all__ = [
    "INVITATION_LIFETIME", "TIME_ZONE_CHOICES", "Community", "CommunityAdmin", "EmailUserManager", "FocusArea",
    "FocusAreaCode", "Invitation", "Platform", "User",
    "GATHERING_TRANSITIONS", "Cohort", "CohortMembership", "Enrolment", "EnrolmentState", "Gathering",
    "GatheringMessage", "GatheringReport", "GatheringStatus", "GatheringStatusChange", "Rsvp", "RsvpState",
    "SessionFormat", "SessionMaterial", "TrainingSession",
]
