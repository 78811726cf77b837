"""Admin for cohorts, training sessions and gatherings. State changes go through the services."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import services
from ..forms import MaterialForm
from ..models import (
    Cohort,
    CohortMembership,
    EnrolmentState,
    Gathering,
    GatheringReport,
    GatheringStatus,
    GatheringStatusChange,
    Rsvp,
    RsvpState,
    SessionMaterial,
    TrainingSession,
)
from ..roles import is_program_staff


class StaffOnly:
    """Program staff manage training and gatherings; reviewers in the admin see none of it."""

    def _is_program_staff(self, request) -> bool:
        return is_program_staff(request.user)

    def has_module_permission(self, request) -> bool:
        return self._is_program_staff(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._is_program_staff(request)

    def has_add_permission(self, request, *args) -> bool:
        return self._is_program_staff(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._is_program_staff(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._is_program_staff(request)


class CohortMembershipInline(StaffOnly, admin.TabularInline):
    model = CohortMembership
    fk_name = "cohort"
    extra = 0
    raw_id_fields = ["user"]
    fields = ["user", "joined_at", "added_by"]
    readonly_fields = ["joined_at", "added_by"]


@admin.register(Cohort)
class CohortAdmin(StaffOnly, admin.ModelAdmin):
    list_display = ["name", "key", "program", "member_count", "created_at", "overview"]
    search_fields = ["name", "key", "program"]
    inlines = [CohortMembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("memberships"))

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, obj: Cohort) -> int:
        return obj.member_count

    @admin.display(description=_("overview"))
    def overview(self, obj: Cohort) -> str:
        return format_html('<a href="{}">{}</a>', reverse("staff_cohort_detail", args=[obj.pk]), _("Open"))

    def save_formset(self, request, form, formset, change):
        if formset.model is not CohortMembership:
            return super().save_formset(request, form, formset, change)
        # New members join through the service, which also enrols them in coming sessions.
        for instance in formset.save(commit=False):
            services.cohort_join(
                key=form.instance.key, name=form.instance.name, user=instance.user, by=request.user
            )
        for obj in formset.deleted_objects:
            services.cohort_leave(key=form.instance.key, user=obj.user, by=request.user)
        return None


class MaterialInline(StaffOnly, admin.TabularInline):
    model = SessionMaterial
    form = MaterialForm
    extra = 1
    fields = ["file", "description", "original_name", "size", "uploaded_at"]
    readonly_fields = ["original_name", "size", "uploaded_at"]


@admin.register(TrainingSession)
class TrainingSessionAdmin(StaffOnly, admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "title",
        "format",
        "starts_at",
        "capacity",
        "enrolled",
        "open_to_all_admins",
        "attendance",
    ]
    list_filter = ["format", "open_to_all_admins", "cohorts"]
    search_fields = ["title", "city"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["cohorts"]
    inlines = [MaterialInline]
    fieldsets = (
        (None, {"fields": ("title", "description")}),
        (_("Where"), {"fields": ("format", "venue", "city", "country", "online_url")}),
        (_("When (your time zone)"), {"fields": ("starts_at", "ends_at")}),
        (_("Who"), {"fields": ("capacity", "open_to_all_admins", "cohorts")}),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(enrolled_count=Count("enrolments", filter=Q(enrolments__state=EnrolmentState.ENROLLED)))
        )

    @admin.display(description=_("enrolled"), ordering="enrolled_count")
    def enrolled(self, obj: TrainingSession) -> int:
        return obj.enrolled_count

    @admin.display(description=_("attendance"))
    def attendance(self, obj: TrainingSession) -> str:
        return format_html('<a href="{}">{}</a>', reverse("staff_session_detail", args=[obj.pk]), _("Mark"))

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is SessionMaterial:
            for material in formset.save(commit=False):
                material.uploaded_by = request.user
                material.save()
            for material in formset.deleted_objects:
                material.delete()
            return
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Cohort sessions enrol their cohort by default, once the cohorts are saved.
        services.session_audience_sync(session=form.instance, by=request.user)


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
            request, _("%(count)d gatherings approved.") % {"count": approved}, messages.SUCCESS
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
