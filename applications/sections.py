"""The sections of an application, in order, as applicants fill them and reviewers read them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from programs.money import money_display

from .models import Application


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


def _shown(application: Application, name: str) -> str:
    value = getattr(application, name)
    if name == "amount_requested" and value is not None:
        return money_display(value, application.round.program.currency)
    return "" if value is None else str(value)


def read_sections(application: Application, *, hide: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """Every section's answers as (label, shown value), leaving out the fields in `hide`."""
    rows = []
    for section in SECTIONS:
        fields = [
            (Application._meta.get_field(name).verbose_name, _shown(application, name))
            for name in Application.SECTION_FIELDS[section.key]
            if name not in hide
        ]
        if fields:
            rows.append({"section": section, "fields": fields})
    return rows
