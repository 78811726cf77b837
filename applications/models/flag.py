"""Duplicate and fraud flags raised for screening, their audit trail, and the text fingerprints behind them."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leadership.models import Community

from .application import Application


class FlagKind(models.TextChoices):
    SIMILAR_TEXT = "similar_text", _("Near-identical text")
    SHARED_URL = "shared_url", _("Same link under different names")
    ACCOUNT_BURST = "account_burst", _("Several communities from one account")


class FlagStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DISMISSED = "dismissed", _("Dismissed")
    CONFIRMED = "confirmed", _("Confirmed")


class FlagQuerySet(models.QuerySet):
    def open(self) -> FlagQuerySet:
        return self.filter(status=FlagStatus.OPEN)

    def touching(self, application: Application) -> FlagQuerySet:
        """Flags on this application or on its community (a shared link, an account's burst)."""
        on_community = Flag.communities.through.objects.filter(
            flag=models.OuterRef("pk"), community_id=application.community_id
        )
        return self.filter(
            Q(application=application) | Q(other_application=application) | models.Exists(on_community)
        )

    def with_listing(self) -> FlagQuerySet:
        return self.select_related(
            "application__community",
            "application__round__program",
            "other_application__community",
            "other_application__round__program",
            "account",
            "decided_by",
        )


class Flag(models.Model):
    """Two applications, two communities or one account that look like a copy or a fraud, for staff to judge."""

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        FlagStatus.OPEN: frozenset({FlagStatus.DISMISSED, FlagStatus.CONFIRMED}),
        FlagStatus.DISMISSED: frozenset({FlagStatus.OPEN}),
        FlagStatus.CONFIRMED: frozenset({FlagStatus.OPEN}),
    }

    kind = models.CharField(_("kind"), max_length=20, choices=FlagKind.choices)
    # What the flag is about, in one string per kind (the two ids, lower first; or the account and
    # the burst's first community): a pass that finds the same thing again adds nothing.
    key = models.CharField(max_length=100, editable=False)
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    other_application = models.ForeignKey(
        Application, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    communities = models.ManyToManyField(Community, related_name="flags", verbose_name=_("communities"))
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    score = models.FloatField(_("score"), help_text=_("How strong the resemblance is, 0 to 1."))
    details = models.JSONField(default=dict, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=FlagStatus.choices, default=FlagStatus.OPEN, editable=False
    )
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("raised at"), default=timezone.now)

    objects = FlagQuerySet.as_manager()

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="one_flag_per_finding"),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in FlagStatus]), name="flag_status_valid"
            ),
            models.CheckConstraint(condition=Q(kind__in=[k.value for k in FlagKind]), name="flag_kind_valid"),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=1), name="flag_score_0_1"),
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="flag_status_newest")]

    def __str__(self) -> str:
        return _("%(kind)s #%(id)s") % {"kind": self.get_kind_display(), "id": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("staff_flag_detail", args=[self.pk])

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, frozenset())

    @property
    def is_open(self) -> bool:
        return self.status == FlagStatus.OPEN

    @property
    def why(self) -> str:
        """The finding in words, in the reader's language (the figures are kept in `details`)."""
        d = self.details
        if self.kind == FlagKind.SIMILAR_TEXT:
            return _(
                "%(percent)d%% of the word sequences of these two applications are the same, "
                "though they come from different communities."
            ) % {"percent": round(self.score * 100)}
        if self.kind == FlagKind.SHARED_URL:
            return _("%(first)s and %(second)s give the same link (%(url)s) under different names.") % {
                "first": d.get("names", ["?", "?"])[0],
                "second": d.get("names", ["?", "?"])[-1],
                "url": d.get("url", ""),
            }
        return _("One account created %(count)d communities within %(minutes)d minutes: %(names)s.") % {
            "count": len(d.get("names", [])),
            "minutes": d.get("window_minutes", 0),
            "names": ", ".join(d.get("names", [])),
        }


class FlagEvent(models.Model):
    """One decision on a flag: who moved it from what to what, when, and why."""

    flag = models.ForeignKey(Flag, on_delete=models.CASCADE, related_name="events")
    old_status = models.CharField(max_length=20, choices=FlagStatus.choices)
    new_status = models.CharField(max_length=20, choices=FlagStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("flag decision")
        verbose_name_plural = _("flag decisions")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.old_status} → {self.new_status}"


class TextBand(models.Model):
    """One locality-sensitive band of a submitted application's text fingerprint (MinHash).

    Two applications that share a band are candidates for a near-copy; applications.flags.text
    then measures them exactly. Kept per application so each submission is matched against
    every other in one indexed query.
    """

    # No index of its own: the unique (application, band) index starts with it.
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+", db_index=False)
    band = models.PositiveSmallIntegerField()
    value = models.BigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "band"], name="one_text_band_each")]
        indexes = [models.Index(fields=["band", "value"], name="text_band_lookup")]

    def __str__(self) -> str:
        return f"{self.application_id}/{self.band}"
