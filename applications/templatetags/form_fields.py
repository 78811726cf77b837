"""One field of the edit page's forms, as crispy's bootstrap5 pack marks it up (same ids, classes
and aria attributes), written in Python: the page renders thirteen of them per request, and an
include per field cost ~2 ms of a ~20 ms page. The widget's classes come from
applications.forms.mark_widgets(), the widget itself from applications.widget_rendering.

    <div id="div_id_plan" class="mb-3">
      <label for="id_plan" class="form-label">Plan</label>
      <textarea name="plan" … aria-describedby="id_plan_helptext id_plan_error" id="id_plan">…</textarea>
      <div id="id_plan_error" class="invalid-feedback"><span id="error_1_id_plan"><strong>…</strong></span></div>
      <div id="id_plan_helptext" class="form-text">…</div>
    </div>

A required field's label also gets class requiredField and a trailing <span class="asteriskField">*</span>.
"""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def form_field(field: BoundField) -> SafeString:
    auto_id, required, errors, help_text = field.auto_id, field.field.required, field.errors, field.help_text
    error_block = (
        format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            auto_id,
            format_html_join(
                "",
                '<span id="error_{}_{}"><strong>{}</strong></span>',
                ((number, auto_id, error) for number, error in enumerate(errors, start=1)),
            ),
        )
        if errors
        else ""
    )
    # Help texts are the forms' own strings and may hold markup, as in Django's and crispy's templates.
    help_html = mark_safe(help_text)  # noqa: S308
    help_block = (
        format_html('<div id="{}_helptext" class="form-text">{}</div>', auto_id, help_html)
        if help_text
        else ""
    )
    return format_html(
        '\n<div id="div_{}" class="mb-3">\n  <label for="{}" class="form-label{}">{}{}</label>\n'
        "  {}\n  {}\n  {}\n</div>\n",
        auto_id,
        field.id_for_label,
        " requiredField" if required else "",
        field.label,
        mark_safe('<span class="asteriskField">*</span>') if required else "",
        field,
        error_block,
        help_block,
    )
