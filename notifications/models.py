"""The outbox: one row per email to one recipient, handed to Celery by the relay after commit."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class NotificationQuerySet(models.QuerySet):
    def pending(self) -> NotificationQuerySet:
        return self.filter(state=State.PENDING)

    def failed(self) -> NotificationQuerySet:
        return self.filter(state=State.FAILED)

    def waiting(self, *, handoff: timedelta | None = None) -> NotificationQuerySet:
        """Pending rows due for delivery that no task is known to be carrying: the relay's work.

        A row waits from the moment it falls due until the relay hands it to the broker; a row
        handed over more than `handoff` ago and still pending lost its task (a broker that
        dropped it, a worker killed before claiming it) and waits again.
        """
        now = timezone.now()
        handoff = (
            handoff if handoff is not None else timedelta(seconds=settings.NOTIFICATIONS_HANDOFF_SECONDS)
        )
        return self.pending().filter(
            Q(last_enqueued_at__isnull=True)
            | Q(last_enqueued_at__lt=F("next_attempt_at"))
            | Q(last_enqueued_at__lt=now - handoff),
            next_attempt_at__lte=now,
        )

    def lease_expired(self) -> NotificationQuerySet:
        """Rows claimed by a worker that stopped before saying how the send went."""
        return self.filter(state=State.SENDING, lease_until__lt=timezone.now())

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
        help_text=_("When the next delivery attempt may run; the relay hands the row to a worker then."),
    )
    claimed_at = models.DateTimeField(_("last claimed at"), null=True, blank=True)
    lease_until = models.DateTimeField(
        _("lease until"),
        null=True,
        blank=True,
        help_text=_("A row still sending after this time lost its worker and is tried again."),
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The relay reads only pending rows, by due time, every second.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(state="pending"),
                name="notification_pending_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="sending") | Q(lease_until__isnull=False),
                name="notification_sending_has_lease",
            ),
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
