"""The review page of an assignment: the rubric form, what the reviewer may read, conflict, files."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from leadership.roles import can_manage_reviews

from .. import services
from ..access_log import access_note
from ..models import AccessAction, Application, AssignmentState, Review, ReviewAssignment, Status
from ..ranking import weighted_total
from ..sections import read_sections
from .refusals import refusal_on_form, refusal_text
from .review_forms import ConflictForm, ReviewForm


class ReviewPageMixin:
    """The change page, conflict and attachment views of ReviewAssignmentAdmin."""

    def _assignment_or_404(self, request, pk) -> ReviewAssignment:
        obj = self.get_queryset(request).filter(pk=pk).first()
        if obj is None or not self.has_view_permission(request, obj):
            raise Http404
        return obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        try:
            pk = int(object_id)
        except (TypeError, ValueError):
            raise Http404 from None
        assignment = self._assignment_or_404(request, pk)
        access_note(request, action=AccessAction.REVIEW_PAGE, application_id=assignment.application_id)
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
                    refusal_on_form(form, error)
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
            # In a blind round the leaders' names would identify the community's admins.
            hide = frozenset({"leaders"}) if blind else frozenset()
            sections = [
                (row["section"].title, row["fields"]) for row in read_sections(application, hide=hide)
            ]
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
            self.message_user(request, refusal_text(error), messages.ERROR)
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
        access_note(
            request,
            action=AccessAction.ATTACHMENT,
            application_id=assignment.application_id,
            attachment_id=attachment.pk,
        )
        return FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )


def _total(review: Review | None) -> float | None:
    if review is None:
        return None
    pairs = [(s.value, s.criterion.weight) for s in review.scores.all() if s.value is not None]
    return round(weighted_total(pairs), 2) if pairs else None
