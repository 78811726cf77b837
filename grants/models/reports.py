"""Progress reports a grantee files on the schedule of their award."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.models import MONEY

from .awards import RUNNING_STATUSES, Award


class ReportStatus(models.TextChoices):
    DUE = "due", _("Not filed yet")
    SUBMITTED = "submitted", _("Filed, awaiting review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    ACCEPTED = "accepted", _("Accepted")


# Reports the grantee still owes.
OPEN_REPORT_STATUSES = (ReportStatus.DUE, ReportStatus.CHANGES_REQUESTED)


class ProgressReportQuerySet(models.QuerySet):
    def open(self) -> ProgressReportQuerySet:
        return self.filter(status__in=OPEN_REPORT_STATUSES, award__status__in=RUNNING_STATUSES)

    def overdue(self, today=None) -> ProgressReportQuerySet:
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def filed(self) -> ProgressReportQuerySet:
        return self.filter(submitted_at__isnull=False)


class ReportFigures(models.Model):
    """The figures every report carries; shared by the report and each filed version."""

    members_reached = models.PositiveIntegerField(_("members reached"), null=True, blank=True)
    events_held = models.PositiveIntegerField(_("events held"), null=True, blank=True)
    people_trained = models.PositiveIntegerField(_("people trained"), null=True, blank=True)
    money_spent = models.DecimalField(
        _("money spent"), null=True, blank=True, validators=[MinValueValidator(0)], **MONEY
    )
    narrative = models.TextField(
        _("what happened"),
        blank=True,
        help_text=_("What you did, what worked, what did not, and what comes next."),
    )

    FIELDS = ("narrative", "members_reached", "events_held", "people_trained", "money_spent")

    class Meta:
        abstract = True


class ProgressReport(ReportFigures):
    """A report owed on a due date: narrative and figures, reviewed by staff."""

    # The allowed moves, as data; grants.services.reports is the only writer of the status field.
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        ReportStatus.DUE: frozenset({ReportStatus.SUBMITTED}),
        ReportStatus.CHANGES_REQUESTED: frozenset({ReportStatus.SUBMITTED}),
        ReportStatus.SUBMITTED: frozenset({ReportStatus.ACCEPTED, ReportStatus.CHANGES_REQUESTED}),
    }

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="reports")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=120)
    due_date = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DUE, editable=False
    )
    submitted_at = models.DateTimeField(_("filed at"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    staff_note = models.TextField(_("note from staff"), blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    overdue_notice_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["award", "due_date", "number"]
        constraints = [
            models.UniqueConstraint(fields=["award", "number"], name="one_report_number_per_award"),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in ReportStatus]), name="report_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="due") | Q(submitted_at__isnull=False), name="filed_report_has_date"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("report_file", args=[self.award_id, self.pk])

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, frozenset())

    @property
    def can_file(self) -> bool:
        return self.can_move_to(ReportStatus.SUBMITTED)

    @property
    def can_review(self) -> bool:
        return self.can_move_to(ReportStatus.ACCEPTED)

    @property
    def needs_changes(self) -> bool:
        """Staff sent it back: the grantee updates and files it again."""
        return self.status == ReportStatus.CHANGES_REQUESTED

    @property
    def is_overdue(self) -> bool:
        return self.can_file and self.due_date < timezone.localdate()


class ReportSubmission(ReportFigures):
    """A copy of each filing, so a report changed after a request keeps its history."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="submissions")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("report filing")
        verbose_name_plural = _("report filings")
        ordering = ["report", "submitted_at", "id"]

    def __str__(self) -> str:
        return f"{self.report} @ {self.submitted_at:%Y-%m-%d}"
