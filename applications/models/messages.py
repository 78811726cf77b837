"""What staff tell applicants with a decision: message templates (EN and FR) and decline reasons."""

from __future__ import annotations

import string
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .application import Status

# The names a template may use, and what each stands for (shown in the admin's help text).
PLACEHOLDERS = {
    "applicant_name": _("the name of the person reading"),
    "community": _("the community's name"),
    "round": _("the round"),
    "amount": _("the amount requested"),
    "title": _("the application's title"),
}
DECIDED_OUTCOMES = (Status.SHORTLISTED, Status.DECLINED, Status.WAITLISTED)


def placeholder_errors(text: str) -> list[str]:
    """What is wrong with the placeholders of a text: unknown names, unbalanced or formatted braces."""
    try:
        fields = [(name, spec, conversion) for _lit, name, spec, conversion in string.Formatter().parse(text)]
    except ValueError:
        return [str(_("A brace is not closed: write {name} for a placeholder and {{ for a brace."))]
    errors = []
    for name, spec, conversion in fields:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            errors.append(
                str(_("Unknown placeholder {%(name)s}. Use one of: %(known)s."))
                % {"name": name, "known": ", ".join(f"{{{known}}}" for known in PLACEHOLDERS)}
            )
    return errors


def fill_placeholders(text: str, values: Mapping[str, str]) -> str:
    """The text with each placeholder replaced; an unknown one (never saved) stays as written."""
    out = []
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return text
    for literal, name, _spec, _conversion in parsed:
        out.append(literal)
        if name is not None:
            out.append(str(values.get(name, f"{{{name}}}")))
    return "".join(out)


def _in_language(english: str, french: str) -> str:
    language = translation.get_language() or "en"
    return french if language.startswith("fr") and french.strip() else english


class MessageTemplate(models.Model):
    """A pre-written decision message, in English and French, chosen when deciding."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    outcome = models.CharField(
        _("for decisions"),
        max_length=20,
        choices=[(s.value, s.label) for s in DECIDED_OUTCOMES],
        blank=True,
        help_text=_("Leave empty to offer it for every decision."),
    )
    subject = models.CharField(_("subject (English)"), max_length=200)
    body = models.TextField(_("message (English)"))
    subject_fr = models.CharField(_("subject (French)"), max_length=200, blank=True)
    body_fr = models.TextField(
        _("message (French)"), blank=True, help_text=_("Left empty, French readers get the English text.")
    )
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("decision message template")
        verbose_name_plural = _("decision message templates")
        ordering = ["outcome", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        for field in ("subject", "body", "subject_fr", "body_fr"):
            if problems := placeholder_errors(getattr(self, field)):
                errors[field] = problems
        if errors:
            raise ValidationError(errors)

    def suits(self, outcome: str) -> bool:
        return not self.outcome or self.outcome == outcome

    def subject_for(self, values: Mapping[str, str]) -> str:
        """The subject in the active language, placeholders filled."""
        return fill_placeholders(_in_language(self.subject, self.subject_fr), values)

    def body_for(self, values: Mapping[str, str]) -> str:
        return fill_placeholders(_in_language(self.body, self.body_fr), values)


class DeclineReason(models.Model):
    """One entry of the staff-managed list of reasons an application is declined."""

    label = models.CharField(_("reason (English)"), max_length=200, unique=True)
    label_fr = models.CharField(_("reason (French)"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("decline reason")
        verbose_name_plural = _("decline reasons")
        ordering = ["position", "label"]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The reason in the active language (English where French was left empty)."""
        return _in_language(self.label, self.label_fr)
