"""Background work for awards: building large exports, report reminders, purging old files."""

from celery import shared_task

from .services import export_build, exports_build_queued, exports_purge, report_reminders_send


@shared_task(acks_late=True)
def build_export(export_id: int) -> int:
    return export_build(export_id=export_id).rows_done


@shared_task(acks_late=True)
def build_queued_exports() -> int:
    return exports_build_queued()


@shared_task(acks_late=True)
def send_report_reminders() -> tuple[int, int]:
    return report_reminders_send()


@shared_task(acks_late=True)
def purge_exports() -> int:
    return exports_purge()
