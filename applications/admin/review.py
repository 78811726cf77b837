"""The review desk in the admin: reviewers score their assignments; staff screen, assign and decide.

Reviewers see their own assignments and profile and nothing else: every queryset here is
narrowed to them, every object check repeats it, and anything else answers 404 (see
config.admin). Staff hold `applications.manage_reviews`.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import (
    Application,
    AssignmentState,
    Review,
    ReviewAssignment,
    ReviewerProfile,
    Status,
)
from ..ranking import weighted_total
from ..roles import can_manage_reviews
from ..services import reviews as services
from .review_forms import (
    AssignRoundForm,
    ConflictForm,
    DecisionForm,
    IneligibleForm,
    ManualAssignmentForm,
    ReviewForm,
    RoundAssignmentForm,
)

STATE_BADGES = {
    AssignmentState.TO_DO: "#6c757d",
    AssignmentState.IN_PROGRESS: "#9a6700",
    AssignmentState.SUBMITTED: "#1a7f37",
    AssignmentState.CONFLICT: "#b42318",
}


def _error_list(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


# --- Reviewer profile -----------------------------------------------------------------------


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "expertise_list", "updated_at")
    filter_horizontal = ("expertise", "communities")
    search_fields = ("user__email", "user__full_name")
    fields = ("user", "expertise", "communities", "organisations", "avoid_countries")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        qs = super().get_queryset(request).select_related("user").prefetch_related("expertise")
        return qs if can_manage_reviews(request.user) else qs.filter(user=request.user)

    def get_readonly_fields(self, request, obj=None):
        return () if can_manage_reviews(request.user) else ("user",)

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

    def _is_own_or_staff(self, request, obj) -> bool:
        return obj is None or can_manage_reviews(request.user) or obj.user_id == request.user.pk

    def has_view_permission(self, request, obj=None) -> bool:
        return super().has_view_permission(request, obj) and self._is_own_or_staff(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and self._is_own_or_staff(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return can_manage_reviews(request.user) and super().has_delete_permission(request, obj)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404

    def save_model(self, request, obj, form, change):
        if not can_manage_reviews(request.user):
            obj.user = request.user
        obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)


# --- Assignments and reviews ----------------------------------------------------------------


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
        from grants.models import Round

        return [(r.pk, str(r)) for r in Round.objects.select_related("program")]

    def queryset(self, request, queryset):
        return queryset.filter(application__round_id=self.value()) if self.value() else queryset


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(admin.ModelAdmin):
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

    def _is_own_or_staff(self, request, obj) -> bool:
        return obj is None or can_manage_reviews(request.user) or obj.reviewer_id == request.user.pk

    def has_view_permission(self, request, obj=None) -> bool:
        return super().has_view_permission(request, obj) and self._is_own_or_staff(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and self._is_own_or_staff(request, obj)

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

    # -- the review page --

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

    def _assignment_or_404(self, request, pk) -> ReviewAssignment:
        obj = self.get_queryset(request).filter(pk=pk).first()
        if obj is None or not self.has_view_permission(request, obj):
            raise Http404
        return obj

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Someone else's assignment and a missing one look the same: not found.
        raise Http404

    def change_view(self, request, object_id, form_url="", extra_context=None):
        try:
            pk = int(object_id)
        except (TypeError, ValueError):
            raise Http404 from None
        assignment = self._assignment_or_404(request, pk)
        review = Review.objects.filter(assignment=assignment).prefetch_related("scores").first()
        criteria = list(assignment.application.round.program.criteria.all())
        own = assignment.reviewer_id == request.user.pk
        editable = (
            own
            and not assignment.has_conflict
            and (review is None or not review.is_submitted)
            and assignment.application.status == Status.IN_REVIEW
        )
        form = ReviewForm(request.POST or None, criteria=criteria, review=review)
        if request.method == "POST":
            if not editable:
                raise Http404
            if form.is_valid():
                submitting = "_submit" in request.POST
                service = services.review_submit if submitting else services.review_save
                try:
                    service(
                        assignment=assignment,
                        by=request.user,
                        scores=form.scores(),
                        overall_comment=form.cleaned_data["overall_comment"],
                        recommendation=form.cleaned_data["recommendation"],
                    )
                except ValidationError as error:
                    for message in _error_list(error):
                        form.add_error(None, message)
                else:
                    self.message_user(
                        request,
                        _("Your review was submitted. Thank you.") if submitting else _("Draft saved."),
                        messages.SUCCESS,
                    )
                    if submitting:
                        return redirect(reverse("admin:applications_reviewassignment_change", args=[pk]))
                    return redirect(request.path)
        context = {
            **self.admin_site.each_context(request),
            **self._review_context(request, assignment, review, criteria, own),
            "opts": self.model._meta,
            "title": _("Review: %(application)s") % {"application": assignment.application_label()},
            "form": form,
            "editable": editable,
            "conflict_form": ConflictForm(),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/applications/reviewassignment/review.html", context)

    def _review_context(self, request, assignment, review, criteria, own) -> dict:
        application = Application.objects.select_related("community", "round__program").get(
            pk=assignment.application_id
        )
        blind = application.round.blind_review and not can_manage_reviews(request.user)
        submitted = review is not None and review.is_submitted
        # Other reviews only once one's own is submitted (staff always see them).
        show_others = can_manage_reviews(request.user) or (own and submitted)
        others = []
        if show_others and not assignment.has_conflict:
            others_qs = (
                Review.objects.filter(
                    assignment__application=application,
                    submitted_at__isnull=False,
                    assignment__conflict_declared_at__isnull=True,
                )
                .exclude(assignment=assignment)
                .select_related("assignment__reviewer")
                .prefetch_related("scores__criterion")
                .order_by("assignment_id")
            )
            for index, other in enumerate(others_qs):
                others.append(
                    {
                        "name": str(other.assignment.reviewer)
                        if can_manage_reviews(request.user)
                        else _("Reviewer %(letter)s") % {"letter": chr(ord("A") + index % 26)},
                        "review": other,
                        "total": _total(other),
                    }
                )
        sections = []
        if not assignment.has_conflict or can_manage_reviews(request.user):
            for key, title in (
                ("community", _("The community")),
                ("leaders", _("The leaders")),
                ("initiative", _("The initiative")),
                ("impact", _("Impact and measurement")),
                ("budget", _("Budget")),
            ):
                fields = []
                for name in Application.SECTION_FIELDS[key]:
                    if blind and name == "leaders":
                        continue  # the leaders' names identify the community's admins
                    field = Application._meta.get_field(name)
                    fields.append((field.verbose_name, getattr(application, name)))
                if fields:
                    sections.append((title, fields))
        return {
            "assignment": assignment,
            "application": application,
            "review": review,
            "review_total": _total(review) if submitted else None,
            "blind": blind,
            "sections": sections,
            "community_admins": [] if blind else list(application.community.admins.all()),
            "focus_areas": list(application.community.focus_areas.all()),
            "attachments": []
            if assignment.has_conflict and not can_manage_reviews(request.user)
            else list(application.attachments.all()),
            "others": others,
            "show_others": show_others,
            "own": own,
            "criteria": criteria,
            "state": AssignmentState(assignment.state),
        }

    @staticmethod
    def _require_post(request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return None

    def conflict_view(self, request, pk):
        if (refusal := self._require_post(request)) is not None:
            return refusal
        assignment = self._assignment_or_404(request, pk)
        if assignment.reviewer_id != request.user.pk:
            raise Http404
        form = ConflictForm(request.POST)
        url = reverse("admin:applications_reviewassignment_change", args=[pk])
        if not form.is_valid():
            self.message_user(request, _("Say briefly what ties you to this application."), messages.ERROR)
            return redirect(url)
        try:
            services.conflict_declare(
                assignment=assignment, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            self.message_user(request, " ".join(_error_list(error)), messages.ERROR)
            return redirect(url)
        self.message_user(
            request,
            _("Conflict recorded. The application has been released and staff were told."),
            messages.SUCCESS,
        )
        return redirect(reverse("admin:applications_reviewassignment_changelist"))

    def attachment_view(self, request, pk, attachment_id):
        assignment = self._assignment_or_404(request, pk)
        if assignment.has_conflict and not can_manage_reviews(request.user):
            raise Http404
        attachment = assignment.application.attachments.filter(pk=attachment_id).first()
        if attachment is None:
            raise Http404
        return FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )

    # -- staff: assignment --

    def _require_staff(self, request):
        if not can_manage_reviews(request.user):
            raise Http404

    def assign_round_view(self, request):
        self._require_staff(request)
        form = AssignRoundForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                result = services.reviewers_assign(
                    round=form.cleaned_data["round"],
                    by=request.user,
                    per_application=form.cleaned_data["per_application"],
                )
            except ValidationError as error:
                for message in _error_list(error):
                    form.add_error(None, message)
            else:
                _report_assignment(self, request, result)
                return redirect(reverse("admin:applications_reviewassignment_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": _("Assign reviewers to a whole round"),
        }
        return TemplateResponse(request, "admin/applications/reviewassignment/assign_round.html", context)

    def assign_application_view(self, request, application_id):
        self._require_staff(request)
        application = (
            Application.objects.select_related("community", "round__program")
            .filter(pk=application_id)
            .first()
        )
        if application is None:
            raise Http404
        assigned = list(
            ReviewAssignment.objects.filter(application=application).with_listing().order_by("assigned_at")
        )
        taken = {a.reviewer_id for a in assigned}
        pool = [r for r in services.reviewer_pool().order_by("full_name", "email") if r.pk not in taken]
        conflicts = services.conflicts_index([application], pool)
        loads = _round_loads(application.round_id)
        form = ManualAssignmentForm(request.POST or None, reviewers=pool)
        if request.method == "POST" and form.is_valid():
            try:
                services.assignments_create(
                    application=application,
                    reviewers=form.chosen(),
                    by=request.user,
                    allow_ties=form.cleaned_data["allow_ties"],
                )
            except ValidationError as error:
                for message in _error_list(error):
                    form.add_error(None, message)
            else:
                self.message_user(request, _("Reviewers assigned; each was sent an email."), messages.SUCCESS)
                return redirect(reverse("admin:applications_application_change", args=[application.pk]))
        rows = [
            {
                "reviewer": reviewer,
                "field_value": str(reviewer.pk),
                "conflicts": conflicts.get((reviewer.pk, application.pk)),
                "load": loads.get(reviewer.pk, 0),
                "checked": str(reviewer.pk) in (form.data.getlist("reviewers") if form.is_bound else []),
            }
            for reviewer in pool
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": Application._meta,
            "form": form,
            "application": application,
            "assigned": assigned,
            "rows": rows,
            "title": _("Assign reviewers to %(application)s") % {"application": application},
        }
        return TemplateResponse(
            request, "admin/applications/reviewassignment/assign_application.html", context
        )


def _round_loads(round_id: int) -> dict[int, int]:
    from django.db.models import Count

    return dict(
        ReviewAssignment.objects.active()
        .filter(application__round_id=round_id)
        .values("reviewer_id")
        .annotate(n=Count("id"))
        .values_list("reviewer_id", "n")
    )


def _total(review: Review | None) -> float | None:
    if review is None:
        return None
    pairs = [(s.value, s.criterion.weight) for s in review.scores.all() if s.value is not None]
    return round(weighted_total(pairs), 2) if pairs else None


def _report_assignment(model_admin, request, result) -> None:
    model_admin.message_user(
        request,
        _("%(n)d new assignment(s) made; each reviewer got one email.") % {"n": len(result.created)},
        messages.SUCCESS,
    )
    if result.uncovered:
        model_admin.message_user(
            request,
            _(
                "%(n)d application(s) could not get enough reviewers without a conflict; add reviewers and run it again."
            )
            % {"n": len(result.uncovered)},
            messages.WARNING,
        )


# --- On the application: screening, decisions, assignment ------------------------------------


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


def _run_each(model_admin, request, queryset, call, done_message: str) -> None:
    done, refused = 0, []
    for application in queryset.select_related("community", "round"):
        try:
            call(application)
        except ValidationError as error:
            refused.append(f"#{application.pk}: {' '.join(_error_list(error))}")
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
        _("%(n)d application(s) sent to review."),
    )


@admin.action(description=gettext_lazy("Screen: mark ineligible…"), permissions=["manage_reviews"])
def screen_ineligible(model_admin, request, queryset):
    form = IneligibleForm(
        request.POST if "apply" in request.POST else None,
        initial=_carry(request, "screen_ineligible"),
        selected=_selected(request),
    )
    if "apply" in request.POST and form.is_valid():
        reason = form.cleaned_data["reason"]
        _run_each(
            model_admin,
            request,
            queryset,
            lambda a: services.application_screen(
                application=a, by=request.user, eligible=False, reason=reason
            ),
            _("%(n)d application(s) marked ineligible."),
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
        form = DecisionForm(
            request.POST if "apply" in request.POST else None,
            initial=_carry(request, action.__name__),
            selected=_selected(request),
        )
        if "apply" in request.POST and form.is_valid():
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
                ),
                _("%(n)d application(s) moved."),
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
    form = RoundAssignmentForm(
        request.POST if "apply" in request.POST else None,
        initial=_carry(request, "assign_reviewers_to_round"),
        selected=_selected(request),
    )
    if "apply" in request.POST and form.is_valid():
        from grants.models import Round

        for round_ in Round.objects.filter(pk__in=queryset.values("round_id")):
            try:
                result = services.reviewers_assign(
                    round=round_, by=request.user, per_application=form.cleaned_data["per_application"]
                )
            except ValidationError as error:
                model_admin.message_user(request, " ".join(_error_list(error)), messages.ERROR)
            else:
                _report_assignment(model_admin, request, result)
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
            except ValueError:
                pass
        return super().change_view(request, object_id, form_url, extra_context)


def _extend_application_admin() -> None:
    # The applications admin lives in its own module (applications.admin.application); the
    # review desk extends whatever class is registered there rather than editing it, so the
    # two areas grow apart.
    site = admin.site
    base = type(site.get_model_admin(Application)) if site.is_registered(Application) else admin.ModelAdmin
    if issubclass(base, ApplicationReviewMixin):
        return
    if site.is_registered(Application):
        site.unregister(Application)
    site.register(Application, type(base.__name__, (ApplicationReviewMixin, base), {"__module__": __name__}))


_extend_application_admin()
