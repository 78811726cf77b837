"""`manage.py outbox_relay`: the process that hands waiting outbox emails to Celery."""

from __future__ import annotations

import logging
import signal
import threading
import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections

from notifications.services import notifications_relay
from notifications.wakeups import OutboxWakeups

logger = logging.getLogger("notifications.relay")


class Command(BaseCommand):
    help = (
        "Hand waiting outbox emails to the Celery broker as they are queued (PostgreSQL) and every "
        "--interval seconds until stopped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between two looks.")
        parser.add_argument("--batch", type=int, default=500, help="Rows handed over per look at most.")
        parser.add_argument("--once", action="store_true", help="Hand over what waits now, then exit.")

    def handle(self, *args, interval: float, batch: int, once: bool, **options) -> None:
        if once:
            try:
                count = notifications_relay(limit=batch)
            except Exception as exc:
                raise CommandError(f"The broker could not be reached: {exc}") from exc
            self.stdout.write(f"{count} notifications handed to the broker.")
            return
        stopping = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            # Finish the current batch, then exit: a row marked handed over is always published.
            signal.signal(signum, lambda *_: stopping.set())
        logger.info("Outbox relay started, looking every %.1f s.", interval)
        self.loop(stopping=stopping, interval=interval, batch=batch)
        logger.info("Outbox relay stopped.")

    def loop(self, *, stopping: threading.Event, interval: float, batch: int) -> None:
        wakeups = OutboxWakeups()
        try:
            self._loop(stopping=stopping, interval=interval, batch=batch, wakeups=wakeups)
        finally:
            wakeups.close()

    def _loop(
        self, *, stopping: threading.Event, interval: float, batch: int, wakeups: OutboxWakeups
    ) -> None:
        failing_since: float | None = None
        while not stopping.is_set():
            # A database restarted since the last look must not stop the relay for good.
            close_old_connections()
            try:
                count = notifications_relay(limit=batch)
            except Exception:
                if failing_since is None:
                    failing_since = time.monotonic()
                    logger.exception("Outbox relay cannot hand emails over; retrying every %.1f s.", interval)
                stopping.wait(interval)
                continue
            if failing_since is not None:
                logger.info("Outbox relay recovered after %.0f s.", time.monotonic() - failing_since)
                failing_since = None
            if count:
                logger.info("Handed %d notifications to the broker.", count)
            if count < batch:  # a full batch means more wait: look again at once
                wakeups.wait(interval, stopping)
