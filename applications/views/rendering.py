"""What the application pages show: its sections, in order, for editing and for reading."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..forms import ApplicationForm, AttachmentForm, mark_widgets, saved_values, shown_value
from ..models import Application
from ..sections import ATTACHMENTS, SECTIONS
from ..services import EditConflict


def edit_sections(form: ApplicationForm) -> list[dict[str, Any]]:
    return [
        {"section": section, "fields": [form[name] for name in Application.SECTION_FIELDS[section.key]]}
        for section in SECTIONS
    ]


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
    status: int = 200,
) -> HttpResponse:
    attachment_form = attachment_form or AttachmentForm()
    mark_widgets(form)
    mark_widgets(attachment_form)
    context = {
        "application": application,
        "community": application.community,
        "program": application.round.program,
        "form": form,
        "sections": edit_sections(form),
        "error_summary": error_summary(form),
        "attachments": list(application.attachments.all()),
        "attachment_form": attachment_form,
        "attachments_section": ATTACHMENTS,
    }
    return render(request, "applications/application_form.html", context, status=status)


def conflict_json(form: ApplicationForm, application: Application, conflict: EditConflict) -> dict[str, Any]:
    """What autosave.js needs to show a conflict and rebase the page on the saved version."""
    return {
        "saved": False,
        "conflict": True,
        "error": " ".join(conflict.messages),
        "version": conflict.version,
        "values": saved_values(application),
        "conflicts": [
            {
                "field": name,
                "label": str(form.fields[name].label),
                "mine": shown_value(clash.mine),
                "theirs": shown_value(clash.theirs),
            }
            for name, clash in conflict.conflicts.items()
        ],
    }
