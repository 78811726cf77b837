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
    "LeadershipRefused",
    "admin_invite",
    "community_create",
    "community_update",
    "invitation_accept",
    "user_signup",
]

from .development import (
    DevelopmentRefused,
    attendance_mark,
    cohort_join,
    cohort_leave,
    gathering_approve,
    gathering_cancel,
    gathering_decline,
    gathering_message_attendees,
    gathering_propose,
    gathering_report_submit,
    gathering_rsvp,
    material_add,
    rsvp_cancel,
    session_audience_sync,
    session_cancel,
    session_create,
    session_enrol,
    session_reminders_send,
)

__all__ += [
    "DevelopmentRefused",
    "attendance_mark",
    "cohort_join",
    "cohort_leave",
    "gathering_approve",
    "gathering_cancel",
    "gathering_decline",
    "gathering_message_attendees",
    "gathering_propose",
    "gathering_report_submit",
    "gathering_rsvp",
    "material_add",
    "rsvp_cancel",
    "session_audience_sync",
    "session_cancel",
    "session_create",
    "session_enrol",
    "session_reminders_send",
]
