"""Staff edit the decision message templates and the list of decline reasons here."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from leadership.roles import can_manage_reviews

from ..models import PLACEHOLDERS, DeclineReason, MessageTemplate


class ReviewDeskOnly:
    """Only staff who manage reviews see, add, change or delete these rows."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can_manage_reviews(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return can_manage_reviews(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return can_manage_reviews(request.user)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return can_manage_reviews(request.user)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return can_manage_reviews(request.user)


def _placeholder_help() -> str:
    names = ", ".join(f"{{{name}}} ({meaning})" for name, meaning in PLACEHOLDERS.items())
    return str(_("Placeholders: %(names)s. Any other {name} is refused; write {{ for a brace.")) % {
        "names": names
    }


@admin.register(MessageTemplate)
class MessageTemplateAdmin(ReviewDeskOnly, admin.ModelAdmin):
    list_display = ("name", "outcome", "subject", "has_french", "is_active")
    list_filter = ("outcome", "is_active")
    search_fields = ("name", "subject", "subject_fr")
    fieldsets = (
        (None, {"fields": ("name", "outcome", "is_active")}),
        (_("English"), {"fields": ("subject", "body")}),
        (_("French"), {"fields": ("subject_fr", "body_fr")}),
    )

    def get_fieldsets(self, request, obj=None):
        first, *rest = super().get_fieldsets(request, obj)
        return [(first[0], {**first[1], "description": _placeholder_help()}), *rest]

    @admin.display(description=_("French text"), boolean=True)
    def has_french(self, obj: MessageTemplate) -> bool:
        return bool(obj.subject_fr.strip() and obj.body_fr.strip())

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # A template chosen for an application is kept (the database protects it too); retire it instead.
        return super().has_delete_permission(request, obj) and not (
            obj is not None and obj.pk and _is_used(MessageTemplate, obj.pk)
        )


@admin.register(DeclineReason)
class DeclineReasonAdmin(ReviewDeskOnly, admin.ModelAdmin):
    list_display = ("label", "label_fr", "position", "is_active", "times_used")
    list_editable = ("position", "is_active")
    search_fields = ("label", "label_fr")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(used=Count("applications", filter=Q(applications__status="declined")))
        )

    @admin.display(description=_("declined with it"), ordering="used")
    def times_used(self, obj: DeclineReason) -> int:
        return obj.used

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not (
            obj is not None and obj.pk and _is_used(DeclineReason, obj.pk)
        )


def _is_used(model, pk: int) -> bool:
    from ..models import Application

    field = "decision_message_id" if model is MessageTemplate else "decline_reason_id"
    return Application.objects.filter(**{field: pk}).exists()
