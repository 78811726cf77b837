"""The registry of emails the platform sends.

Each event has three templates under templates/emails/<event>/: subject.txt, body.txt and
body.html (extending emails/layout.html). A reminder can be turned off by its recipient;
a transactional notice (receipt, decision) always goes.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Event:
    name: str
    description: str
    is_reminder: bool = False
    # The body carries a link that acts for its holder (a password reset, an invitation): the
    # outbox admin shows it masked, so reading the outbox never hands anyone that power.
    has_secret_link: bool = False
    # Sent to someone whose data is being erased: once delivered, the row forgets the address
    # and the body, so the outbox keeps no trace of them.
    forget_recipient_once_sent: bool = False


EVENTS: dict[str, Event] = {
    event.name: event
    for event in [
        Event("application_submitted", "Receipt to every admin of the community on submission."),
        Event("application_withdrawn", "Confirmation to the community's admins on withdrawal."),
        Event("deadline_extended", "To a community's admins: staff gave their draft more time, and why."),
        Event("invitation_sent", "Invitation to become a co-admin of a community.", has_secret_link=True),
        Event(
            "password_reset",
            "A link to choose a new password, to the account's address.",
            has_secret_link=True,
        ),
        Event("signup_confirm", "To a new address: the link that creates the account.", has_secret_link=True),
        Event(
            "signup_existing_account",
            "To an account's owner: someone tried to sign up with their address.",
        ),
        Event(
            "data_export_ready",
            "To a person: their copy of their data is ready, with a link that expires.",
            has_secret_link=True,
        ),
        Event("erasure_requested", "To program staff: a person asked for their account to be erased."),
        Event(
            "erasure_done",
            "To a person, at the address being erased: their account and data are erased.",
            forget_recipient_once_sent=True,
        ),
        Event("reviewer_assigned", "To a reviewer: one email listing their new review assignments."),
        Event("conflict_declared", "To program staff: a reviewer declared a conflict and was released."),
        Event(
            "decision_released", "To a community's admins: the outcome of their application, once released."
        ),
        Event(
            "review_reminder",
            "To a reviewer: unfinished reviews 3 days and 1 day before the review deadline.",
            is_reminder=True,
        ),
        Event(
            "draft_deadline_reminder",
            "Drafts still open 7 days and 1 day before the close.",
            is_reminder=True,
        ),
        Event(
            "draft_deletion_warning",
            "To a community's admins: a draft inactive for a year is deleted in a month (retention).",
        ),
        Event("session_reminder", "A day before a training session, to everyone enrolled.", is_reminder=True),
        Event("gathering_proposed", "To staff: a group admin proposed a local gathering."),
        Event("gathering_approved", "To the host: staff approved their gathering."),
        Event("gathering_declined", "To the host: staff declined their gathering, with the reason."),
        Event("gathering_cancelled", "To attendees and the waitlist: the gathering is called off."),
        Event("gathering_seat_confirmed", "To an admin moved up from a gathering's waitlist."),
        Event("gathering_message", "A gathering host's message to the attendees."),
        Event("award_offered", "To a community's admins: staff offered them an award."),
        Event("award_accepted", "To a community's admins: the award was accepted online."),
        Event("award_declined", "To a community's admins: confirmation that the award was declined."),
        Event("award_declined_staff", "To staff: a grantee declined an award; its slot is free."),
        Event("award_cancelled", "To a community's admins: staff cancelled the award, with the reason."),
        Event("award_completed", "To a community's admins: the award is complete."),
        Event("award_amended", "To a community's admins: the award's amount changed, with the reason."),
        Event("tranche_paid", "To a community's admins: a tranche of their award was paid."),
        Event("report_submitted", "To staff: a grantee filed a progress report."),
        Event("report_accepted", "To a community's admins: staff accepted their progress report."),
        Event("report_changes_requested", "To a community's admins: staff ask for changes to a report."),
        Event(
            "report_due_reminder",
            "To a community's admins: a progress report is due in 7 days.",
            is_reminder=True,
        ),
        Event("reports_overdue", "To staff: progress reports past their due date.", is_reminder=True),
        Event("budget_proposal_submitted", "To staff: a resident filed a budget proposal."),
        Event("budget_proposal_approved", "To a community's admins: their budget was approved."),
        Event(
            "budget_proposal_changes_requested",
            "To a community's admins: staff ask for changes to their budget.",
        ),
    ]
}


def get_event(name: str) -> Event:
    try:
        return EVENTS[name]
    except KeyError:
        raise LookupError(f"Unknown notification event {name!r}; add it to notifications.events.") from None
