"""The Celery task of the outbox: deliver one row the relay handed over."""

import logging

from celery import shared_task

from .delivery import DeliveryFailed, notification_deliver

logger = logging.getLogger(__name__)


# acks_late: a worker killed before claiming the row leaves the message for another worker.
# Once claimed, the row itself says what happened: the claim counts the attempt and holds a
# lease, and the relay re-offers the row when the lease runs out or the backoff ends. So
# Celery retries nothing: one mechanism, with the database as its memory.
@shared_task(acks_late=True)
def deliver_notification(notification_id: int) -> bool:
    try:
        return notification_deliver(notification_id=notification_id)
    except DeliveryFailed as exc:
        logger.info("Notification %s will be retried in %d s: %s", notification_id, exc.retry_in, exc)
        return False
