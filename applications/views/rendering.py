"""What the application pages show: its sections, in order, for editing and for reading."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ..forms import ApplicationForm, AttachmentForm
from ..models import Application


@dataclass(frozen=True)
class Section:
    key: str
    title: Promise
    intro: Promise


SECTIONS: tuple[Section, ...] = (
    Section("community", _("The community"), _("Who your members are and why they trust the group.")),
    Section("leaders", _("The leaders"), _("The people who will carry the initiative.")),
    Section("initiative", _("The initiative"), _("What you want to do with the grant.")),
    Section("impact", _("Impact and measurement"), _("The change you expect and how you will show it.")),
    Section("budget", _("Budget"), _("How much you ask for and how you will spend it.")),
)
ATTACHMENTS = Section(
    "attachments",
    _("Attachments"),
    _("Supporting documents: a detailed budget, letters of support, photos."),
)


def edit_sections(form: ApplicationForm) -> list[dict[str, Any]]:
    return [
        {"section": section, "fields": [form[name] for name in Application.SECTION_FIELDS[section.key]]}
        for section in SECTIONS
    ]


def _shown(application: Application, name: str) -> str:
    value = getattr(application, name)
    if name == "amount_requested" and value is not None:
        amount = number_format(value, decimal_pos=2, force_grouping=True)
        return f"{amount} {application.round.program.currency}"
    return "" if value is None else str(value)


def read_sections(application: Application) -> list[dict[str, Any]]:
    rows = []
    for section in SECTIONS:
        fields = [
            (Application._meta.get_field(name).verbose_name, _shown(application, name))
            for name in Application.SECTION_FIELDS[section.key]
        ]
        rows.append({"section": section, "fields": fields})
    return rows


def error_summary(form: ApplicationForm) -> list[dict[str, Any]]:
    """One line per field in error, in the order of the form, linking to the field."""
    return [
        {"id": form[name].id_for_label, "label": form[name].label, "errors": errors}
        for name, errors in form.errors.items()
        if name in form.fields
    ]


def render_edit(
    request: HttpRequest,
    application: Application,
    form: ApplicationForm,
    attachment_form: AttachmentForm | None = None,
) -> HttpResponse:
    context = {
        "application": application,
        "community": application.community,
        "program": application.round.program,
        "form": form,
        "sections": edit_sections(form),
        "error_summary": error_summary(form),
        "attachments": list(application.attachments.all()),
        "attachment_form": attachment_form or AttachmentForm(),
        "attachments_section": ATTACHMENTS,
    }
    return render(request, "applications/application_form.html", context)
