"""Forms of the applicant's journey: the eligibility step, the application and its files."""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from leadership.models import Community
from leadership.uploads import ACCEPT_ATTRIBUTE
from programs.caps import award_maximum_message, fixed_amount_message
from programs.models import Round
from programs.money import money_display

from .eligibility import RULES, Rule
from .models import Application, Attachment
from .services.submissions import EDITABLE_FIELDS, EditConflict, same_value
from .widget_rendering import widget_renderer

if TYPE_CHECKING:
    from leadership.roles import AnyUser

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

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
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


def mark_widgets(form: forms.BaseForm) -> None:
    """Bootstrap's classes on each widget, as crispy would add them (is-invalid on an error),
    so the edit page's `form_field` tag gives crispy's markup without crispy's nested templates."""
    errors = form.errors if form.is_bound else {}
    for name, field in form.fields.items():
        if field.widget.is_hidden:
            continue
        kind = getattr(field.widget, "input_type", None) or "textarea"
        css = {"textarea": "textarea form-control", "file": "form-control"}.get(
            kind, f"{kind}input form-control"
        )
        field.widget.attrs["class"] = css + (" is-invalid" if name in errors else "")


def shown_value(value: Any) -> str:
    """A saved value as the page shows it and the browser sends it back."""
    return "" if value is None else str(value)


def saved_values(application: Application) -> dict[str, str]:
    return {name: shown_value(getattr(application, name)) for name in EDITABLE_FIELDS}


class ApplicationForm(forms.ModelForm):
    """Every field the applicant writes; nothing is required until submission.

    Two hidden fields say what the page was showing: `version`, the application's version, and
    `base`, the values of that version (JSON). An edit is the fields whose posted value differs
    from its base, so a field another admin changed meanwhile is neither reverted nor lost.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    base = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)
    default_renderer = widget_renderer

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
        amount.widget.attrs.update({"min": "1", "step": "0.01"})
        amount.validators.append(MinValueValidator(Decimal("1"), message=_("Ask for a positive amount.")))
        if program.amount_is_fixed:
            amount.disabled = True
            amount.help_text = fixed_amount_message(program)
        else:
            amount.max_value = program.max_amount
            amount.validators.append(
                MaxValueValidator(program.max_amount, message=award_maximum_message(program))
            )
            amount.widget.attrs["max"] = str(program.max_amount)
            amount.help_text = _("In %(currency)s, at most %(amount)s.") % {
                "currency": program.currency,
                "amount": money_display(program.max_amount, program.currency),
            }
        for field in self.fields.values():
            field.required = False
        if not self.is_bound:
            self.initial.update(version=self.instance.version, base=json.dumps(saved_values(self.instance)))
        self.conflicts: list[dict[str, str]] = []

    def _post_clean(self) -> None:
        """Validate input only: the services write the instance (and only the fields posted)."""

    def posted_changes(self) -> dict[str, Any]:
        """The valid values of the fields that were actually posted (autosave sends all, a
        replayed or hand-made POST may send none: absent fields are never blanked)."""
        cleaned = getattr(self, "cleaned_data", {})
        return {
            name: cleaned[name]
            for name, field in self.fields.items()
            if name in EDITABLE_FIELDS and name in cleaned and not field.disabled and name in self.data
        }

    def base_values(self) -> dict[str, Any] | None:
        """The values the page was showing, as posted in `base`; None when absent or unreadable."""
        try:
            posted = json.loads(self.data.get("base") or "null")
        except ValueError:
            return None
        if not isinstance(posted, dict):
            return None
        values = {}
        for name, value in posted.items():
            if name in EDITABLE_FIELDS and isinstance(value, str):
                try:
                    values[name] = self.fields[name].to_python(value)
                except ValidationError:
                    continue
        return values

    def edits(self) -> dict[str, Any]:
        """The keyword arguments of application_update/submit: what this admin changed, and from what."""
        base = self.base_values()
        reference = self.initial if base is None else {**self.initial, **base}
        data = {
            name: value
            for name, value in self.posted_changes().items()
            if not same_value(value, reference.get(name))
        }
        version = getattr(self, "cleaned_data", {}).get("version") if base is not None else None
        return {
            "data": data,
            "base": {name: reference.get(name) for name in data},
            "base_version": version,
        }

    def rebase(self, application: Application, conflict: EditConflict) -> None:
        """Show the conflict: every value typed here stays; the base becomes the saved version, and
        fields not touched here show what the other admin saved."""
        typed = self.edits()["data"]
        data = self.data.copy()
        for name in EDITABLE_FIELDS:
            if name not in typed and not self.fields[name].disabled:
                data[name] = shown_value(getattr(application, name))
        data["version"] = str(conflict.version)
        data["base"] = json.dumps(saved_values(application))
        self.data = data
        self.conflicts = [
            {
                "name": name,
                "id": self[name].id_for_label,
                "label": str(self.fields[name].label),
                "mine": shown_value(clash.mine),
                "theirs": shown_value(clash.theirs),
            }
            for name, clash in conflict.conflicts.items()
        ]

    def add_submission_errors(self, errors: Mapping[str, list[str]]) -> None:
        """What else stands between the draft and a submission, beside the input errors."""
        for name, messages in errors.items():
            if name not in self.errors:
                self.add_error(None if name == "__all__" else name, messages)


class AttachmentForm(forms.ModelForm):
    """A file to add to a draft; the service checks its content."""

    upload = forms.FileField(
        label=_("File"),
        help_text=_("PDF, PNG, JPEG, XLSX or DOCX, up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )

    field_order = ["upload", "description"]
    default_renderer = widget_renderer

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


class DeadlineExtensionForm(forms.Form):
    """A new deadline for one application, typed in the staff member's own time zone, and why."""

    closes_at = forms.DateTimeField(
        label=_("New deadline"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("In your time zone. After the round's close and before its reviews close."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Kept in the application's history and sent to the applicant, e.g. a site outage."),
    )
