"""Admin for users, communities and invitations."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import Community, CommunityAdmin, Invitation, SecurityEvent, User
from ..roles import is_superuser
from ..services.second_factor import second_factor_reset
from .option_lists import OptionListFilteredSelectMultiple, OptionListSelect


@admin.display(description=_("country"), ordering="country")
def country_name(obj: User | Community) -> str:
    """The country's name from django-countries' own table; the field's choices would be walked per row."""
    return obj.country.name


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"]).strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("A user with this email already exists."))
        return email


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes: dict = {}


class MembershipInline(admin.TabularInline):
    """The communities a person runs, seen from the person."""

    model = CommunityAdmin
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["community"]
    fields = ["community", "is_creator", "added_at"]
    readonly_fields = ["added_at"]
    verbose_name = _("community they run")
    verbose_name_plural = _("communities they run")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("full_name", "country", "time_zone", "language", "wants_reminders")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "usable_password", "password1", "password2"),
            },
        ),
    )
    list_display = ["email", "full_name", country_name, "language", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "language", "wants_reminders", "groups"]
    search_fields = ["email", "full_name"]
    ordering = ["email"]
    list_per_page = 50
    readonly_fields = ["last_login", "date_joined"]
    inlines = [MembershipInline]
    actions = ["reset_second_factor"]

    def get_inlines(self, request, obj):
        # A new user runs no community yet; the add page stays the short email-and-password form.
        return self.inlines if obj is not None else []

    # Time zones, countries and permissions are ~2,200 options: written without a template each.
    def formfield_for_choice_field(self, db_field, request, **kwargs):
        kwargs.setdefault("widget", OptionListSelect)
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.filter_horizontal:
            kwargs.setdefault(
                "widget", OptionListFilteredSelectMultiple(db_field.verbose_name, is_stacked=False)
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_reset_second_factor_permission(self, request) -> bool:
        return is_superuser(request.user)

    @admin.action(
        permissions=["reset_second_factor"],
        description=_("Reset two-step verification (lost phone): they set it up again at next log-in"),
    )
    def reset_second_factor(self, request, queryset) -> None:
        for user in queryset:
            second_factor_reset(user=user, by=request.user)
        self.message_user(
            request,
            ngettext(
                "Two-step verification reset for %(count)d person; it is logged.",
                "Two-step verification reset for %(count)d people; each is logged.",
                len(queryset),
            )
            % {"count": len(queryset)},
            messages.SUCCESS,
        )


class AdminsInline(admin.TabularInline):
    model = CommunityAdmin
    fk_name = "community"
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "is_creator", "added_at"]
    readonly_fields = ["added_at"]
    verbose_name = _("admin")
    verbose_name_plural = _("admins")


class InvitationsInline(admin.TabularInline):
    """Invitations are sent from the site (so the email goes); here they are only read or revoked."""

    model = Invitation
    extra = 0
    fields = ["email", "invited_by", "created_at", "expires_at", "accepted_at", "accepted_by"]
    readonly_fields = fields
    can_delete = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Community)
class CommunityModelAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "name",
        "platform",
        country_name,
        "member_count",
        "year_founded",
        "admin_count",
        "created_at",
    ]
    list_filter = ["platform", "focus_areas", "country", "created_at"]
    search_fields = ["name", "url", "description", "memberships__user__email", "memberships__user__full_name"]
    date_hierarchy = "created_at"
    list_per_page = 50
    inlines = [AdminsInline, InvitationsInline]
    readonly_fields = ["created_at"]
    fieldsets = (
        (None, {"fields": ("name", "url", "platform", "member_count", "country", "primary_language")}),
        (_("About"), {"fields": ("focus_areas", "description", "year_founded", "created_at")}),
    )

    def get_queryset(self, request):
        admins = (
            CommunityAdmin.objects.filter(community=OuterRef("pk"))
            .order_by()
            .values("community")
            .annotate(n=Count("pk"))
            .values("n")
        )
        # A subquery, not a join with GROUP BY over every column of every community.
        return (
            super()
            .get_queryset(request)
            .annotate(num_admins=Coalesce(Subquery(admins, output_field=IntegerField()), 0))
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "focus_areas":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("admins"), ordering="num_admins")
    def admin_count(self, obj: Community) -> int:
        return obj.num_admins


class InvitationStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("pending", _("Pending")), ("accepted", _("Accepted")), ("expired", _("Expired"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "pending":
            return queryset.filter(accepted_at__isnull=True, expires_at__gt=now)
        if self.value() == "accepted":
            return queryset.filter(accepted_at__isnull=False)
        if self.value() == "expired":
            return queryset.filter(Q(accepted_at__isnull=True) & Q(expires_at__lte=now))
        return queryset


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Read and revoke invitations; new ones are sent from a community's page so the email goes."""

    list_display = ["email", "community", "invited_by", "created_at", "expires_at", "state"]
    list_filter = [InvitationStateFilter, "created_at"]
    search_fields = ["email", "community__name", "invited_by__email"]
    list_select_related = ["community", "invited_by"]
    date_hierarchy = "created_at"
    fields = ["community", "email", "invited_by", "created_at", "expires_at", "accepted_at", "accepted_by"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description=_("state"))
    def state(self, obj: Invitation) -> str:
        if obj.accepted_at:
            return str(_("Accepted"))
        return str(_("Pending")) if obj.is_usable else str(_("Expired"))


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """The second-factor audit trail: superusers read it, nobody edits it."""

    list_display = ["at", "user", "kind", "by", "note"]
    list_filter = ["kind", "at"]
    search_fields = ["user__email", "by__email"]
    list_select_related = ["user", "by"]
    date_hierarchy = "at"
    fields = ["at", "user", "kind", "by", "note"]
    readonly_fields = fields

    def has_module_permission(self, request) -> bool:
        return is_superuser(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_superuser(request.user)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
