"""Select widgets that write their options in Python: the same markup as Django's templates, faster.

Django renders each `<option>` through two template includes; a person's change page has
~2,200 of them (time zones, countries, permissions), which took most of its server time.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe


def _attributes(attrs: dict[str, Any]) -> str:
    """What django/forms/widgets/attrs.html writes: `name="value"`, a bare name for True, nothing for False."""
    return "".join(
        ""
        if value is False
        else f" {conditional_escape(name)}"
        if value is True
        else format_html(' {}="{}"', name, value)
        for name, value in attrs.items()
    )


class OptionListMixin:
    """Renders the select from the widget's context without a template per option."""

    def render(self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]  # type: ignore[attr-defined]
        parts = [format_html('<select name="{}"', widget["name"]), _attributes(widget["attrs"]), ">"]
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in group_choices:
                parts.append(format_html('\n  <option value="{}"', option["value"]))
                parts.append(_attributes(option["attrs"]))
                parts.append(format_html(">{}</option>\n", option["label"]))
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value above went through format_html or escape


class OptionListSelect(OptionListMixin, forms.Select):
    pass


class OptionListFilteredSelectMultiple(OptionListMixin, FilteredSelectMultiple):
    pass
