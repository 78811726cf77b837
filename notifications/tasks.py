from celery import shared_task

from .delivery import MAX_ATTEMPTS, DeliveryFailed, notification_deliver
from .services import notifications_sweep


@shared_task(
    bind=True, acks_late=True, autoretry_for=(DeliveryFailed,), retry_backoff=30,
    retry_backoff_max=3600, retry_jitter=False, max_retries=MAX_ATTEMPTS - 1,
)
def deliver_notification(self, notification_id: int) -> bool:
    return notification_deliver(notification_id=notification_id)


@shared_task(acks_late=True)
def sweep_pending() -> int:
    return notifications_sweep()
