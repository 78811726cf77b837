"""Review assignments in the admin: "My reviews" for a reviewer, every assignment for staff.

Reviewers see their own assignments and nothing else: the queryset is narrowed to them,
every object check repeats it, and anything else answers 404 (see config.admin). Staff
hold `applications.manage_reviews`. The review page and the staff assignment pages are
mixed in from applications.admin.review_page and applications.admin.assigning.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leadership.roles import can_manage_reviews

from ..models import AssignmentState, ReviewAssignment
from .assigning import ReviewerAssigningMixin
from .ownership import OwnRowsMixin
from .review_page import ReviewPageMixin

STATE_BADGES = {
    AssignmentState.TO_DO: "#545b62",
    AssignmentState.IN_PROGRESS: "#9a6700",
    AssignmentState.SUBMITTED: "#1a7f37",
    AssignmentState.CONFLICT: "#b42318",
}


class StateFilter(admin.SimpleListFilter):
    title = gettext_lazy("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return AssignmentState.choices

    def queryset(self, request, queryset):
        return queryset.filter(state=self.value()) if self.value() else queryset


class RoundFilter(admin.SimpleListFilter):
    title = gettext_lazy("round")
    parameter_name = "round"

    def lookups(self, request, model_admin):
        from programs.models import Round

        return [(r.pk, str(r)) for r in Round.objects.select_related("program")]

    def queryset(self, request, queryset):
        return queryset.filter(application__round_id=self.value()) if self.value() else queryset


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(OwnRowsMixin, ReviewPageMixin, ReviewerAssigningMixin, admin.ModelAdmin):
    owner_field = "reviewer_id"
    list_display = ("application_title", "round_title", "deadline", "state_badge")
    list_display_links = ("application_title",)
    list_per_page = 50
    show_full_result_count = False
    search_fields = ("application__title",)
    change_list_template = "admin/applications/reviewassignment/change_list.html"

    # -- what each person sees --

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        qs = ReviewAssignment.objects.with_listing()
        if can_manage_reviews(request.user):
            return qs
        return qs.for_reviewer(request.user)

    def get_list_display(self, request):
        if can_manage_reviews(request.user):
            return ("application_title", "reviewer", "round_title", "deadline", "state_badge", "assigned_at")
        return self.list_display

    def get_list_filter(self, request):
        if can_manage_reviews(request.user):
            return (StateFilter, RoundFilter)
        return (StateFilter,)

    def get_search_fields(self, request):
        if can_manage_reviews(request.user):
            return ("application__title", "application__community__name", "reviewer__email")
        return self.search_fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # assignments are made from an application or for a whole round

    def has_delete_permission(self, request, obj=None) -> bool:
        # Staff may withdraw an assignment nobody has started; a review or a conflict stays on record.
        if not can_manage_reviews(request.user) or not super().has_delete_permission(request, obj):
            return False
        return obj is None or (obj.review_or_none is None and not obj.has_conflict)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not can_manage_reviews(request.user):
            actions.pop("delete_selected", None)
        return actions

    # -- columns --

    @admin.display(description=gettext_lazy("application"), ordering="application_id")
    def application_title(self, obj: ReviewAssignment) -> str:
        return obj.application_label()

    @admin.display(description=gettext_lazy("round"), ordering="application__round__title")
    def round_title(self, obj: ReviewAssignment) -> str:
        return str(obj.application.round)

    @admin.display(
        description=gettext_lazy("review deadline"), ordering="application__round__review_closes_at"
    )
    def deadline(self, obj: ReviewAssignment):
        return obj.application.round.review_closes_at

    @admin.display(description=gettext_lazy("state"), ordering="state")
    def state_badge(self, obj: ReviewAssignment) -> str:
        state = AssignmentState(obj.state)
        return format_html(
            '<strong style="color:{}" data-state="{}">{}</strong>',
            STATE_BADGES[state],
            state.value,
            state.label,
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        staff = can_manage_reviews(request.user)
        extra_context["title"] = _("Review assignments") if staff else _("My reviews")
        extra_context["can_assign_round"] = staff
        return super().changelist_view(request, extra_context)

    # -- its own pages: the review (review_page) and staff assignment (assigning) --

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "assign-round/",
                wrap(self.assign_round_view),
                name="applications_reviewassignment_assign_round",
            ),
            path(
                "application/<int:application_id>/assign/",
                wrap(self.assign_application_view),
                name="applications_reviewassignment_assign_application",
            ),
            path(
                "<int:pk>/conflict/", wrap(self.conflict_view), name="applications_reviewassignment_conflict"
            ),
            path(
                "<int:pk>/attachments/<int:attachment_id>/",
                wrap(self.attachment_view),
                name="applications_reviewassignment_attachment",
            ),
            *super().get_urls(),
        ]
