from .communities import (
    INVITATION_LIFETIME,
    Community,
    CommunityAdmin,
    FocusArea,
    FocusAreaCode,
    Invitation,
    Platform,
)
from .gatherings import (
    Gathering,
    GatheringMessage,
    GatheringReport,
    GatheringStatus,
    GatheringStatusChange,
    Rsvp,
    RsvpState,
)
from .people import EmailUserManager, User
from .security import PasswordResetRequest, SecurityEvent, SecurityEventKind
from .training import (
    Cohort,
    CohortMembership,
    Enrolment,
    EnrolmentState,
    SessionFormat,
    SessionMaterial,
    TrainingSession,
)

__all__ = [
    "INVITATION_LIFETIME",
    "Cohort",
    "CohortMembership",
    "Community",
    "CommunityAdmin",
    "EmailUserManager",
    "Enrolment",
    "EnrolmentState",
    "FocusArea",
    "FocusAreaCode",
    "Gathering",
    "GatheringMessage",
    "GatheringReport",
    "GatheringStatus",
    "GatheringStatusChange",
    "Invitation",
    "PasswordResetRequest",
    "Platform",
    "Rsvp",
    "RsvpState",
    "SecurityEvent",
    "SecurityEventKind",
    "SessionFormat",
    "SessionMaterial",
    "TrainingSession",
    "User",
]
