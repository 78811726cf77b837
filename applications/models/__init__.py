from .application import (
    APPLICANT_MOVES,
    TRANSITIONS,
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

__all__ = [
    "APPLICANT_MOVES", "SCORE_ANCHORS", "SCORE_MAX", "SCORE_MIN", "TRANSITIONS", "Application",
    "ApplicationQuerySet", "AssignmentQuerySet", "AssignmentState", "Attachment", "DecisionRelease",
    "Recommendation", "Review", "ReviewAssignment", "ReviewerProfile", "Score", "Status",
    "StatusChange",
]
