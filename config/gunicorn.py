"""gunicorn settings for production: `gunicorn -c config/gunicorn.py config.wsgi`.

Measured with `make bench-deadline` (bench/README.md, "Deadline day and applicant pages"): the
pages are CPU-bound Python, so sync workers, two per core, are the default. On a quiet 2-core
machine they held the deadline-day surge with a lower p95 than gthread 4 x 4 (49/60 ms against
56/74 ms), and issue 12 measured gthread 20-35 % slower in throughput. Every value can be
overridden from the environment for a trial, e.g. GUNICORN_WORKER_CLASS=gthread.
A separate, small pool for the log-in page: GUNICORN_BIND=127.0.0.1:8001 GUNICORN_WORKERS=1
(README, "Adding web hosts and workers").
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two per core: one computes while the other waits on PostgreSQL.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", 1))
# The TLS proxy in front buffers slow clients; a request still running after this is killed
# and logged (the largest award report is built by Celery, never in a request).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 2
# Recycle a worker now and then so a slow leak cannot grow for weeks; jitter keeps them from
# restarting together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 5000))
max_requests_jitter = 500
# The kernel's listen queue for a burst (deadline day) while every worker is busy.
backlog = 2048
# Load the app once in the master and fork: faster restarts and shared memory pages.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
