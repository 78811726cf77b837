"""The staff pages of ReviewAssignmentAdmin that assign reviewers: a whole round, or one application."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leadership.roles import can_manage_reviews

from .. import services
from ..models import Application, ReviewAssignment
from .refusals import refusal_on_form
from .review_forms import AssignRoundForm, ManualAssignmentForm


class ReviewerAssigningMixin:
    """Staff-only pages; anyone else gets 404, as for a page that does not exist."""

    def _require_staff(self, request):
        if not can_manage_reviews(request.user):
            raise Http404

    def assign_round_view(self, request):
        self._require_staff(request)
        # ?round= preselects the round, as the staff home links it.
        form = AssignRoundForm(request.POST or None, initial={"round": request.GET.get("round")})
        if request.method == "POST" and form.is_valid():
            try:
                result = services.reviewers_assign(
                    round=form.cleaned_data["round"],
                    by=request.user,
                    per_application=form.cleaned_data["per_application"],
                )
            except ValidationError as error:
                refusal_on_form(form, error)
            else:
                assignment_report(self, request, result)
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
                refusal_on_form(form, error)
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
    return dict(
        ReviewAssignment.objects.active()
        .filter(application__round_id=round_id)
        .values("reviewer_id")
        .annotate(n=Count("id"))
        .values_list("reviewer_id", "n")
    )


def assignment_report(model_admin, request, result: services.AssignmentResult) -> None:
    """Tell staff what a round assignment made, and which applications are still short."""
    model_admin.message_user(
        request,
        ngettext(
            "%(n)d new assignment made; the reviewer got one email.",
            "%(n)d new assignments made; each reviewer got one email.",
            len(result.created),
        )
        % {"n": len(result.created)},
        messages.SUCCESS,
    )
    if result.uncovered:
        model_admin.message_user(
            request,
            ngettext(
                "%(n)d application could not get enough reviewers without a conflict; add reviewers and run it again.",
                "%(n)d applications could not get enough reviewers without a conflict; add reviewers and run it again.",
                len(result.uncovered),
            )
            % {"n": len(result.uncovered)},
            messages.WARNING,
        )
