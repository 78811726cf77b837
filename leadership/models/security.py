"""The audit trail of second-factor changes: who did what to whose account, and when."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SecurityEventKind(models.TextChoices):
    ENROLLED = "mfa_enrolled", _("Two-step verification turned on")
    DISABLED = "mfa_disabled", _("Two-step verification turned off")
    BACKUP_CODE_USED = "backup_code_used", _("Backup code used")
    RESET = "mfa_reset", _("Two-step verification reset")


class SecurityEvent(models.Model):
    """One change to how a person proves who they are; rows are never edited."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="security_events",
        verbose_name=_("account"),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    kind = models.CharField(_("what"), max_length=32, choices=SecurityEventKind.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "-at"], name="security_event_user_at")]
        verbose_name = _("security event")
        verbose_name_plural = _("security events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.user}"


class PasswordResetRequest(models.Model):
    """An address someone asked a reset for, waiting for the task that looks it up.

    The web request only writes this row, the same single insert for a known address as for an
    unknown one, and never talks to the broker; the row is deleted once handled.
    """

    email = models.EmailField(_("email"))
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("password reset request")
        verbose_name_plural = _("password reset requests")

    def __str__(self) -> str:
        return self.email
