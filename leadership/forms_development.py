"""Forms for training sessions and local gatherings; the rules that need the database live in services."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Gathering, GatheringReport, SessionMaterial
from .uploads import ACCEPT_ATTRIBUTE, validate_upload


class DateTimeLocalInput(forms.DateTimeInput):
    """A native date-and-time picker; the value is read in the user's own time zone."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class GatheringProposalForm(forms.ModelForm):
    class Meta:
        model = Gathering
        fields = Gathering.HOST_FIELDS
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "starts_at": _("In your time zone, as set in your profile."),
            "description": _("What will you talk about, who should come, what to bring."),
        }

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and starts <= timezone.now():
            self.add_error("starts_at", _("Choose a date and time in the future."))
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The gathering must end after it starts."))
        return cleaned


class DecisionNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the host"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class DeclineForm(forms.Form):
    note = forms.CharField(
        label=_("Reason, sent to the host"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class GatheringMessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 8}), max_length=5000)
    include_waitlist = forms.BooleanField(label=_("Also email the people on the waitlist"), required=False)


class GatheringReportForm(forms.ModelForm):
    class Meta:
        model = GatheringReport
        fields = ["attendance", "learnings", "follow_up"]
        widgets = {
            "learnings": forms.Textarea(attrs={"rows": 5}),
            "follow_up": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "learnings": _("What did the admins share and learn from each other?"),
            "follow_up": _("What will happen next, and who takes care of it?"),
        }


class AttendanceForm(forms.Form):
    """One box per enrolled person; ticked means they came."""

    present = forms.MultipleChoiceField(
        label=_("Present"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, enrolments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [
            (str(e.user_id), f"{e.user.full_name or e.user.email} <{e.user.email}>") for e in enrolments
        ]
        if not self.is_bound:
            self.initial["present"] = [str(e.user_id) for e in enrolments if e.attended]


class MaterialForm(forms.ModelForm):
    """A session material, checked by content like application attachments."""

    class Meta:
        model = SessionMaterial
        fields = ["file", "description"]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE})}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            kind = validate_upload(upload)
            self.instance.original_name = upload.name[:255]
            self.instance.content_type = kind.content_type
            self.instance.size = upload.size
        return upload
