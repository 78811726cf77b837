"""Forms of the applicant's journey: the eligibility step, the application and its files."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from grants.models import Round
from leadership.models import Community

from .eligibility import RULES, Rule
from .models import Application, Attachment
from .services.submissions import EDITABLE_FIELDS
from .uploads import ACCEPT_ATTRIBUTE

YES, NO = "yes", "no"
YES_NO = [(YES, _("Yes")), (NO, _("No"))]


class ApplicationStartForm(forms.Form):
    """Which community applies to which open round, from scratch or from an earlier application,
    and the answers to the eligibility rules."""

    community = forms.ModelChoiceField(
        label=_("Community applying"),
        queryset=Community.objects.none(),
        empty_label=None,
    )
    round = forms.ModelChoiceField(
        label=_("Round"),
        queryset=Round.objects.none(),
        empty_label=None,
        help_text=_("Only rounds open for applications are listed."),
    )
    copy_from = forms.ModelChoiceField(
        label=_("Start from a previous application"),
        queryset=Application.objects.none(),
        required=False,
        empty_label=_("No, start with an empty form"),
        help_text=_(
            "Copies the texts of an earlier application of the same community so you can update them."
        ),
    )

    def __init__(self, *args: Any, user, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = Community.objects.administered_by(user)
        self.fields["round"].queryset = Round.objects.open().select_related("program").order_by("closes_at")
        self.fields["copy_from"].queryset = (
            Application.objects.for_applicant(user).with_listing().order_by("-created_at")
        )
        self.fields["copy_from"].label_from_instance = _previous_label
        for rule in RULES:
            self.fields[rule.key] = forms.ChoiceField(
                label=rule.question,
                choices=YES_NO,
                widget=forms.RadioSelect,
                error_messages={"required": _("Please answer yes or no.")},
            )

    @property
    def rule_fields(self) -> list[forms.BoundField]:
        return [self[rule.key] for rule in RULES]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        community, previous = cleaned.get("community"), cleaned.get("copy_from")
        if community and previous and previous.community_id != community.pk:
            self.add_error(
                "copy_from",
                _("That application belongs to another community; choose one of %(community)s.")
                % {"community": community.name},
            )
        return cleaned

    def eligibility_answers(self) -> dict[str, bool]:
        return {rule.key: self.cleaned_data.get(rule.key) == YES for rule in RULES}

    def failed_rules(self) -> list[Rule]:
        return [rule for rule in RULES if self.cleaned_data.get(rule.key) == NO]


def _previous_label(application: Application) -> str:
    return f"{application} — {application.community.name}, {application.round}"


class ApplicationForm(forms.ModelForm):
    """Every field the applicant writes; nothing is required until submission."""

    class Meta:
        model = Application
        fields = list(EDITABLE_FIELDS)
        widgets = {
            "community_story": forms.Textarea(attrs={"rows": 5}),
            "trust_and_safety": forms.Textarea(attrs={"rows": 4}),
            "leaders": forms.Textarea(attrs={"rows": 3}),
            "leadership_experience": forms.Textarea(attrs={"rows": 4}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "plan": forms.Textarea(attrs={"rows": 6}),
            "impact": forms.Textarea(attrs={"rows": 4}),
            "measurement": forms.Textarea(attrs={"rows": 4}),
            "budget_summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        program = self.instance.round.program
        amount = self.fields["amount_requested"]
        maximum = number_format(program.max_amount, decimal_pos=2, force_grouping=True)
        amount.widget.attrs.update({"min": "1", "step": "0.01"})
        amount.validators.append(MinValueValidator(Decimal("1"), message=_("Ask for a positive amount.")))
        if program.amount_is_fixed:
            amount.disabled = True
            amount.help_text = _("The %(program)s awards a fixed amount of %(amount)s %(currency)s.") % {
                "program": program.name,
                "amount": maximum,
                "currency": program.currency,
            }
        else:
            amount.max_value = program.max_amount
            amount.validators.append(
                MaxValueValidator(
                    program.max_amount,
                    message=_("The most this program awards is %(amount)s %(currency)s.")
                    % {"amount": maximum, "currency": program.currency},
                )
            )
            amount.widget.attrs["max"] = str(program.max_amount)
            amount.help_text = _("In %(currency)s, at most %(amount)s.") % {
                "currency": program.currency,
                "amount": maximum,
            }
        for field in self.fields.values():
            field.required = False

    def _post_clean(self) -> None:
        """Validate input only: the services write the instance (and only the fields posted)."""

    def posted_changes(self) -> dict[str, Any]:
        """The valid values of the fields that were actually posted (autosave sends all, a
        replayed or hand-made POST may send none: absent fields are never blanked)."""
        cleaned = getattr(self, "cleaned_data", {})
        return {
            name: cleaned[name]
            for name, field in self.fields.items()
            if name in cleaned and not field.disabled and name in self.data
        }


class AttachmentForm(forms.ModelForm):
    """A file to add to a draft; the service checks its content."""

    upload = forms.FileField(
        label=_("File"),
        help_text=_("PDF, PNG, JPEG, XLSX or DOCX, up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )

    field_order = ["upload", "description"]

    class Meta:
        model = Attachment
        fields = ["description"]
        help_texts = {"description": _("Optional: what this file shows (a budget, letters of support...).")}


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Helps the program team; the other admins of your community see it too."),
    )
