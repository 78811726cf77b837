"""The outbox: one row per email to one recipient, delivered by Celery after commit."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class NotificationQuerySet(models.QuerySet):
    def pending(self) -> NotificationQuerySet:
        return self.filter(state=State.PENDING)

    def failed(self) -> NotificationQuerySet:
        return self.filter(state=State.FAILED)

    def stale(self, *, older_than: timedelta = timedelta(minutes=1)) -> NotificationQuerySet:
        """Pending rows whose delivery is overdue by `older_than`: lost task or broker outage.

        A row is due when it is created or handed to the broker, and after a failed attempt
        when its retry should run: a retry waiting out its backoff is not stale.
        """
        cutoff = timezone.now() - older_than
        return self.pending().filter(next_attempt_at__lt=cutoff)

    def state_counts(self) -> dict[str, int]:
        """How many rows are in each state, in one grouped query."""
        counts = dict.fromkeys(State.values, 0)
        for row in self.order_by().values("state").annotate(n=models.Count("id")):
            counts[row["state"]] = row["n"]
        return counts


class Notification(models.Model):
    """One email to one person, rendered in their language when the cause was saved."""

    event = models.CharField(_("event"), max_length=80, db_index=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    to_email = models.EmailField(_("to"))
    language = models.CharField(_("language"), max_length=8)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    last_enqueued_at = models.DateTimeField(_("last enqueued at"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(
        _("next attempt due"),
        default=timezone.now,
        help_text=_("When the queued delivery should run; the sweep re-queues rows overdue by a minute."),
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The sweep reads only pending rows, by due time, every minute.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(state="pending"),
                name="notification_pending_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=State.values), name="notification_state_valid"),
            models.CheckConstraint(
                condition=~Q(state="sent") | Q(sent_at__isnull=False), name="notification_sent_has_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.to_email}"


class SentReminder(models.Model):
    """A reminder that went out, so the hourly schedule sends each one once.

    The key names the domain object as a string ("application:42") because notifications
    imports no domain app; the threshold names the moment ("7d", "1d").
    """

    event = models.CharField(_("event"), max_length=80)
    key = models.CharField(_("object"), max_length=120)
    threshold = models.CharField(_("threshold"), max_length=20)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "key", "threshold"], name="one_reminder_per_threshold")
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.key} {self.threshold}"
