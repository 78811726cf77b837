"""Data rights: the privacy notice people accept, their copies of their data, their erasure requests."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class PrivacyNoticeQuerySet(models.QuerySet):
    def published(self) -> PrivacyNoticeQuerySet:
        return self.filter(published_at__isnull=False)


class PrivacyNotice(models.Model):
    """One version of the privacy notice, in English and French; published versions are never edited."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    body_en = models.TextField(_("notice (English)"))
    body_fr = models.TextField(_("notice (French)"))
    created_at = models.DateTimeField(_("written at"), default=timezone.now, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("published by"),
    )

    objects = PrivacyNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")

    def __str__(self) -> str:
        return _("Privacy notice, version %(version)d") % {"version": self.version}

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def title(self) -> str:
        return self.title_fr if (get_language() or "").startswith("fr") else self.title_en

    @property
    def body(self) -> str:
        return self.body_fr if (get_language() or "").startswith("fr") else self.body_en


class ConsentRecord(models.Model):
    """A person accepted a version of the notice, at a time; rows are never edited."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents", verbose_name=_("person")
    )
    notice = models.ForeignKey(
        PrivacyNotice, on_delete=models.PROTECT, related_name="consents", verbose_name=_("notice")
    )
    accepted_at = models.DateTimeField(_("accepted at"), default=timezone.now)

    class Meta:
        ordering = ["-accepted_at", "-pk"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        constraints = [models.UniqueConstraint(fields=["user", "notice"], name="one_consent_per_notice")]

    def __str__(self) -> str:
        return f"{self.user} · {self.notice}"


class DataExportState(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    BUILDING = "building", _("Being built")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")


class DataExport(models.Model):
    """A ZIP of everything held about one person, built in the background for them alone."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="data_exports",
        verbose_name=_("person"),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=DataExportState.choices, default=DataExportState.QUEUED
    )
    done = models.PositiveIntegerField(_("parts written"), default=0)
    total = models.PositiveIntegerField(_("parts in all"), default=0)
    file = models.CharField(_("file"), max_length=255, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    requested_at = models.DateTimeField(_("asked at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=DataExportState.values), name="data_export_state_valid"
            ),
            models.CheckConstraint(
                condition=~Q(state="ready") | ~Q(file=""), name="data_export_ready_has_file"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.requested_at:%Y-%m-%d}"

    @property
    def is_finished(self) -> bool:
        return self.state in (DataExportState.READY, DataExportState.FAILED, DataExportState.EXPIRED)

    @property
    def percent(self) -> int:
        if self.state == DataExportState.READY:
            return 100
        return int(100 * self.done / self.total) if self.total else 0


class ErasureState(models.TextChoices):
    PENDING = "pending", _("Waiting for staff")
    DONE = "done", _("Erased")
    CANCELLED = "cancelled", _("Cancelled")


class ErasureRequest(models.Model):
    """A person asked for their account to be erased; staff confirm it, and the erasure runs then."""

    TRANSITIONS = {
        ErasureState.PENDING: {ErasureState.DONE, ErasureState.CANCELLED},
        ErasureState.DONE: set(),
        ErasureState.CANCELLED: set(),
    }

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="erasure_requests",
        verbose_name=_("person"),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ErasureState.choices, default=ErasureState.PENDING
    )
    requested_at = models.DateTimeField(_("asked at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    summary = models.JSONField(_("what was done"), default=dict, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        constraints = [
            models.CheckConstraint(condition=Q(state__in=ErasureState.values), name="erasure_state_valid"),
            models.UniqueConstraint(
                fields=["user"], condition=Q(state="pending"), name="one_pending_erasure_per_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_state_display()}"

    def can_move_to(self, state: str) -> bool:
        return state in self.TRANSITIONS.get(ErasureState(self.state), set())
