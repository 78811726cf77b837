"""Admin for data rights: privacy notice versions, who accepted which, erasure requests."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import ConsentRecord, ErasureRequest, ErasureState, PrivacyNotice
from ..privacy.consent import next_version, privacy_notice_publish
from ..privacy.erasure import erasure_confirm
from ..services.communities import LeadershipRefused
from .staff_only import StaffOnly


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(StaffOnly, admin.ModelAdmin):
    list_display = ["version", "title_en", "created_at", "published_at", "published_by", "consent_count"]
    fields = [
        "version",
        "title_en",
        "body_en",
        "title_fr",
        "body_fr",
        "created_at",
        "published_at",
        "published_by",
    ]
    actions = ["publish"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("published_by")
            .annotate(consent_count=Count("consents"))
        )

    @admin.display(description=_("accepted by"), ordering="consent_count")
    def consent_count(self, obj: PrivacyNotice) -> int:
        return obj.consent_count

    def get_changeform_initial_data(self, request):
        return {"version": next_version()}

    def get_readonly_fields(self, request, obj=None):
        base = ["created_at", "published_at", "published_by"]
        # What people accepted is never rewritten: a change is a new version.
        return [*self.fields] if obj is not None and obj.is_published else base

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not (obj and obj.is_published)

    @admin.action(description=_("Publish: everyone accepts it at their next visit"))
    def publish(self, request, queryset) -> None:
        published = 0
        for notice in queryset.order_by("version"):
            try:
                privacy_notice_publish(notice=notice, by=request.user)
                published += 1
            except LeadershipRefused as error:
                self.message_user(request, f"{notice}: {' '.join(error.messages)}", messages.WARNING)
        if published:
            self.message_user(
                request,
                ngettext("%(count)d version published.", "%(count)d versions published.", published)
                % {"count": published},
                messages.SUCCESS,
            )


class ReadOnly(StaffOnly):
    def has_add_permission(self, request, *args) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["user", "notice", "accepted_at"]
    list_filter = ["notice"]
    search_fields = ["user__email", "user__full_name"]
    list_select_related = ["user", "notice"]
    date_hierarchy = "accepted_at"


@admin.register(ErasureRequest)
class ErasureRequestAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["user", "state", "requested_at", "decided_at", "decided_by"]
    list_filter = ["state"]
    search_fields = ["user__email"]
    list_select_related = ["user", "decided_by"]
    fields = ["user", "state", "requested_at", "decided_at", "decided_by", "summary"]
    actions = ["confirm"]

    def get_actions(self, request):
        # Read-only rows still take this action: it is the erasure itself, through the service.
        actions = super().get_actions(request)
        if not self._is_program_staff(request):
            actions.pop("confirm", None)
        return actions

    @admin.action(description=_("Confirm and erase the selected accounts"))
    def confirm(self, request, queryset) -> None:
        erased = 0
        for pending in queryset.filter(state=ErasureState.PENDING).order_by("pk"):
            try:
                erasure_confirm(request=pending, by=request.user)
                erased += 1
            except LeadershipRefused as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
        self.message_user(
            request,
            ngettext(
                "%(count)d account erased; its owner was told by email.",
                "%(count)d accounts erased; their owners were told by email.",
                erased,
            )
            % {"count": erased},
            messages.SUCCESS if erased else messages.WARNING,
        )
