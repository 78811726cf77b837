"""Every write to people, communities, training and gatherings."""

from .accounts import password_reset_request, password_reset_send, signup_confirm, signup_request
from .communities import (
    LeadershipRefused,
    admin_invite,
    community_create,
    community_update,
    invitation_accept,
)
from .gatherings import (
    gathering_approve,
    gathering_cancel,
    gathering_capacity_change,
    gathering_capacity_check,
    gathering_decline,
    gathering_message_attendees,
    gathering_propose,
    gathering_report_submit,
    gathering_rsvp,
    rsvp_cancel,
)
from .refusals import DevelopmentRefused
from .training import (
    attendance_mark,
    cohort_join,
    cohort_leave,
    material_add,
    session_audience_sync,
    session_cancel,
    session_create,
    session_enrol,
    session_reminders_send,
)

__all__ = [
    "DevelopmentRefused",
    "LeadershipRefused",
    "admin_invite",
    "attendance_mark",
    "cohort_join",
    "cohort_leave",
    "community_create",
    "community_update",
    "gathering_approve",
    "gathering_cancel",
    "gathering_capacity_change",
    "gathering_capacity_check",
    "gathering_decline",
    "gathering_message_attendees",
    "gathering_propose",
    "gathering_report_submit",
    "gathering_rsvp",
    "invitation_accept",
    "material_add",
    "password_reset_request",
    "password_reset_send",
    "rsvp_cancel",
    "session_audience_sync",
    "session_cancel",
    "session_create",
    "session_enrol",
    "session_reminders_send",
    "signup_confirm",
    "signup_request",
]
