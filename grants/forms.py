"""Forms for awards, payments, reports, budget proposals and export filters."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from programs.models import MONEY, Program, Round

from .models import AwardStatus, BudgetCategory, ProgressReport

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


def money_field(label, **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal("0.01"),
        max_digits=MONEY["max_digits"],
        decimal_places=MONEY["decimal_places"],
        **kwargs,
    )


class AwardMakeForm(forms.Form):
    amount = money_field(_("Amount"), required=False, help_text=_("Left empty for fixed-amount programs."))
    above_request_confirmed = forms.BooleanField(
        label=_("I confirm awarding more than the community requested"),
        required=False,
    )
    note = forms.CharField(
        label=_("Note for the record"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if program.amount_is_fixed:
            del self.fields["amount"]
            del self.fields["above_request_confirmed"]
        else:
            self.fields["amount"].required = True
            self.fields["amount"].widget.attrs["max"] = str(program.max_amount)


class AwardAcceptForm(forms.Form):
    agree = forms.BooleanField(
        label=_("On behalf of our community, I have read and accept the grant agreement above."),
        required=False,
    )
    list_publicly = forms.BooleanField(
        label=_("List our community publicly among the awarded communities"),
        required=False,
        help_text=_("Shows the community's name, country and program on the program's public site."),
    )


class AwardDeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you declining? (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class AwardAmendForm(forms.Form):
    amount = money_field(_("New amount"))
    reason = forms.CharField(label=_("Reason for the change"), widget=forms.Textarea(attrs={"rows": 2}))


class TranchePaidForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE_INPUT)
    reference = forms.CharField(label=_("Payment reference"), max_length=100)


class TrancheRowForm(forms.Form):
    pk = forms.IntegerField(widget=forms.HiddenInput, required=False)
    amount = money_field(_("Amount"))
    due_date = forms.DateField(label=_("Due on"), widget=DATE_INPUT)


TrancheFormSet = forms.formset_factory(TrancheRowForm, extra=1, can_delete=True)


class ProgressReportForm(forms.ModelForm):
    class Meta:
        model = ProgressReport
        fields = list(ProgressReport.FIELDS)
        widgets = {"narrative": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["narrative"].required = True
        for name in ("members_reached", "events_held", "people_trained", "money_spent"):
            self.fields[name].required = True
            self.fields[name].widget.attrs["min"] = "0"


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the grantee"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class BudgetProposalForm(forms.Form):
    narrative = forms.CharField(
        label=_("Narrative"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("How the budget serves the initiative, and what you learnt in training that shaped it."),
    )


class BudgetLineForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Category"),
        choices=BudgetCategory.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    description = forms.CharField(
        label=_("Description"), max_length=200, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    amount = money_field(
        _("Amount"),
        validators=[MinValueValidator(Decimal("0.01"))],
        widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.01", "min": "0.01"}),
    )


BudgetLineFormSet = forms.formset_factory(BudgetLineForm, extra=3, min_num=1, validate_min=True, max_num=40)


class AwardReportFilterForm(forms.Form):
    program = forms.ModelChoiceField(label=_("Program"), queryset=Program.objects.all(), required=False)
    round = forms.ModelChoiceField(
        label=_("Round"), queryset=Round.objects.select_related("program"), required=False
    )
    status = forms.MultipleChoiceField(
        label=_("Status"), choices=AwardStatus.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    decided_from = forms.DateField(label=_("Decided from"), required=False, widget=DATE_INPUT)
    decided_to = forms.DateField(label=_("Decided until"), required=False, widget=DATE_INPUT)
    blind = forms.BooleanField(
        label=_("Blind: for outside evaluators"),
        required=False,
        help_text=_(
            "Without names, emails, communities or the initiative's title; rows get pseudonymous IDs."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("decided_from"), data.get("decided_to")
        if start and end and end < start:
            self.add_error("decided_to", _("The end date must be on or after the start date."))
        return data

    def filters(self) -> dict[str, Any]:
        """The filter as plain data: logged with the export and passed to a background task."""
        data = self.cleaned_data
        filters: dict[str, Any] = {}
        if data.get("program"):
            filters["program"] = data["program"].pk
        if data.get("round"):
            filters["round"] = data["round"].pk
        if data.get("status"):
            filters["status"] = list(data["status"])
        for key in ("decided_from", "decided_to"):
            if data.get(key):
                filters[key] = data[key].isoformat()
        if data.get("blind"):
            filters["blind"] = True
        return filters


class ApplicationsExportForm(forms.Form):
    round = forms.ModelChoiceField(label=_("Round"), queryset=Round.objects.select_related("program"))
    blind = forms.BooleanField(
        label=_("Blind: for outside evaluators"),
        required=False,
        help_text=_("Without the community or the initiative's title; rows get pseudonymous IDs."),
    )

    def filters(self) -> dict[str, Any]:
        filters: dict[str, Any] = {"round": self.cleaned_data["round"].pk}
        if self.cleaned_data.get("blind"):
            filters["blind"] = True
        return filters
