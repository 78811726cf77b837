"""How a service's refusal reaches the person in the admin: on the form, or as one line."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def refusal_text(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def refusal_on_form(form: forms.Form, error: ValidationError) -> None:
    """Show each message of the refusal above the form, which keeps what the person typed."""
    for message in error.messages:
        form.add_error(None, str(message))
