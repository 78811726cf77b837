"""The access log (superusers only) and the retention trail (program staff) in the admin: read, never edit."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from leadership.roles import is_program_staff, is_superuser

from ..models import AccessRecord, RetentionEvent


class ApplicationFilter(admin.SimpleListFilter):
    """Narrow the log to one application: `?application=<id>` (linked from the application's admin page)."""

    title = _("application")
    parameter_name = "application"

    def lookups(self, request, model_admin):
        value = self.value()
        return [(value, f"#{value}")] if value and value.isdigit() else []

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(application_id=int(value))
        return queryset


class ReadOnlyTrail(admin.ModelAdmin):
    """No one adds, changes or deletes a row of a trail through the admin."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_actions(self, request: HttpRequest):
        return {}


@admin.register(AccessRecord)
class AccessRecordAdmin(ReadOnlyTrail):
    list_display = ("at", "user", "action", "application_link", "application_count", "detail", "path")
    list_filter = (ApplicationFilter, "action", "at")
    search_fields = ("=application__id", "application__title", "user__email", "path")
    list_select_related = ("user", "application")
    date_hierarchy = "at"
    show_full_result_count = False
    list_per_page = 100
    fields = (
        "at",
        "user",
        "action",
        "application",
        "round",
        "application_count",
        "attachment_id",
        "detail",
        "path",
    )
    readonly_fields = fields

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_superuser(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_superuser(request.user)

    @admin.display(description=_("application"), ordering="application_id")
    def application_link(self, obj: AccessRecord) -> str:
        if not obj.application_id:
            return "—"
        url = reverse("admin:applications_application_change", args=[obj.application_id])
        return format_html('<a href="{}">#{}</a>', url, obj.application_id)


@admin.register(RetentionEvent)
class RetentionEventAdmin(ReadOnlyTrail):
    list_display = ("at", "action", "application_id", "round", "attachments_removed", "comments_blanked")
    list_filter = ("action", "at")
    search_fields = ("=application__id",)
    list_select_related = ("round__program",)
    date_hierarchy = "at"
    fields = ("at", "action", "application_id", "round", "attachments_removed", "comments_blanked")
    readonly_fields = fields

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_program_staff(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_program_staff(request.user)
