"""A form renderer that writes Django's plain <input> and <textarea> widgets in Python.

The edit page renders fourteen widgets per request, and Django's renderer spends three nested
templates on each (text.html → input.html → attrs.html): ~15% of the page's time. The markup
here is those templates' own, byte for byte (tests/applications/test_widget_rendering.py); any
other template, or a widget whose context the templates would treat specially (a callable, a
value that is not text), goes through Django's renderer unchanged.
"""

from __future__ import annotations

import html
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.safestring import SafeData

WIDGETS = "django/forms/widgets/"
INPUT_TEMPLATES = frozenset(
    WIDGETS + name
    for name in ("text.html", "number.html", "url.html", "email.html", "hidden.html", "file.html")
)
TEXTAREA_TEMPLATE = WIDGETS + "textarea.html"
# Without a file already stored, its template is the bare file input.
CLEARABLE_FILE_TEMPLATE = WIDGETS + "clearable_file_input.html"


# django.utils.html.escape is html.escape behind a lazy-string check; called ~70 times a page.
def _formatted(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`: the text, escaped unless it was already safe."""
    text = str(value)
    return text if isinstance(value, SafeData) else html.escape(text)


def _escaped(text: str) -> str:
    """`{{ text }}` for a string: django.utils.html.conditional_escape."""
    return text.__html__() if hasattr(text, "__html__") else html.escape(text)


def _attrs(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html: in the dict's order, True as a bare name, False left out."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_escaped(name)}" if value is True else f' {_escaped(name)}="{_formatted(value)}"')
    return "".join(parts)


def _renderable(widget: dict[str, Any]) -> bool:
    """What the templates print without calling anything or localizing anything."""
    return (
        isinstance(widget.get("name"), str)
        and isinstance(widget.get("type", ""), str)
        and (widget.get("value") is None or isinstance(widget["value"], str))
        and all(isinstance(name, str) and not callable(value) for name, value in widget["attrs"].items())
    )


def render_input(widget: dict[str, Any]) -> str:
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return (
        f'<input type="{_escaped(widget["type"])}" name="{_escaped(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>"
    )


def render_textarea(widget: dict[str, Any]) -> str:
    text = _escaped(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_escaped(widget["name"])}"{_attrs(widget["attrs"])}>\n{text}</textarea>'


class WidgetRenderer(DjangoTemplates):
    """Django's default form renderer, with the plain widgets written directly."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
        if isinstance(widget, dict) and isinstance(widget.get("attrs"), dict) and _renderable(widget):
            if template_name in INPUT_TEMPLATES and "type" in widget:
                return render_input(widget)
            if template_name == CLEARABLE_FILE_TEMPLATE and widget.get("is_initial") is False:
                return render_input({**widget, "value": None})
            if template_name == TEXTAREA_TEMPLATE:
                return render_textarea(widget)
        return super().render(template_name, context, request)


# One renderer for every form that asks for it: each instance builds its own template engine.
widget_renderer = WidgetRenderer()
