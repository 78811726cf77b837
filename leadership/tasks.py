"""Background work for accounts and leadership development."""

from celery import shared_task

from .services import session_reminders_send
from .services.accounts import password_resets_process


@shared_task(acks_late=True)
def send_session_reminders() -> int:
    """Email everyone enrolled in a session that starts within a day (once per session)."""
    return session_reminders_send()


@shared_task(acks_late=True)
def process_password_resets() -> int:
    """Write the reset emails people asked for; the web request only wrote their address down."""
    return password_resets_process()


@shared_task(acks_late=True)
def build_data_export(export_id: int) -> int | None:
    """Write one person's ZIP of their data and email them the link."""
    from .privacy.export import data_export_build

    export = data_export_build(export_id=export_id)
    return export.pk if export is not None else None


@shared_task(acks_late=True)
def purge_data_exports() -> int:
    """Delete the data-export ZIPs whose links have expired."""
    from .privacy.export import data_exports_purge

    return data_exports_purge()
