"""The suite runs where the issue says it must: PostgreSQL and Redis in CI."""

import os

import redis
from django.conf import settings
from django.db import connection

from tests.conftest import IN_CI, require


def test_ci_runs_on_postgresql(db):
    if IN_CI:
        assert connection.vendor == "postgresql", "CI must run the suite on PostgreSQL (DATABASE_URL)"
    else:
        assert connection.vendor in {"postgresql", "sqlite"}


def test_ci_has_redis():
    url = os.environ.get("REDIS_URL", "")
    require(bool(url), "REDIS_URL")
    assert redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    assert url == settings.CELERY_BROKER_URL
