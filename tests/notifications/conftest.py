"""Fixtures of the outbox: a broker that is down, drafts ready to submit."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from config import celery_app
from tests.factories import ApplicationFactory

CLOSED_PORT_BROKER = "redis://127.0.0.1:1/0"


def _forget_connections() -> None:
    """Drop Celery's cached pool and AMQP routing so a new broker URL or queue takes effect."""
    celery_app._pool = None
    celery_app.__dict__.pop("amqp", None)


@contextmanager
def celery_broker(url: str, *, eager: bool = False, queue: str | None = None) -> Iterator[None]:
    """Publish to `url` (eagerly or not, to `queue`) inside the block; restore everything after."""
    conf = celery_app.conf
    saved = (conf.broker_url, conf.task_always_eager, conf.task_default_queue)
    conf.broker_url, conf.task_always_eager = url, eager
    if queue:
        conf.task_default_queue = queue
    _forget_connections()
    try:
        yield
    finally:
        conf.broker_url, conf.task_always_eager, conf.task_default_queue = saved
        _forget_connections()


@pytest.fixture
def broker_down() -> Iterator[None]:
    """Celery publishes to a closed port, as when Redis is down."""
    with celery_broker(CLOSED_PORT_BROKER, eager=False):
        yield


@pytest.fixture
def receipt_draft(community, open_round, applicant):
    """A complete draft of the persona community (admins: applicant, co_admin)."""
    return ApplicationFactory(community=community, round=open_round, created_by=applicant)
