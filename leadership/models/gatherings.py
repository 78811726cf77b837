"""Local gatherings of group admins: proposal and decision, RSVPs and waitlist, messages, reports."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ..roles import is_program_staff
from ..zones import time_zone_choices
from .communities import CommunityAdmin

if TYPE_CHECKING:
    from leadership.roles import AnyUser


class GatheringStatus(models.TextChoices):
    PROPOSED = "proposed", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class GatheringQuerySet(models.QuerySet):
    def approved(self) -> GatheringQuerySet:
        return self.filter(status=GatheringStatus.APPROVED)

    def upcoming(self) -> GatheringQuerySet:
        return self.filter(starts_at__gt=timezone.now())

    def listed_for(self, user: AnyUser) -> GatheringQuerySet:
        """Approved, upcoming gatherings the user may browse: all for group admins and staff."""
        qs = self.approved().upcoming()
        if (
            user
            and user.is_authenticated
            and (is_program_staff(user) or CommunityAdmin.objects.filter(user=user).exists())
        ):
            return qs
        return qs.filter(is_public=True)

    def public(self) -> GatheringQuerySet:
        return self.approved().upcoming().filter(is_public=True)

    def hosted_by(self, user: AnyUser) -> GatheringQuerySet:
        return self.filter(host=user)

    def with_listing(self, user: AnyUser = None) -> GatheringQuerySet:
        qs = self.select_related("host").annotate(
            confirmed_count=Count("rsvps", filter=Q(rsvps__state=RsvpState.CONFIRMED), distinct=True),
            waitlisted_count=Count("rsvps", filter=Q(rsvps__state=RsvpState.WAITLISTED), distinct=True),
        )
        if user is not None and user.is_authenticated:
            mine = Rsvp.objects.filter(gathering=OuterRef("pk"), user=user).values("state")[:1]
            qs = qs.annotate(my_rsvp_state=models.Subquery(mine))
        return qs

    def by_place(self) -> GatheringQuerySet:
        return self.order_by("country", "city", "starts_at", "id")


class Gathering(models.Model):
    """A meetup of group admins in one city, proposed by an admin and approved by staff."""

    # What the host sets when proposing; everything else is the program's.
    HOST_FIELDS = (
        "title",
        "description",
        "venue",
        "city",
        "country",
        "starts_at",
        "ends_at",
        "time_zone",
        "capacity",
        "is_public",
    )

    host = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="hosted_gatherings"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    venue = models.CharField(_("venue"), max_length=200)
    city = models.CharField(_("city"), max_length=100)
    country = CountryField(_("country"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(
        _("local time zone"),
        max_length=64,
        choices=time_zone_choices,
        blank=True,
        help_text=_("Times are shown to everyone in this zone, with their own beside it."),
    )
    capacity = models.PositiveIntegerField(_("seats"), help_text=_("Seats for attendees, not counting you."))
    is_public = models.BooleanField(
        _("list publicly"),
        default=False,
        help_text=_("Show this gathering on the public site, not only to group admins."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=GatheringStatus.choices,
        default=GatheringStatus.PROPOSED,
        db_index=True,
    )
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    created_at = models.DateTimeField(_("proposed at"), default=timezone.now)

    objects = GatheringQuerySet.as_manager()

    # The allowed moves, as data; leadership.services.gatherings is the only writer of the status field.
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        GatheringStatus.PROPOSED: frozenset(
            {GatheringStatus.APPROVED, GatheringStatus.DECLINED, GatheringStatus.CANCELLED}
        ),
        GatheringStatus.APPROVED: frozenset({GatheringStatus.CANCELLED}),
    }

    class Meta:
        verbose_name = _("gathering")
        verbose_name_plural = _("gatherings")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="gathering_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="gathering_capacity_positive"),
        ]
        indexes = [models.Index(fields=["country", "city", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("gathering_detail", args=[self.pk])

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, frozenset())

    @property
    def venue_time_zone(self) -> str:
        """The zone its times are shown in; empty: each viewer's own."""
        return self.time_zone

    @property
    def awaits_decision(self) -> bool:
        """Proposed, and staff have not approved or declined it yet."""
        return self.can_move_to(GatheringStatus.APPROVED)

    @property
    def can_cancel(self) -> bool:
        return self.can_move_to(GatheringStatus.CANCELLED) and not self.has_started

    @property
    def is_approved(self) -> bool:
        return self.status == GatheringStatus.APPROVED

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def is_open_for_rsvp(self) -> bool:
        return self.is_approved and not self.has_started

    @property
    def can_file_report(self) -> bool:
        return self.is_approved and self.has_started


class GatheringStatusChange(models.Model):
    """One move of a gathering's status: who, from what, to what, when, why."""

    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="status_changes")
    old_status = models.CharField(max_length=10, choices=GatheringStatus.choices, blank=True)
    new_status = models.CharField(max_length=10, choices=GatheringStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.gathering}: {self.old_status} → {self.new_status}"


class RsvpState(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("Waitlisted")
    CANCELLED = "cancelled", _("Cancelled")


class Rsvp(models.Model):
    """A group admin's answer to a gathering: a seat, a place on the waitlist, or cancelled.

    The waitlist is ordered by requested_at then id; both are set while the gathering row is
    locked, so the order is the order in which requests were served.
    """

    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rsvps")
    state = models.CharField(_("state"), max_length=10, choices=RsvpState.choices)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("moved up from the waitlist at"), null=True, blank=True)

    class Meta:
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        ordering = ["requested_at", "id"]
        constraints = [models.UniqueConstraint(fields=["gathering", "user"], name="one_rsvp_per_gathering")]
        indexes = [models.Index(fields=["gathering", "state", "requested_at"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.gathering} ({self.state})"

    @property
    def is_active(self) -> bool:
        return self.state in (RsvpState.CONFIRMED, RsvpState.WAITLISTED)


class GatheringMessage(models.Model):
    """An email the host sent to the gathering's attendees, kept as a record."""

    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="messages")
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    recipient_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("message to attendees")
        verbose_name_plural = _("messages to attendees")
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return self.subject


class GatheringReportQuerySet(models.QuerySet):
    def with_listing(self) -> GatheringReportQuerySet:
        return self.select_related("gathering", "gathering__host", "submitted_by")


class GatheringReport(models.Model):
    """What the host reports after the gathering; staff read it."""

    gathering = models.OneToOneField(Gathering, on_delete=models.CASCADE, related_name="report")
    attendance = models.PositiveIntegerField(_("people who came"))
    learnings = models.TextField(_("what was learnt"))
    follow_up = models.TextField(_("follow-up actions"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    objects = GatheringReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("gathering report")
        verbose_name_plural = _("gathering reports")
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return str(_("Report on %(title)s") % {"title": self.gathering.title})
