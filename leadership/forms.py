"""Forms for accounts, community profiles, training sessions and gatherings: they shape input,
the services apply the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Community, FocusArea, Gathering, GatheringReport, SessionMaterial
from .services.accounts import password_reset_request
from .uploads import ACCEPT_ATTRIBUTE, upload_record
from .zones import known_time_zone, time_zone_choices

User = get_user_model()

PROFILE_FIELDS = ("full_name", "country", "time_zone", "language", "wants_reminders")
COMMUNITY_FORM_FIELDS = (
    "name",
    "url",
    "platform",
    "member_count",
    "country",
    "primary_language",
    "focus_areas",
    "description",
    "year_founded",
)


class EmailField(forms.EmailField):
    """An email address compared without regard to case, as logins are."""

    def to_python(self, value: Any) -> str:
        return super().to_python(value).strip().lower()


class LoginForm(AuthenticationForm):
    """Django's log-in form with the email as the name, case-insensitive."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "This email and password do not match an account. Check both and try again "
            "(the password is case-sensitive)."
        ),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email")
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autofocus": True, "autocomplete": "email", "maxlength": 254}
        )

    def clean_username(self) -> str:
        return (self.cleaned_data.get("username") or "").strip().lower()


class SignupForm(forms.Form):
    email = EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        help_text=_("You log in with this address; we send every notice to it."),
    )
    full_name = forms.CharField(
        label=_("Full name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Type the same password, to be sure of it."),
    )
    country = User._meta.get_field("country").formfield(required=False)
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=time_zone_choices,
        initial="UTC",
        help_text=_("Every date and deadline is shown in this time zone."),
    )
    language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=settings.LANGUAGES,
        help_text=_("Pages and emails use this language."),
    )

    accept_notice = forms.BooleanField(
        label=_("I have read the privacy notice above and I accept it."),
        required=True,
        error_messages={
            "required": _("Tick this box to accept the privacy notice: we cannot hold your data without it.")
        },
    )

    def __init__(self, *args: Any, notice_version: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            # static/js/timezone.js selects the browser's zone; a form sent back keeps the choice.
            self.fields["time_zone"].widget.attrs["data-browser-zone"] = "true"
        # Nothing to accept before staff publish a notice (a fresh install).
        if not notice_version:
            del self.fields["accept_notice"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ. Type the same password twice."))
        elif password1:
            candidate = User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def profile(self) -> dict[str, Any]:
        """The fields the sign-up service stores on the new user besides email, password and name."""
        return {field: self.cleaned_data[field] for field in ("country", "time_zone", "language")}


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = PROFILE_FIELDS


class LocalisedPasswordResetForm(PasswordResetForm):
    """Asks for the reset email; a Celery task looks the address up and writes it to the outbox.

    The request never looks the address up, so a known address answers in the same time as an
    unknown one; the outbox admin masks the link (see notifications.events).
    """

    email = EmailField(
        label=_("Email"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def save(self, **kwargs) -> None:
        password_reset_request(email=self.cleaned_data["email"])


class CommunityForm(forms.ModelForm):
    url = forms.URLField(
        label=_("Link to the group"),
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text=_("The address of the group itself, as members open it."),
    )
    focus_areas = forms.ModelMultipleChoiceField(
        label=_("Focus areas"),
        queryset=FocusArea.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick every area your community works on."),
        error_messages={"required": _("Tick at least one focus area.")},
    )

    class Meta:
        model = Community
        fields = COMMUNITY_FORM_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "description": _("Who the members are, what they do together and why it matters."),
        }


class InvitationForm(forms.Form):
    email = EmailField(
        label=_("Co-admin's email"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=_("We send them a link; they sign up or log in through it to become an admin."),
    )


class SecondFactorCodeForm(forms.Form):
    """A code from the authenticator app (6 digits) or, at log-in, a backup code."""

    code = forms.CharField(
        label=_("Verification code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autofocus": True,
                "autocapitalize": "off",
                "spellcheck": "false",
            }
        ),
    )


class DateTimeLocalInput(forms.DateTimeInput):
    """A native date-and-time picker; the value is read in the user's own time zone."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class GatheringProposalForm(forms.ModelForm):
    def __init__(self, *args: Any, host_time_zone: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].required = True
        if not self.instance.time_zone and known_time_zone(host_time_zone):
            self.initial.setdefault("time_zone", host_time_zone)

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
            "time_zone": _("Where the gathering takes place: attendees see its times in this zone."),
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
            for field, value in upload_record(upload).items():
                setattr(self.instance, field, value)
        return upload


class ConsentForm(forms.Form):
    accept = forms.BooleanField(
        label=_("I have read this privacy notice and I accept it."),
        required=True,
        error_messages={"required": _("Tick this box to accept the notice, or sign out.")},
    )


class ErasureForm(forms.Form):
    understood = forms.BooleanField(
        label=_(
            "I understand that my account, my communities' applications and my files will be erased for good."
        ),
        required=True,
        error_messages={"required": _("Tick this box to confirm that you understand.")},
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To be sure it is you who asks."),
    )
