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


EVENTS: dict[str, Event] = {
    event.name: event
    for event in [
        Event("application_submitted", "Receipt to every admin of the community on submission."),
        Event("application_withdrawn", "Confirmation to the community's admins on withdrawal."),
        Event("invitation_sent", "Invitation to become a co-admin of a community."),
        Event("draft_deadline_reminder", "Drafts still open 7 days and 1 day before the close.", is_reminder=True),
    ]
}


def get_event(name: str) -> Event:
    try:
        return EVENTS[name]
    except KeyError:
        raise LookupError(f"Unknown notification event {name!r}; add it to notifications.events.") from None
