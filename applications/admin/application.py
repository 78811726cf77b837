"""Admin for applications and their history.

The applicant's texts and the status are read-only here: status moves only through
applications.workflow (named services, admin actions elsewhere), so the admin is not a
back door around the rules or the audit trail.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib import admin
from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from leadership.models import CommunityAdmin
from leadership.roles import is_program_staff, is_superuser
from programs.money_columns import money_column

from ..access_log import access_note
from ..eligibility import RULES
from ..models import AccessAction, Application, Attachment, DeadlineExtension, StatusChange
from ..services.submissions import EDITABLE_FIELDS
from .application_review import ApplicationReviewMixin


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    fields = ("at", "old_status", "new_status", "by", "note")
    readonly_fields = fields
    ordering = ("at", "id")
    verbose_name_plural = _("status history")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("by")

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    can_delete = False
    fields = ("download", "description", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("uploaded_by")

    @admin.display(description=_("file"))
    def download(self, obj: Attachment) -> str:
        url = reverse("attachment_download", args=[obj.application_id, obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.original_name)

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class DeadlineExtensionInline(admin.TabularInline):
    """The history of an application's extra time; given on the staff page, never edited here."""

    model = DeadlineExtension
    extra = 0
    can_delete = False
    fields = ("at", "previous_closes_at", "closes_at", "reason", "by")
    readonly_fields = fields
    verbose_name_plural = _("deadline extensions")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("by")

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_program_staff(request.user)

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


def _attachment_count() -> Coalesce:
    """Files per application as a subquery: a join and GROUP BY would sort every wide row of the list."""
    per_application = (
        Attachment.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(per_application, output_field=IntegerField()), 0)


@admin.register(Application)
class ApplicationAdmin(ApplicationReviewMixin, admin.ModelAdmin):
    # Short columns so every one stays in view at 1280 px: the round's title (the program is a
    # filter and on the change page), the amount formatted, the last-saved time on the change page.
    list_display = (
        "__str__",
        "community",
        "round_title",
        "status",
        "amount",
        "attachment_count",
        "submitted",
    )
    list_filter = ("status", "round__program", "round")
    # An admin's email is searched through EXISTS (get_search_results), not a join that needs DISTINCT.
    search_fields = ("title", "community__name")
    list_select_related = ("community", "round__program")
    date_hierarchy = "submitted_at"
    amount = money_column("amount_requested", _("amount"), currency_from="round.program")
    ordering = ("-submitted_at", "-created_at")
    show_full_result_count = False
    list_per_page = 50
    inlines = (AttachmentInline, StatusChangeInline, DeadlineExtensionInline)
    readonly_fields = (
        "community",
        "round",
        "status",
        "created_by",
        "created_at",
        "updated_at",
        "submitted_at",
        "status_changed_at",
        "copied_from",
        "eligibility_answers",
        "access_log",
        *EDITABLE_FIELDS,
    )
    fieldsets = (
        (None, {"fields": ("community", "round", "status", "decision_note")}),
        (_("Eligibility"), {"fields": ("eligibility_answers",)}),
        (_("The community"), {"fields": Application.SECTION_FIELDS["community"]}),
        (_("The leaders"), {"fields": Application.SECTION_FIELDS["leaders"]}),
        (_("The initiative"), {"fields": Application.SECTION_FIELDS["initiative"]}),
        (_("Impact and measurement"), {"fields": Application.SECTION_FIELDS["impact"]}),
        (_("Budget"), {"fields": Application.SECTION_FIELDS["budget"]}),
        (
            _("Record"),
            {
                "classes": ("collapse",),
                "fields": (
                    "created_by",
                    "created_at",
                    "updated_at",
                    "submitted_at",
                    "status_changed_at",
                    "copied_from",
                ),
            },
        ),
    )

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and is_superuser(request.user):
            # Who read this application is for superusers' eyes only.
            return (*fieldsets, (_("Access log"), {"fields": ("access_log",)}))
        return fieldsets

    @admin.display(description=_("who read it"))
    def access_log(self, obj: Application) -> str:
        url = reverse("admin:applications_accessrecord_changelist") + f"?application={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, _("Every reading of this application"))

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .select_related("community", "round__program", "created_by", "copied_from")
            .annotate(attachments_total=_attachment_count())
        )

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if term := search_term.strip():
            admins = CommunityAdmin.objects.filter(
                community=OuterRef("community"), user__email__icontains=term
            )
            found = found | queryset.filter(Exists(admins))
        return found, may_have_duplicates

    @admin.display(description=_("program"), ordering="round__program__name")
    def program(self, obj: Application) -> str:
        return obj.round.program.localized_name

    @admin.display(description=_("round"), ordering="round__closes_at")
    def round_title(self, obj: Application) -> str:
        return obj.round.localized_title

    @admin.display(description=_("submitted"), ordering="submitted_at")
    def submitted(self, obj: Application) -> str:
        if obj.submitted_at is None:
            return "—"
        moment = timezone.localtime(obj.submitted_at)
        return format_html(
            '<time datetime="{}" title="{}">{}</time>',
            moment.isoformat(),
            date_format(moment, "DATETIME_FORMAT"),
            date_format(moment, "SHORT_DATE_FORMAT"),
        )

    @admin.display(description=_("files"), ordering="attachments_total")
    def attachment_count(self, obj: Application) -> int:
        return obj.attachments_total

    @admin.display(description=_("eligibility answers"))
    def eligibility_answers(self, obj: Application) -> str:
        answers = obj.eligibility.get("answers", {})
        rows = format_html_join(
            "",
            "<li>{} <strong>{}</strong></li>",
            ((rule.question, _("Yes") if answers.get(rule.key) else _("No")) for rule in RULES),
        )
        confirmed = obj.eligibility.get("confirmed_by", "")
        when = obj.eligibility.get("confirmed_at", "")
        if when:
            when = date_format(timezone.localtime(datetime.fromisoformat(when)), "DATETIME_FORMAT")
        return format_html(
            "<ul class='mb-0'>{}</ul><p>{}</p>",
            rows,
            _("Confirmed by %(who)s on %(when)s.") % {"who": confirmed, "when": when} if confirmed else "",
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if is_program_staff(request.user) and str(object_id).isdigit():
            extra_context["extend_url"] = reverse("staff_deadline_extend", args=[int(object_id)])
        response = super().change_view(request, object_id, form_url, extra_context)
        # Noted only when the page was shown: the middleware drops notes of refused requests.
        if str(object_id).isdigit() and response.status_code == 200:
            access_note(request, action=AccessAction.ADMIN_PAGE, application_id=int(object_id))
        return response

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Applications start from the applicant's eligibility step, never from the admin.
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # The record of an application (and its audit trail) is kept; withdraw instead.
        return False
