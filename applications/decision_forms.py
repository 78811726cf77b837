"""Forms of the staff decision pages: screening, deciding one or many, releasing the round."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DeclineReason, MessageTemplate, Status

DECISION_CHOICES = [
    (Status.SHORTLISTED.value, Status.SHORTLISTED.label),
    (Status.DECLINED.value, Status.DECLINED.label),
    (Status.WAITLISTED.value, Status.WAITLISTED.label),
]


class BootstrapForm(forms.Form):
    """Gives each widget Bootstrap's class, so the pages render fields with `{{ field }}`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            elif not widget.is_hidden:
                widget.attrs.setdefault("class", "form-control")


class ScreenForm(BootstrapForm):
    eligible = forms.TypedChoiceField(
        label=_("Screening"),
        choices=[("1", _("Eligible: send to review")), ("0", _("Ineligible"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason the applicant will read"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when ineligible; sent when the round's decisions are released."),
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("eligible") is False and not (cleaned.get("reason") or "").strip():
            self.add_error(
                "reason", _("Give the reason the application is ineligible; the applicant will read it.")
            )
        return cleaned


class DecideForm(BootstrapForm):
    """One decision with its message and reason: for one application or a batch from the ranking."""

    outcome = forms.ChoiceField(label=_("Decision"), choices=DECISION_CHOICES)
    message = forms.ModelChoiceField(
        label=_("Message to the applicant"),
        queryset=MessageTemplate.objects.none(),
        required=False,
        empty_label=_("The standard message"),
        help_text=_("Sent when the round's decisions are released, in the applicant's language."),
    )
    decline_reason = forms.ModelChoiceField(
        label=_("Reason for declining"),
        queryset=DeclineReason.objects.none(),
        required=False,
        help_text=_("Required to decline; the applicant reads it, and the round's summary counts it."),
    )
    note_to_applicant = forms.CharField(
        label=_("Note to the applicant"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional: added under the reason."),
    )
    internal_note = forms.CharField(
        label=_("Internal note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the application's history; never shown to the applicant."),
    )
    few_reviews_confirmed = forms.BooleanField(
        label=_("Decide even with fewer submitted reviews than the round asks for"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].queryset = MessageTemplate.objects.filter(is_active=True)
        self.fields["decline_reason"].queryset = DeclineReason.objects.filter(is_active=True)

    def clean(self) -> dict:
        cleaned = super().clean()
        outcome, message = cleaned.get("outcome"), cleaned.get("message")
        if outcome == Status.DECLINED and not cleaned.get("decline_reason"):
            self.add_error("decline_reason", _("Choose the reason for declining."))
        if message is not None and outcome and not message.suits(outcome):
            self.add_error("message", _("This message is written for another decision."))
        return cleaned


class BatchDecideForm(DecideForm):
    """The ranking page's batch: the ticked applications, or every one the filters match."""

    applications = forms.TypedMultipleChoiceField(
        label=_("Applications"), coerce=int, required=False, widget=forms.MultipleHiddenInput
    )
    all_filtered = forms.BooleanField(label=_("Every application the filters match"), required=False)
    internal_note = None  # type: ignore[assignment]

    def __init__(self, *args, application_ids: list[int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        data = args[0] if args else kwargs.get("data")
        chosen = data.getlist("applications") if data is not None and hasattr(data, "getlist") else []
        self.fields["applications"].choices = [(value, value) for value in chosen]

    def clean(self) -> dict:
        cleaned = super().clean()
        if not cleaned.get("applications") and not cleaned.get("all_filtered"):
            raise forms.ValidationError(_("Tick the applications to decide, or choose every filtered one."))
        return cleaned


class ReleaseForm(BootstrapForm):
    early_reason = forms.CharField(
        label=_("Reason for releasing before the review deadline"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Required while the round is open or its reviews are not yet due; kept on the release record."
        ),
    )
