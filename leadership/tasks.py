"""Background work for leadership development, run by Celery beat."""

from celery import shared_task

from .services import session_reminders_send


@shared_task(acks_late=True)
def send_session_reminders() -> int:
    """Email everyone enrolled in a session that starts within a day (once per session)."""
    return session_reminders_send()
