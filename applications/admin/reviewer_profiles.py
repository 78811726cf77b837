"""Reviewer profiles in the admin: a reviewer keeps their own expertise and ties; staff keep all."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy

from leadership.roles import can_manage_reviews

from .. import services
from ..models import ReviewerProfile
from .ownership import OwnRowsMixin


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(OwnRowsMixin, admin.ModelAdmin):
    owner_field = "user_id"
    list_display = ("user", "expertise_list", "updated_at")
    filter_horizontal = ("expertise",)
    # Ten thousand communities are searched as one types, never listed in full.
    autocomplete_fields = ("communities",)
    search_fields = ("user__email", "user__full_name")
    fields = ("user", "expertise", "communities", "organisations", "avoid_countries")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        qs = super().get_queryset(request).select_related("user").prefetch_related("expertise")
        return qs if can_manage_reviews(request.user) else qs.filter(user=request.user)

    def get_fields(self, request, obj=None):
        if can_manage_reviews(request.user):
            return self.fields
        # Django would link a read-only user to the user admin, which reviewers may not open.
        return ("reviewer", *self.fields[1:])

    def get_readonly_fields(self, request, obj=None):
        return () if can_manage_reviews(request.user) else ("reviewer",)

    @admin.display(description=gettext_lazy("reviewer"))
    def reviewer(self, obj: ReviewerProfile | None) -> str:
        return str(obj.user) if obj is not None and obj.user_id else ""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = services.reviewer_pool()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=gettext_lazy("expertise"))
    def expertise_list(self, obj: ReviewerProfile) -> str:
        return ", ".join(str(area) for area in obj.expertise.all())

    def has_add_permission(self, request: HttpRequest) -> bool:
        if can_manage_reviews(request.user):
            return super().has_add_permission(request)
        own = ReviewerProfile.objects.filter(user=request.user).exists()
        return super().has_add_permission(request) and not own

    def has_delete_permission(self, request, obj=None) -> bool:
        return can_manage_reviews(request.user) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not can_manage_reviews(request.user):
            obj.user = request.user
        obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)
