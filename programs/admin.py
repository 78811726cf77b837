"""Admin for programs, their terms, rounds and rubrics."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .caps import program_usage
from .models import Criterion, Program, ProgramTerms, Round
from .money import format_money


class ProgramForm(forms.ModelForm):
    """Caps and budget cannot be cut below what the program has committed (the database refuses it too)."""

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        usage = program_usage(self.instance)
        max_awards, budget = cleaned.get("max_awards"), cleaned.get("total_budget")
        if max_awards is not None and max_awards < usage.live_awards:
            self.add_error(
                "max_awards",
                _("The program already has %(n)s live awards; the cap cannot be lower.")
                % {"n": usage.live_awards},
            )
        if budget is not None and budget < usage.committed:
            self.add_error(
                "total_budget",
                _("The program has already committed %(committed)s; the budget cannot be lower.")
                % {"committed": format_money(usage.committed, self.instance.currency)},
            )
        return cleaned


class CriterionInline(admin.TabularInline):
    model = Criterion
    fields = ("order", "name", "name_fr", "weight", "guidance", "guidance_fr")
    ordering = ("order", "id")
    extra = 0
    # A compact guidance box keeps the five rubric lines on one screen.
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 50})}}


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    form = ProgramForm
    list_display = (
        "name",
        "slug",
        "max_awards",
        "max_amount_display",
        "amount_is_fixed",
        "total_budget_display",
        "display_order",
    )
    list_editable = ("display_order",)
    search_fields = ("name", "name_fr", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        (None, {"fields": ("name", "name_fr", "slug", "description", "description_fr", "display_order")}),
        (
            _("Money and caps"),
            {
                "fields": ("max_awards", "max_amount", "amount_is_fixed", "total_budget", "currency"),
            },
        ),
    )
    inlines = (CriterionInline,)

    @admin.display(description=_("maximum per award"), ordering="max_amount")
    def max_amount_display(self, program: Program) -> str:
        return format_money(program.max_amount, program.currency)

    @admin.display(description=_("total budget"), ordering="total_budget")
    def total_budget_display(self, program: Program) -> str:
        return format_money(program.total_budget, program.currency)


class RoundStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return (("open", _("Open now")), ("upcoming", _("Upcoming")), ("closed", _("Closed")))

    def queryset(self, request, queryset: QuerySet[Round]) -> QuerySet[Round]:
        if self.value() == "open":
            return queryset.open()
        if self.value() == "upcoming":
            return queryset.upcoming()
        if self.value() == "closed":
            return queryset.filter(closes_at__lte=timezone.now())
        return queryset


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ("title", "program", "opens_at", "closes_at", "review_closes_at", "is_open_now")
    list_filter = ("program", RoundStateFilter)
    list_select_related = ("program",)
    search_fields = ("title", "title_fr", "program__name")
    date_hierarchy = "closes_at"
    fieldsets = (
        (None, {"fields": ("program", "title", "title_fr")}),
        (
            _("Dates"),
            {
                "fields": ("opens_at", "closes_at", "review_closes_at"),
                "description": _("Enter times in your own time zone; they are stored in UTC."),
            },
        ),
        (_("Review"), {"fields": ("blind_review", "share_feedback", "reviews_required")}),
    )

    @admin.display(description=_("open now?"), boolean=True)
    def is_open_now(self, round_: Round) -> bool:
        return round_.is_open

    def get_queryset(self, request: HttpRequest) -> QuerySet[Round]:
        return super().get_queryset(request).select_related("program")


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ("name", "program", "weight", "order")
    list_filter = ("program",)
    list_select_related = ("program",)
    search_fields = ("name", "name_fr", "guidance")
    ordering = ("program", "order", "id")


@admin.register(ProgramTerms)
class ProgramTermsAdmin(admin.ModelAdmin):
    list_display = ("program", "tranche_split", "payments_follow_results", "budget_proposals")
    fields = (
        "program",
        "tranche_split",
        "first_tranche_days",
        "tranche_interval_days",
        "report_lead_days",
        "payments_follow_results",
        "budget_proposals",
        "agreement",
        "agreement_fr",
    )

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
