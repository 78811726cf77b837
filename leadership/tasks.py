"""Background work for accounts and leadership development."""

from celery import shared_task

from .services import session_reminders_send
from .services.accounts import password_reset_send


@shared_task(acks_late=True)
def send_session_reminders() -> int:
    """Email everyone enrolled in a session that starts within a day (once per session)."""
    return session_reminders_send()


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def send_password_reset(email: str) -> int:
    """Write the reset email for an address, if it has an account; the web request never looks."""
    return password_reset_send(email=email)
