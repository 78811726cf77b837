"""Admin for local gatherings and their reports. State changes go through the services."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import services
from ..models import Gathering, GatheringReport, GatheringStatus, GatheringStatusChange, Rsvp, RsvpState
from .staff_only import StaffOnly


class RsvpInline(StaffOnly, admin.TabularInline):
    model = Rsvp
    extra = 0
    can_delete = False
    fields = ["user", "state", "requested_at", "confirmed_at", "promoted_at", "cancelled_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class StatusChangeInline(StaffOnly, admin.TabularInline):
    model = GatheringStatusChange
    extra = 0
    can_delete = False
    fields = ["old_status", "new_status", "by", "at", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class GatheringAdminForm(forms.ModelForm):
    def clean_capacity(self) -> int:
        capacity = self.cleaned_data["capacity"]
        if self.instance.pk and capacity != self.instance.capacity:
            # The service checks again under the row lock; this shows the refusal on the field.
            try:
                services.gathering_capacity_check(gathering=self.instance, capacity=capacity)
            except ValidationError as error:
                raise forms.ValidationError(error.messages) from error
        return capacity


@admin.register(Gathering)
class GatheringAdmin(StaffOnly, admin.ModelAdmin):
    form = GatheringAdminForm
    list_display = [
        "title",
        "city",
        "country",
        "starts_at",
        "status",
        "capacity",
        "confirmed",
        "is_public",
        "host",
    ]
    list_filter = ["status", "country", "is_public"]
    search_fields = ["title", "city", "host__email", "host__full_name"]
    date_hierarchy = "starts_at"
    readonly_fields = ["host", "status", "status_changed_at", "created_at"]
    inlines = [RsvpInline, StatusChangeInline]
    actions = ["approve"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("host")
            .annotate(confirmed_count=Count("rsvps", filter=Q(rsvps__state=RsvpState.CONFIRMED)))
        )

    @admin.display(description=_("confirmed"), ordering="confirmed_count")
    def confirmed(self, obj: Gathering) -> int:
        return obj.confirmed_count

    def has_add_permission(self, request, *args) -> bool:
        return False  # group admins propose gatherings on the site

    def save_model(self, request, obj, form, change):
        if change and "capacity" in form.changed_data:
            # Seats change through the service, which moves the waitlist up into new seats.
            try:
                promoted = services.gathering_capacity_change(
                    gathering=obj, capacity=obj.capacity, by=request.user
                )
            except ValidationError as error:
                obj.capacity = form.initial["capacity"]
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                if promoted:
                    self.message_user(
                        request,
                        ngettext(
                            "%(count)d person moved up from the waitlist and was emailed.",
                            "%(count)d people moved up from the waitlist and were emailed.",
                            len(promoted),
                        )
                        % {"count": len(promoted)},
                        messages.SUCCESS,
                    )
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a gathering is cancelled, never deleted: its RSVPs and history stay

    @admin.action(description=_("Approve the selected gatherings"))
    def approve(self, request, queryset):
        approved = 0
        for gathering in queryset.filter(status=GatheringStatus.PROPOSED):
            try:
                services.gathering_approve(gathering=gathering, by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{gathering}: {' '.join(error.messages)}", messages.ERROR)
            else:
                approved += 1
        self.message_user(
            request,
            ngettext("%(count)d gathering approved.", "%(count)d gatherings approved.", approved)
            % {"count": approved},
            messages.SUCCESS,
        )


@admin.register(GatheringReport)
class GatheringReportAdmin(StaffOnly, admin.ModelAdmin):
    list_display = ["gathering", "attendance", "submitted_by", "submitted_at"]
    search_fields = ["gathering__title", "gathering__city"]
    list_select_related = ["gathering", "submitted_by"]
    readonly_fields = [
        "gathering",
        "attendance",
        "learnings",
        "follow_up",
        "submitted_by",
        "submitted_at",
        "updated_at",
    ]

    def has_add_permission(self, request, *args) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
