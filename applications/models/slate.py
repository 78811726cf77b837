"""A saved portfolio slate: the rules staff set for a round, the applications they chose, who and when."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.models import MONEY, Round

from .application import Application


class Slate(models.Model):
    """A slate staff saved; applying it shortlists its applications, one decision each."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="slates")
    name = models.CharField(_("name"), max_length=200)
    # The rules as selection.forms.rules_as_data writes them, so the builder can open them again.
    constraints = models.JSONField(_("constraints"), default=dict)
    applications = models.ManyToManyField(Application, related_name="slates", verbose_name=_("applications"))
    total_score = models.FloatField(_("total normalised score"))
    total_cost = models.DecimalField(_("total amount"), default=Decimal("0"), **MONEY)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    class Meta:
        verbose_name = _("slate")
        verbose_name_plural = _("slates")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(applied_at__isnull=True, applied_by__isnull=True)
                | Q(applied_at__isnull=False, applied_by__isnull=False),
                name="slate_applied_by_and_at_together",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("slate_detail", args=[self.pk])

    @property
    def is_applied(self) -> bool:
        return self.applied_at is not None
