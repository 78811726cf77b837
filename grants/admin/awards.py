"""Admin for awards, their money, reports, budgets and the export log.

Awards change only through the services (the staff pages call them), so the admin shows
them read-only and offers the award report as actions.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from leadership.roles import is_program_staff
from programs.money_columns import money_column

from ..models import (
    Award,
    AwardAmendment,
    AwardStatusChange,
    BudgetLine,
    BudgetProposal,
    BudgetProposalVersion,
    ExportFormat,
    ExportKind,
    ExportLog,
    ProgressReport,
    Tranche,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        # Every shown field is read-only; some (a report's status) are not editable at all.
        return self.fields

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class StatusChangeInline(ReadOnlyInline):
    model = AwardStatusChange
    fields = ("at", "old_status", "new_status", "by", "note")


class AmendmentInline(ReadOnlyInline):
    model = AwardAmendment
    fields = ("at", "old_amount_display", "new_amount_display", "reason", "by", "budget_version")
    old_amount_display = money_column("old_amount", _("old amount"), currency_from="award.program")
    new_amount_display = money_column("new_amount", _("new amount"), currency_from="award.program")

    def get_queryset(self, request: HttpRequest) -> QuerySet[AwardAmendment]:
        return super().get_queryset(request).select_related("award__program", "by")


class TrancheInline(ReadOnlyInline):
    model = Tranche
    fields = ("number", "amount_display", "due_date", "paid_on", "payment_reference", "paid_recorded_by")
    amount_display = money_column("amount", _("amount"), currency_from="award.program")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Tranche]:
        return super().get_queryset(request).select_related("award__program", "paid_recorded_by")


class ReportInline(ReadOnlyInline):
    model = ProgressReport
    fields = ("number", "title", "due_date", "status", "submitted_at", "reviewed_at")


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


def _export(modeladmin, request: HttpRequest, queryset: QuerySet[Award], fmt: str) -> HttpResponse:
    from ..views.exports import export_response

    ids = list(queryset.values_list("pk", flat=True))
    return export_response(
        by=request.user, kind=ExportKind.AWARDS, fmt=fmt, filters={"ids": ids}, via="admin", path=request.path
    )


@admin.action(description=_("Export the award report of the selected awards (CSV)"))
def export_awards_csv(modeladmin, request: HttpRequest, queryset: QuerySet[Award]) -> HttpResponse:
    return _export(modeladmin, request, queryset, ExportFormat.CSV)


@admin.action(description=_("Export the award report of the selected awards (XLSX)"))
def export_awards_xlsx(modeladmin, request: HttpRequest, queryset: QuerySet[Award]) -> HttpResponse:
    return _export(modeladmin, request, queryset, ExportFormat.XLSX)


@admin.register(Award)
class AwardAdmin(ReadOnlyAdmin):
    list_display = (
        "community",
        "program",
        "round",
        "amount_display",
        "status",
        "offered_at",
        "accepted_at",
        "manage",
    )
    list_filter = ("program", "status", "application__round", "list_publicly")
    list_select_related = ("program", "application__community", "application__round")
    search_fields = (
        "application__community__name",
        "application__title",
        "application__community__admins__email",
    )
    date_hierarchy = "offered_at"
    readonly_fields = (
        "application",
        "program",
        "amount_display",
        "status",
        "offered_at",
        "offered_by",
        "accepted_at",
        "accepted_by",
        "list_publicly",
        "agreement",
        "agreement_fr",
        "manage",
    )
    fields = readonly_fields
    amount_display = money_column("amount", _("amount"), currency_from="program")
    inlines = (TrancheInline, ReportInline, AmendmentInline, StatusChangeInline)
    actions = (export_awards_csv, export_awards_xlsx)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_program_staff(request.user)

    @admin.display(description=_("community"), ordering="application__community__name")
    def community(self, award: Award) -> str:
        return award.application.community.name

    @admin.display(description=_("round"))
    def round(self, award: Award) -> str:
        return award.application.round.localized_title

    @admin.display(description=_("manage"))
    def manage(self, award: Award) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("staff_award_detail", args=[award.pk]), _("Open the staff page")
        )

    def changelist_view(self, request: HttpRequest, extra_context=None):
        extra_context = {**(extra_context or {}), "title": _("Awards (make new ones from the staff pages)")}
        return super().changelist_view(request, extra_context)


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = ("title", "award", "due_date", "status", "submitted_at")
    list_filter = ("status", "award__program")
    list_select_related = ("award__program", "award__application__community")
    search_fields = ("award__application__community__name", "title")


class BudgetLineInline(ReadOnlyInline):
    model = BudgetLine
    fields = ("category", "description", "amount_display")
    amount_display = money_column("amount", _("amount"), currency_from="version.proposal.award.program")

    def get_queryset(self, request: HttpRequest) -> QuerySet[BudgetLine]:
        return super().get_queryset(request).select_related("version__proposal__award__program")


@admin.register(BudgetProposalVersion)
class BudgetProposalVersionAdmin(ReadOnlyAdmin):
    list_display = ("proposal", "number", "total_display", "submitted_at", "decision")
    total_display = money_column("total", _("total"), currency_from="proposal.award.program")
    list_select_related = ("proposal__award__program", "proposal__award__application__community")
    inlines = (BudgetLineInline,)


@admin.register(BudgetProposal)
class BudgetProposalAdmin(ReadOnlyAdmin):
    list_display = ("award", "status", "updated_at")
    list_filter = ("status",)
    list_select_related = ("award__program", "award__application__community")


@admin.register(ExportLog)
class ExportLogAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "requested_by", "kind", "format", "via", "row_count", "state", "filters")
    list_filter = ("kind", "format", "state", "via")
    list_select_related = ("requested_by",)
    date_hierarchy = "created_at"
