"""What the program keeps about reading applications and about forgetting them.

`AccessRecord` is the append-only log of who read which application (page, file or export);
`RetentionEvent` is the audit trail of the retention policy (warnings, anonymisations,
deletions). Both point at applications without a database constraint: a record must outlive
the draft it speaks of, and deleting an application must never touch its log.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.models import Round

from .application import Application


class AppendOnly(PermissionDenied):
    """An attempt to change or remove a row of an append-only log."""


class AccessAction(models.TextChoices):
    PAGE = "page", _("Opened the application")
    REVIEW_PAGE = "review_page", _("Opened the review page")
    ADMIN_PAGE = "admin_page", _("Opened the admin page")
    STAFF_REVIEWS = "staff_reviews", _("Read the reviews")
    ATTACHMENT = "attachment", _("Downloaded a file")
    EXPORT = "export", _("Exported")


class AccessRecordQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnly(_("The access log is append-only."))

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise AppendOnly(_("The access log is append-only."))

    def about(self, application_id: int) -> AccessRecordQuerySet:
        return self.filter(application_id=application_id)


class AccessRecord(models.Model):
    """One reading of an application's page, files or data by staff or a reviewer; never changed."""

    at = models.DateTimeField(_("when"), default=timezone.now, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("who"),
        editable=False,
    )
    action = models.CharField(_("what"), max_length=20, choices=AccessAction.choices, editable=False)
    application = models.ForeignKey(
        Application,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("application"),
        editable=False,
    )
    # An export names the round it covered (when it covered one) and how many applications.
    round = models.ForeignKey(
        Round,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("round"),
        editable=False,
    )
    application_count = models.PositiveIntegerField(_("applications"), default=1, editable=False)
    attachment_id = models.PositiveIntegerField(_("file"), null=True, blank=True, editable=False)
    detail = models.CharField(_("detail"), max_length=100, blank=True, editable=False)
    path = models.CharField(_("request path"), max_length=500, blank=True, editable=False)

    objects = AccessRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("access record")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["application", "-at"], name="access_record_application_at"),
            models.Index(fields=["-at", "-id"], name="access_record_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · #{self.application_id or '—'} · {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnly(_("The access log is append-only."))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnly(_("The access log is append-only."))


class RetentionAction(models.TextChoices):
    DRAFT_WARNED = "draft_warned", _("Warned: inactive draft to be deleted")
    DRAFT_DELETED = "draft_deleted", _("Inactive draft deleted")
    ANONYMISED = "anonymised", _("Anonymised")


class RetentionEvent(models.Model):
    """One step of the retention policy on one application: written by the beat task, never edited."""

    application = models.ForeignKey(
        Application,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("application"),
    )
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="+", verbose_name=_("round"))
    action = models.CharField(_("what"), max_length=20, choices=RetentionAction.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    attachments_removed = models.PositiveIntegerField(_("files removed"), default=0)
    comments_blanked = models.PositiveIntegerField(_("review comments blanked"), default=0)

    class Meta:
        verbose_name = _("retention event")
        verbose_name_plural = _("retention events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["application", "action", "-at"], name="retention_event_lookup")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · #{self.application_id}"
