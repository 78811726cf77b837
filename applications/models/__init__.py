from .application import (
    APPLICANT_MOVES,
    TRANSITIONS,
    Application,
    ApplicationQuerySet,
    Attachment,
    Status,
    StatusChange,
)

__all__ = [
    "APPLICANT_MOVES", "TRANSITIONS", "Application", "ApplicationQuerySet", "Attachment", "Status",
    "StatusChange",
]
