"""What the review desk adds to the applications admin: screening, decision and assignment
actions, the reviewers inline, and links to assign and read reviews. ApplicationAdmin
(applications.admin.application) takes it in its class statement as a mixin.

Staff hold `applications.manage_reviews`; nobody else sees any of it.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from leadership.roles import can_manage_reviews

from .. import services
from ..decision_forms import DecideForm, ScreenForm
from ..models import Application, AssignmentState, Flag, ReviewAssignment, Status
from ..services.decisions import DECISIONS
from .assigning import assignment_report
from .refusals import refusal_text
from .review_forms import ActionForm, DecisionForm, IneligibleForm, RoundAssignmentForm

SCREENING_FLAGS_SHOWN = 10


class ReviewAssignmentInline(admin.TabularInline):
    model = ReviewAssignment
    fk_name = "application"
    extra = 0
    can_delete = False
    fields = ("reviewer_link", "state_label", "assigned_at", "conflict_reason")
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("reviewers")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reviewer", "review").with_state()

    def has_view_permission(self, request, obj=None) -> bool:
        return can_manage_reviews(request.user)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=gettext_lazy("reviewer"))
    def reviewer_link(self, obj: ReviewAssignment) -> str:
        url = reverse("admin:applications_reviewassignment_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.reviewer)

    @admin.display(description=gettext_lazy("state"))
    def state_label(self, obj: ReviewAssignment) -> str:
        return AssignmentState(obj.state).label


def _carry(request, action: str) -> dict:
    return {"action": action, "select_across": request.POST.get("select_across") == "1"}


def _selected(request) -> list[str]:
    return request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME)


def _action_form(form_class: type[ActionForm], request, action: str) -> ActionForm:
    """The intermediate page's form: unbound on the first visit, bound once Apply is pressed."""
    return form_class(
        request.POST if "apply" in request.POST else None,
        initial=_carry(request, action),
        selected=_selected(request),
    )


def _run_each(model_admin, request, queryset, call, done_message) -> None:
    """Call for each application; done_message is a plural-aware lazy string taking %(n)d."""
    done, refused = 0, []
    for application in queryset.select_related("community", "round"):
        try:
            call(application)
        except ValidationError as error:
            refused.append(f"#{application.pk}: {refusal_text(error)}")
        else:
            done += 1
    if done:
        model_admin.message_user(request, done_message % {"n": done}, messages.SUCCESS)
    for message in refused[:20]:
        model_admin.message_user(request, message, messages.WARNING)


def _intermediate(model_admin, request, queryset, form, *, title: str, button: str, intro: str):
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        "form": form,
        "queryset": queryset.select_related("community")[:200],
        "count": queryset.count(),
        "selected": _selected(request),
        "button": button,
        "intro": intro,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/applications/application/review_action.html", context)


@admin.action(description=gettext_lazy("Screen: send to review"), permissions=["manage_reviews"])
def screen_in_review(model_admin, request, queryset):
    _run_each(
        model_admin,
        request,
        queryset,
        lambda a: services.application_screen(application=a, by=request.user, eligible=True),
        ngettext_lazy("%(n)d application sent to review.", "%(n)d applications sent to review.", "n"),
    )


@admin.action(description=gettext_lazy("Screen: mark ineligible…"), permissions=["manage_reviews"])
def screen_ineligible(model_admin, request, queryset):
    form = _action_form(IneligibleForm, request, "screen_ineligible")
    if form.is_valid():
        reason = form.cleaned_data["reason"]
        _run_each(
            model_admin,
            request,
            queryset,
            lambda a: services.application_screen(
                application=a, by=request.user, eligible=False, reason=reason
            ),
            ngettext_lazy(
                "%(n)d application marked ineligible.", "%(n)d applications marked ineligible.", "n"
            ),
        )
        return None
    return _intermediate(
        model_admin,
        request,
        queryset,
        form,
        title=_("Mark applications ineligible"),
        button=_("Mark ineligible"),
        intro=_("The applicants will read the reason when the round's decisions are released."),
    )


def _decision_action(outcome: str, label: str, title: str):
    def action(model_admin, request, queryset):
        form = _action_form(DecisionForm, request, action.__name__)
        if form.is_valid():
            data = form.cleaned_data
            _run_each(
                model_admin,
                request,
                queryset,
                lambda a: services.application_decide(
                    application=a,
                    by=request.user,
                    outcome=outcome,
                    note_to_applicant=data["note_to_applicant"],
                    internal_note=data["internal_note"],
                    few_reviews_confirmed=data["few_reviews_confirmed"],
                ),
                ngettext_lazy("%(n)d application moved.", "%(n)d applications moved.", "n"),
            )
            return None
        return _intermediate(
            model_admin,
            request,
            queryset,
            form,
            title=title,
            button=str(label),
            intro=_(
                "Applicants are told nothing until the round's decisions are released from the ranking page."
            ),
        )

    action.__name__ = f"decide_{outcome}"
    return admin.action(description=label, permissions=["manage_reviews"])(action)


decide_shortlisted = _decision_action(
    Status.SHORTLISTED, gettext_lazy("Decide: shortlist…"), gettext_lazy("Shortlist applications")
)
decide_declined = _decision_action(
    Status.DECLINED, gettext_lazy("Decide: decline…"), gettext_lazy("Decline applications")
)
decide_waitlisted = _decision_action(
    Status.WAITLISTED, gettext_lazy("Decide: waitlist…"), gettext_lazy("Waitlist applications")
)


@admin.action(
    description=gettext_lazy("Assign reviewers to the whole round…"), permissions=["manage_reviews"]
)
def assign_reviewers_to_round(model_admin, request, queryset):
    form = _action_form(RoundAssignmentForm, request, "assign_reviewers_to_round")
    if form.is_valid():
        from programs.models import Round

        for round_ in Round.objects.filter(pk__in=queryset.values("round_id")):
            try:
                result = services.reviewers_assign(
                    round=round_, by=request.user, per_application=form.cleaned_data["per_application"]
                )
            except ValidationError as error:
                model_admin.message_user(request, refusal_text(error), messages.ERROR)
            else:
                assignment_report(model_admin, request, result)
        return None
    return _intermediate(
        model_admin,
        request,
        queryset,
        form,
        title=_("Assign reviewers automatically"),
        button=_("Assign reviewers"),
        intro=_(
            "Every application in review in the rounds of the selected applications gets this many "
            "reviewers; loads stay even and conflicts are never assigned. Running it again only tops up."
        ),
    )


REVIEW_ACTIONS = (
    screen_in_review,
    screen_ineligible,
    decide_shortlisted,
    decide_declined,
    decide_waitlisted,
    assign_reviewers_to_round,
)


def decision_panel(application_id: int) -> dict:
    """The screening and decision forms the change page shows (they post to the staff views)."""
    application = Application.objects.select_related("round").filter(pk=application_id).first()
    if application is None:
        return {}
    may_decide = any(application.can_move_to(s) for s in DECISIONS)
    return {
        "decision_application": application,
        "may_screen": application.status == Status.SUBMITTED,
        "may_decide": may_decide,
        "screen_form": ScreenForm(),
        "decide_form": DecideForm(
            initial={
                "message": application.decision_message_id,
                "decline_reason": application.decline_reason_id,
            }
        ),
        "few_reviews_warning": services.few_reviews_warning([application], application.round)
        if may_decide
        else "",
    }


def _screening_flags(application_id: int) -> list[Flag]:
    """Open duplicate and fraud flags on the application or its community, for the screener."""
    application = Application.objects.only("community_id").filter(pk=application_id).first()
    if application is None:
        return []
    return list(Flag.objects.open().touching(application).with_listing()[:SCREENING_FLAGS_SHOWN])


class ApplicationReviewMixin:
    """What the review desk adds to the applications admin: actions, reviewers inline, assign link."""

    def has_manage_reviews_permission(self, request) -> bool:
        return can_manage_reviews(request.user)

    def get_actions(self, request):
        actions = super().get_actions(request)
        for func in REVIEW_ACTIONS:
            if can_manage_reviews(request.user):
                actions[func.__name__] = (func, func.__name__, func.short_description)
        return actions

    def get_inlines(self, request, obj):
        return [*super().get_inlines(request, obj), ReviewAssignmentInline]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if can_manage_reviews(request.user):
            try:
                extra_context["assign_url"] = reverse(
                    "admin:applications_reviewassignment_assign_application", args=[int(object_id)]
                )
                extra_context["reviews_url"] = reverse("staff_application_reviews", args=[int(object_id)])
                extra_context["screening_flags"] = _screening_flags(int(object_id))
            except ValueError:
                pass
            else:
                extra_context.update(decision_panel(int(object_id)))
        return super().change_view(request, object_id, form_url, extra_context)
