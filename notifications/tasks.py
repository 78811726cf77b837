"""Celery tasks of the outbox: deliver one row, sweep the rows a lost task left behind."""

from celery import shared_task

from .delivery import DeliveryFailed, notification_deliver
from .services import notifications_sweep


# acks_late: a worker killed mid-send leaves the message on the broker for another worker;
# the row lock and state check in notification_deliver make the second run a no-op if the
# first had sent it. The row, not Celery, counts attempts (the sweep may also re-queue it),
# so Celery's own retry limit is off.
@shared_task(bind=True, acks_late=True, max_retries=None)
def deliver_notification(self, notification_id: int) -> bool:
    try:
        return notification_deliver(notification_id=notification_id)
    except DeliveryFailed as exc:
        raise self.retry(exc=exc, countdown=exc.retry_in) from exc


@shared_task(acks_late=True)
def sweep_pending() -> int:
    return notifications_sweep()
