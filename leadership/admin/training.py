"""Admin for cohorts and training sessions. State changes go through the services."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .. import services
from ..forms import MaterialForm
from ..models import Cohort, CohortMembership, EnrolmentState, SessionMaterial, TrainingSession
from .staff_only import StaffOnly


class CohortMembershipInline(StaffOnly, admin.TabularInline):
    """The members, read with their names in one query whatever their number; leaving is a delete."""

    model = CohortMembership
    fk_name = "cohort"
    extra = 0
    fields = ["user", "joined_at", "added_by"]
    readonly_fields = fields
    template = "admin/leadership/cohort_members_inline.html"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("cohort", "user", "added_by")

    def has_add_permission(self, request, *args) -> bool:
        return False  # new members come through the row below


class CohortNewMemberInline(StaffOnly, admin.TabularInline):
    """New members by id. An id field per existing member looked its user up: a query per row."""

    model = CohortMembership
    fk_name = "cohort"
    extra = 1
    raw_id_fields = ["user"]
    fields = ["user"]
    verbose_name = _("new member")
    verbose_name_plural = _("new members")

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Cohort)
class CohortAdmin(StaffOnly, admin.ModelAdmin):
    list_display = ["name", "key", "program", "member_count", "created_at", "overview"]
    search_fields = ["name", "key", "program"]
    inlines = [CohortMembershipInline, CohortNewMemberInline]

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
        (_("Where"), {"fields": ("format", "venue", "city", "country", "time_zone", "online_url")}),
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
