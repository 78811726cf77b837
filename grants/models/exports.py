"""The log of every export staff run, and the files built in the background."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExportKind(models.TextChoices):
    AWARDS = "awards", _("Award report")
    APPLICATIONS = "applications", _("Applications with scores and rank")


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


class ExportState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Building")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")
    STREAMED = "streamed", _("Downloaded directly")


class ExportLogQuerySet(models.QuerySet):
    def expired(self, now=None) -> ExportLogQuerySet:
        return self.filter(expires_at__lte=now or timezone.now()).exclude(file="")


class ExportLog(models.Model):
    """Who exported what, with which filter, when; a background build keeps its file here."""

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("export"), max_length=20, choices=ExportKind.choices)
    format = models.CharField(_("format"), max_length=5, choices=ExportFormat.choices)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    via = models.CharField(_("from"), max_length=20, default="reports page")
    created_at = models.DateTimeField(_("requested at"), default=timezone.now, db_index=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    state = models.CharField(_("state"), max_length=10, choices=ExportState.choices)
    rows_done = models.PositiveIntegerField(default=0)
    file = models.CharField(max_length=255, blank=True, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    objects = ExportLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("export log")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.format}) — {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("staff_export_progress", args=[self.pk])

    @property
    def percent(self) -> int:
        if self.state in (ExportState.READY, ExportState.STREAMED):
            return 100
        return min(99, int(100 * self.rows_done / self.row_count)) if self.row_count else 0

    @property
    def is_downloadable(self) -> bool:
        return (
            self.state == ExportState.READY
            and bool(self.file)
            and bool(self.expires_at and self.expires_at > timezone.now())
        )

    @property
    def filename(self) -> str:
        blind = "-blind" if self.filters.get("blind") else ""
        return f"{self.kind}{blind}-{self.created_at:%Y%m%d-%H%M}.{self.format}"
