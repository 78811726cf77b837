"""Celery beat's schedule: every periodic task of the project in one table (settings imports it).

Tasks that run every few seconds carry an `expires` so that a backlog built while no worker ran
is dropped rather than replayed.
"""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Applications: reminders before deadlines, the nightly flag pass, retention (issue 15).
    "applications-deadline-reminders": {
        "task": "applications.tasks.remind_draft_owners",
        "schedule": crontab(minute=0),
    },
    "applications-review-reminders": {
        "task": "applications.tasks.remind_reviewers",
        "schedule": crontab(minute=20),
    },
    # Flags for what was submitted since (a publish from the submit request could stall it).
    "applications-flags-new-submissions": {
        "task": "applications.tasks.flag_new_submissions",
        "schedule": 30.0,
        "options": {"expires": 30},
    },
    "applications-flags-nightly": {
        "task": "applications.tasks.flag_everything",
        "schedule": crontab(minute=40, hour=2),
    },
    "applications-retention": {
        "task": "applications.tasks.apply_retention",
        "schedule": crontab(minute=40, hour=3),
    },
    # Leadership: session reminders, password-reset emails, expired data-export ZIPs.
    "leadership-session-reminders": {
        "task": "leadership.tasks.send_session_reminders",
        "schedule": crontab(minute=15),
    },
    # The reset form only writes the address down (no broker in the request); this writes the email.
    "leadership-password-resets": {
        "task": "leadership.tasks.process_password_resets",
        "schedule": 5.0,
        "options": {"expires": 5},
    },
    "leadership-purge-data-exports": {
        "task": "leadership.tasks.purge_data_exports",
        "schedule": crontab(minute=45),
    },
    # Grants: report reminders, and large exports (queued rows, never a publish from the request).
    "grants-report-reminders": {
        "task": "grants.tasks.send_report_reminders",
        "schedule": crontab(minute=15, hour=6),
    },
    "grants-build-queued-exports": {
        "task": "grants.tasks.build_queued_exports",
        "schedule": 5.0,
        "options": {"expires": 5},
    },
    "grants-purge-exports": {
        "task": "grants.tasks.purge_exports",
        "schedule": crontab(minute=30),
    },
    # Health: /readyz checks beat's heartbeat. One queued while no worker ran must not pass for
    # a fresh one later.
    "config-beat-heartbeat": {
        "task": "config.tasks.beat_heartbeat",
        "schedule": 60.0,
        "options": {"expires": 50},
    },
}
