from .application import (
    QUIET_DECISIONS,
    Application,
    ApplicationQuerySet,
    Attachment,
    Status,
    StatusChange,
)
from .review import (
    SCORE_ANCHORS,
    SCORE_MAX,
    SCORE_MIN,
    AssignmentQuerySet,
    AssignmentState,
    DecisionRelease,
    Recommendation,
    Review,
    ReviewAssignment,
    ReviewerProfile,
    Score,
)
from .slate import Slate

__all__ = [
    "QUIET_DECISIONS",
    "SCORE_ANCHORS",
    "SCORE_MAX",
    "SCORE_MIN",
    "Application",
    "ApplicationQuerySet",
    "AssignmentQuerySet",
    "AssignmentState",
    "Attachment",
    "DecisionRelease",
    "Recommendation",
    "Review",
    "ReviewAssignment",
    "ReviewerProfile",
    "Score",
    "Slate",
    "Status",
    "StatusChange",
]
