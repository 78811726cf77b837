"""Text that staff write in English and French: the reader's language, English when French is empty.

A model keeps two fields per text (``name`` and ``name_fr``) and declares
``localized_name = InReadersLanguage("name")``; templates and emails read ``localized_name``.
Emails are rendered under the recipient's language, so they follow the same rule.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation

SECOND_LANGUAGE = "fr"


def reader_language_is_french() -> bool:
    return (translation.get_language() or "").split("-")[0] == SECOND_LANGUAGE


class InReadersLanguage:
    """A read-only attribute: ``<field>_fr`` for French readers when it is filled, else ``<field>``."""

    def __init__(self, field: str) -> None:
        self.field = field

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        if reader_language_is_french():
            french = getattr(instance, f"{self.field}_{SECOND_LANGUAGE}", "")
            if french:
                return french
        return getattr(instance, self.field)
