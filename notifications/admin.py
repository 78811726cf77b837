"""Staff's window on the outbox: what went out, what waits, what failed, and resending it."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .events import EVENTS
from .models import Notification, SentReminder, State
from .services import notifications_resend

STATE_COLOURS = {
    State.PENDING: "#8a6d00",
    State.SENDING: "#0b5ed7",
    State.SENT: "#1e7b34",
    State.FAILED: "#b02a37",
}
LINK = re.compile(r"(https?://[^/\s\"'<>]+)[^\s\"'<>]*")
HIDDEN_LINK = "/[link hidden]"


def _shown(obj: Notification, body: str) -> str:
    """The body as the admin shows it: links that act for their holder keep only their host."""
    event = EVENTS.get(obj.event)
    if event is None or not event.has_secret_link:
        return body
    return LINK.sub(lambda match: match.group(1) + HIDDEN_LINK, body)


class EventFilter(admin.SimpleListFilter):
    title = _("event")
    parameter_name = "event"

    def lookups(self, request, model_admin):
        # From the registry, so the filter costs no DISTINCT over the whole outbox.
        return [(name, name.replace("_", " ")) for name in sorted(EVENTS)]

    def queryset(self, request, queryset):
        return queryset.filter(event=self.value()) if self.value() else queryset


class LanguageFilter(admin.SimpleListFilter):
    title = _("language")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        # From the settings, so the filter costs no DISTINCT over the whole outbox.
        return list(settings.LANGUAGES)

    def queryset(self, request, queryset):
        return queryset.filter(language=self.value()) if self.value() else queryset


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "event",
        "to_email",
        "subject",
        "language",
        "state_badge",
        "attempts",
        "sent_at",
    )
    list_display_links = ("created_at", "event")
    # Fixed date ranges instead of a date drill-down, which scans every row for its months.
    list_filter = ("state", EventFilter, LanguageFilter, ("created_at", admin.DateFieldListFilter))
    search_fields = ("to_email", "recipient__email", "recipient__full_name", "subject")
    list_per_page = 50
    show_full_result_count = False

    class Media:
        # The totals and previews are styled there: the Content-Security-Policy refuses inline style elements.
        css = {"all": ("css/admin.css",)}

    actions = ["resend"]
    fieldsets = (
        (None, {"fields": ("event", "recipient", "to_email", "language", "subject")}),
        (
            _("Delivery"),
            {
                "fields": (
                    "state",
                    "attempts",
                    "last_error",
                    "created_at",
                    "last_enqueued_at",
                    "next_attempt_at",
                    "claimed_at",
                    "lease_until",
                    "sent_at",
                ),
            },
        ),
        (_("Message"), {"fields": ("html_preview", "text_preview")}),
    )
    readonly_fields = (
        "event",
        "recipient",
        "to_email",
        "language",
        "subject",
        "state",
        "attempts",
        "last_error",
        "created_at",
        "last_enqueued_at",
        "next_attempt_at",
        "claimed_at",
        "lease_until",
        "sent_at",
        "html_preview",
        "text_preview",
    )

    # The outbox is a record: nobody adds, edits or deletes rows by hand; failed ones are resent.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_resend_permission(self, request) -> bool:
        return request.user.has_perm("notifications.change_notification")

    def changelist_view(self, request, extra_context=None):
        counts = Notification.objects.state_counts()
        extra_context = {
            **(extra_context or {}),
            "state_counts": [(value, label, counts[value]) for value, label in State.choices],
        }
        return super().changelist_view(request, extra_context=extra_context)

    @admin.display(description=_("state"), ordering="state")
    def state_badge(self, obj: Notification) -> str:
        return format_html(
            '<strong style="color:{}">{}</strong>',
            STATE_COLOURS.get(obj.state, "inherit"),
            obj.get_state_display(),
        )

    @admin.display(description=_("HTML body"))
    def html_preview(self, obj: Notification) -> str:
        if not obj.body_html:
            return "—"
        # srcdoc in a sandbox: the email's HTML renders as the recipient sees it, but cannot
        # run scripts, submit forms or reach the admin's origin.
        return format_html(
            '<iframe sandbox="" srcdoc="{}" title="{}" class="email-preview"></iframe>',
            _shown(obj, obj.body_html),
            _("HTML body"),
        )

    @admin.display(description=_("text body"))
    def text_preview(self, obj: Notification) -> str:
        return format_html('<pre class="email-text">{}</pre>', _shown(obj, obj.body_text))

    @admin.action(description=_("Resend the selected failed notifications"), permissions=["resend"])
    def resend(self, request, queryset) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        count = notifications_resend(ids=ids, by=request.user)
        skipped = len(ids) - count
        if count:
            self.message_user(
                request,
                ngettext(
                    "%(count)d notification queued again.", "%(count)d notifications queued again.", count
                )
                % {"count": count},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d selected notification was not failed and was left alone.",
                    "%(count)d selected notifications were not failed and were left alone.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    list_display = ("sent_at", "event", "key", "threshold")
    list_filter = ("event", "threshold")
    search_fields = ("key",)
    date_hierarchy = "sent_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
