"""Training for leaders: cohorts, the sessions offered to them, materials and enrolments.

Cohorts are keyed by an opaque string the award code chooses ("fellowship:12"): leadership
imports no other app, so it knows a cohort's program and round only by that key and a name.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ..roles import is_program_staff
from ..zones import time_zone_choices
from .communities import CommunityAdmin

if TYPE_CHECKING:
    from leadership.roles import AnyUser


class Cohort(models.Model):
    """The leaders of one program and round, trained together."""

    key = models.CharField(
        _("key"),
        max_length=100,
        unique=True,
        help_text=_("Set by the award code, e.g. fellowship:12 for round 12 of the fellowship."),
    )
    name = models.CharField(_("name"), max_length=200)
    program = models.CharField(_("program"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="CohortMembership",
        through_fields=("cohort", "user"),
        related_name="cohorts",
    )

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-created_at", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("staff_cohort_detail", args=[self.pk])


class CohortMembership(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohort_memberships"
    )
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("cohort member")
        verbose_name_plural = _("cohort members")
        ordering = ["joined_at", "id"]
        constraints = [models.UniqueConstraint(fields=["cohort", "user"], name="one_membership_per_cohort")]

    def __str__(self) -> str:
        return f"{self.user} ∈ {self.cohort}"


class SessionFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")


class TrainingSessionQuerySet(models.QuerySet):
    def visible_to(self, user: AnyUser) -> TrainingSessionQuerySet:
        """Sessions whose audience includes the user, or that they are enrolled in."""
        if not (user and user.is_authenticated):
            return self.none()
        if is_program_staff(user):
            return self
        in_cohort = CohortMembership.objects.filter(cohort__sessions=OuterRef("pk"), user=user)
        enrolled = Enrolment.objects.filter(session=OuterRef("pk"), user=user, state=EnrolmentState.ENROLLED)
        condition = Exists(in_cohort) | Exists(enrolled)
        if CommunityAdmin.objects.filter(user=user).exists():
            condition |= Q(open_to_all_admins=True)
        return self.filter(condition)

    def upcoming(self) -> TrainingSessionQuerySet:
        return self.filter(ends_at__gt=timezone.now())

    def past(self) -> TrainingSessionQuerySet:
        return self.filter(ends_at__lte=timezone.now())

    def with_counts(self) -> TrainingSessionQuerySet:
        return self.annotate(
            enrolled_count=Count(
                "enrolments", filter=Q(enrolments__state=EnrolmentState.ENROLLED), distinct=True
            ),
            attended_count=Count("enrolments", filter=Q(enrolments__attended=True), distinct=True),
        )

    def with_listing(self, user: AnyUser = None) -> TrainingSessionQuerySet:
        qs = self.with_counts().prefetch_related("cohorts")
        if user is not None and user.is_authenticated:
            qs = qs.annotate(
                is_enrolled=Exists(
                    Enrolment.objects.filter(session=OuterRef("pk"), user=user, state=EnrolmentState.ENROLLED)
                )
            )
        return qs


class TrainingSession(models.Model):
    """A training for leaders, in person or online, for some cohorts or every group admin."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    format = models.CharField(_("format"), max_length=12, choices=SessionFormat.choices)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = CountryField(_("country"), blank=True)
    time_zone = models.CharField(
        _("local time zone"),
        max_length=64,
        choices=time_zone_choices,
        blank=True,
        help_text=_("In-person sessions are shown in this zone; online ones in each viewer's own."),
    )
    online_url = models.URLField(
        _("online link"),
        max_length=500,
        blank=True,
        help_text=_("Shown only to people enrolled in the session."),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("capacity"))
    open_to_all_admins = models.BooleanField(
        _("open to every group admin"),
        default=False,
        help_text=_("Otherwise only the members of the chosen cohorts see it."),
    )
    cohorts = models.ManyToManyField(Cohort, blank=True, related_name="sessions", verbose_name=_("cohorts"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True, editable=False)

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="session_capacity_positive"),
            models.CheckConstraint(
                condition=Q(format="in_person", city__gt="", venue__gt="")
                | Q(format="online", online_url__gt=""),
                name="session_has_place_or_link",
            ),
        ]
        indexes = [models.Index(fields=["starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("session_detail", args=[self.pk])

    @property
    def is_online(self) -> bool:
        return self.format == SessionFormat.ONLINE

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def venue_time_zone(self) -> str:
        """The zone its times are shown in; empty (online, or not set): each viewer's own."""
        return "" if self.is_online else self.time_zone

    @property
    def place(self) -> str:
        if self.is_online:
            return str(_("Online"))
        return ", ".join(p for p in (self.venue, self.city, str(self.country.name or "")) if p)


def material_path(instance: SessionMaterial, filename: str) -> str:
    # Stored under a random name: the original name is kept only as data.
    return f"materials/{instance.session_id}/{uuid.uuid4().hex}"


class SessionMaterial(models.Model):
    """A document for a session; served only to the people who can see the session."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="materials")
    file = models.FileField(_("file"), upload_to=material_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("session_material", args=[self.session_id, self.pk])


class EnrolmentState(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    CANCELLED = "cancelled", _("Cancelled")


class Enrolment(models.Model):
    """A person's place in a training session, and whether they attended."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="enrolments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    state = models.CharField(
        _("state"), max_length=10, choices=EnrolmentState.choices, default=EnrolmentState.ENROLLED
    )
    by_default = models.BooleanField(
        _("enrolled with their cohort"),
        default=False,
        help_text=_("Enrolled automatically as a member of one of the session's cohorts."),
    )
    enrolled_at = models.DateTimeField(_("enrolled at"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    attendance_marked_at = models.DateTimeField(null=True, blank=True)
    attendance_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["enrolled_at", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="one_enrolment_per_session")]

    def __str__(self) -> str:
        return f"{self.user} → {self.session}"
