"""Forms of the review desk in the admin: the rubric, conflicts, screening, decisions, assignment."""

from __future__ import annotations

from django import forms
from django.contrib.admin import helpers
from django.utils.translation import gettext_lazy as _

from programs.models import Criterion, Round

from ..models import SCORE_ANCHORS, Recommendation, Review

SCORE_CHOICES = [(value, label) for value, label in SCORE_ANCHORS.items()]


class ReviewForm(forms.Form):
    """One score (1 to 5, labelled anchors) and one comment per criterion, then the verdict."""

    def __init__(self, *args, criteria: list[Criterion], review: Review | None = None, **kwargs):
        initial = {}
        if review is not None:
            for score in review.scores.all():
                initial[f"score_{score.criterion_id}"] = score.value
                initial[f"comment_{score.criterion_id}"] = score.comment
            initial["overall_comment"] = review.overall_comment
            initial["recommendation"] = review.recommendation
        super().__init__(*args, initial=initial, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.localized_name,
                choices=SCORE_CHOICES,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
                help_text=criterion.localized_guidance,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on “%(criterion)s”") % {"criterion": criterion.localized_name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
            )
        self.fields["overall_comment"] = forms.CharField(
            label=_("Overall comment"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
            help_text=_("Strengths, weaknesses and what would make the application stronger."),
        )
        self.fields["recommendation"] = forms.ChoiceField(
            label=_("Recommendation"),
            choices=Recommendation.choices,
            required=False,
            widget=forms.RadioSelect,
        )

    def criterion_rows(self):
        """(criterion, score field, comment field) for the template, in rubric order."""
        return [(c, self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def scores(self) -> dict[int, tuple[int | None, str]]:
        data = self.cleaned_data
        return {c.pk: (data.get(f"score_{c.pk}"), data.get(f"comment_{c.pk}", "")) for c in self.criteria}


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("What ties you to this application?"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=_("Only program staff read this. The application will be given to another reviewer."),
    )


class ActionForm(forms.Form):
    """Carries the admin action and the selected rows through an intermediate page."""

    action = forms.CharField(widget=forms.HiddenInput)
    select_across = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, selected: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.selected = selected or []
        self.selection_field = helpers.ACTION_CHECKBOX_NAME


class IneligibleForm(ActionForm):
    reason = forms.CharField(
        label=_("Reason the applicant will read"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=_("Sent when the round's decisions are released."),
    )


class DecisionForm(ActionForm):
    note_to_applicant = forms.CharField(
        label=_("Note to the applicant"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=_("Sent when the round's decisions are released. Required to decline."),
    )
    internal_note = forms.CharField(
        label=_("Internal note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
        help_text=_("Kept in the application's history; never shown to the applicant."),
    )
    few_reviews_confirmed = forms.BooleanField(
        label=_("Decide even with fewer submitted reviews than the round asks for"),
        required=False,
        help_text=_("Without it, applications with too few reviews are left as they are, with a warning."),
    )


class RoundAssignmentForm(ActionForm):
    per_application = forms.IntegerField(
        label=_("Reviewers per application"),
        min_value=1,
        max_value=10,
        initial=3,
    )


class AssignRoundForm(forms.Form):
    round = forms.ModelChoiceField(label=_("Round"), queryset=Round.objects.select_related("program"))
    per_application = forms.IntegerField(
        label=_("Reviewers per application"), min_value=1, max_value=10, initial=3
    )


class ManualAssignmentForm(forms.Form):
    reviewers = forms.MultipleChoiceField(
        label=_("Reviewers"),
        widget=forms.CheckboxSelectMultiple,
        required=True,
    )
    allow_ties = forms.BooleanField(
        label=_("I have read the suggested conflicts and assign anyway"),
        required=False,
    )

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.reviewer_map = {str(r.pk): r for r in reviewers}
        self.fields["reviewers"].choices = [(str(r.pk), str(r)) for r in reviewers]

    def chosen(self):
        return [self.reviewer_map[pk] for pk in self.cleaned_data["reviewers"]]
