"""The relay wakes when an email is queued, instead of at its next look (PostgreSQL LISTEN/NOTIFY).

A statement trigger on the outbox (migration 0004) NOTIFYs `CHANNEL` whenever rows are inserted
or put back in line; PostgreSQL delivers it when that transaction commits and never for one
rolled back. The relay listens on a connection of its own and looks at the outbox as soon as a
notice comes, so an email reaches the broker milliseconds after the submission that wrote it
rather than up to an interval later. The interval stays the fallback: on SQLite, while the
listening connection is down, and for rows due later (retries).
"""

from __future__ import annotations

import contextlib
import logging
import select
import threading
import time
from typing import Any

from django.db import connections
from psycopg2 import Error as PostgresError  # type: ignore[import-untyped]

logger = logging.getLogger("notifications.relay")

CHANNEL = "notifications_outbox"
# The longest one select() blocks, so a stop request is seen within this even with a long interval.
SLICE_SECONDS = 0.5


class OutboxWakeups:
    """`wait()` returns when the outbox was written to, when `timeout` passed, or when stopping."""

    def __init__(self, alias: str = "default") -> None:
        self.alias = alias
        self._listener: Any = None
        self._warned = False

    def wait(self, timeout: float, stopping: threading.Event) -> None:
        deadline = time.monotonic() + timeout
        if self._listener is None and self._listen():
            return  # a new listener may have missed notices: look once now
        while not stopping.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                return
            if self._listener is None:
                stopping.wait(left)
                return
            try:
                ready, _, _ = select.select([self._listener], [], [], min(left, SLICE_SECONDS))
                if ready:
                    self._listener.poll()
                    if self._listener.notifies:
                        self._listener.notifies.clear()
                        return
            except (OSError, PostgresError):
                # The database went away: back to the interval until a new listener opens.
                logger.warning("Outbox relay lost its listening connection; looking every interval.")
                self.close()

    def _listen(self) -> bool:
        """Open the listening connection (PostgreSQL only); whether it is now open."""
        wrapper = connections[self.alias]
        if wrapper.vendor != "postgresql":
            return False
        try:
            listener = wrapper.get_new_connection(wrapper.get_connection_params())
            listener.autocommit = True
            with listener.cursor() as cursor:
                cursor.execute(f"LISTEN {CHANNEL}")
        except (OSError, PostgresError):
            if not self._warned:
                logger.warning("Outbox relay cannot listen for new emails; looking every interval.")
                self._warned = True
            return False
        self._listener, self._warned = listener, False
        logger.info("Outbox relay listening on %s.", CHANNEL)
        return True

    def close(self) -> None:
        if self._listener is not None:
            with contextlib.suppress(PostgresError):  # already gone
                self._listener.close()
            self._listener = None
