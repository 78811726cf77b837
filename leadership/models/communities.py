"""Online communities, their admins and the invitations that add co-admins."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

if TYPE_CHECKING:
    from leadership.roles import AnyUser

INVITATION_LIFETIME = timedelta(days=14)


class Platform(models.TextChoices):
    FACEBOOK = "facebook", _("Facebook Groups")
    WHATSAPP = "whatsapp", _("WhatsApp")
    INSTAGRAM = "instagram", _("Instagram")
    MESSENGER = "messenger", _("Messenger")
    OTHER = "other", _("Other")


class FocusAreaCode(models.TextChoices):
    HEALTH = "health", _("Health")
    ENVIRONMENT = "environment", _("Environment")
    EDUCATION = "education", _("Education")
    WOMENS_ENTREPRENEURSHIP = "womens_entrepreneurship", _("Women's entrepreneurship")
    GENDER_EQUALITY = "gender_equality", _("Gender equality")
    REFUGEE_SUPPORT = "refugee_support", _("Refugee support")
    OTHER = "other", _("Other")


class FocusArea(models.Model):
    """A theme a community works on; the set is seeded by a migration."""

    code = models.CharField(max_length=40, unique=True, choices=FocusAreaCode.choices)

    class Meta:
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.get_code_display())


class CommunityQuerySet(models.QuerySet):
    def administered_by(self, user: AnyUser) -> CommunityQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


class Community(models.Model):
    """An online group that applies for grants, run by one or more admins."""

    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("link to the group"), max_length=500)
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    member_count = models.PositiveIntegerField(_("number of members"))
    country = CountryField(_("country"))
    primary_language = models.CharField(
        _("primary language"), max_length=80, help_text=_("The language members mostly use.")
    )
    focus_areas = models.ManyToManyField(
        "FocusArea", verbose_name=_("focus areas"), related_name="communities"
    )
    description = models.TextField(_("description"))
    year_founded = models.PositiveSmallIntegerField(
        _("year founded"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    admins = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="CommunityAdmin", related_name="communities"
    )

    objects = CommunityQuerySet.as_manager()

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["name"]
        # The country of many communities by id (the ranking's country filter) from the index
        # alone, without reading their long descriptions.
        indexes = [models.Index(fields=["id", "country"], name="community_country")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community_detail", args=[self.pk])


class CommunityAdmin(models.Model):
    """Membership of a user among a community's admins."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_memberships"
    )
    is_creator = models.BooleanField(_("created the profile"), default=False)
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("community admin")
        verbose_name_plural = _("community admins")
        constraints = [models.UniqueConstraint(fields=["community", "user"], name="one_membership_per_admin")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.community}"


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class InvitationQuerySet(models.QuerySet):
    def pending(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An invitation to become a co-admin of a community, accepted through its link."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"))
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "email"],
                condition=Q(accepted_at__isnull=True),
                name="one_pending_invitation_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.community}"

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()

    def is_for(self, user: AnyUser) -> bool:
        """The invitation binds to the address it was sent to: only that account may accept it."""
        if not (user and user.is_authenticated):
            return False
        return user.email.strip().casefold() == self.email.strip().casefold()

    @property
    def masked_email(self) -> str:
        """Enough for the invitee to recognise their address, too little for anyone else to learn it."""
        local, _at, domain = self.email.partition("@")
        return f"{local[:1]}***@{domain}"
