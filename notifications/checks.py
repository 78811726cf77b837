"""System check: every registered event can be rendered."""

from __future__ import annotations

from django.core.checks import Warning, register
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template

from .events import EVENTS

TEMPLATES = ("subject.txt", "body.txt", "body.html")


def missing_templates() -> list[str]:
    """Templates that a registered event needs and that do not load."""
    missing = []
    for name in EVENTS:
        for template in TEMPLATES:
            path = f"emails/{name}/{template}"
            try:
                get_template(path)
            except (TemplateDoesNotExist, TemplateSyntaxError):
                missing.append(path)
    return missing


@register("templates")
def check_event_templates(app_configs=None, **kwargs) -> list[Warning]:
    # A warning, not an error: it should not stop `migrate` while an event is being written;
    # tests/notifications/test_events.py fails on it.
    return [
        Warning(
            f"The notification template {path} is missing or does not compile.",
            hint="Every event in notifications.events.EVENTS needs subject.txt, body.txt and body.html.",
            id="notifications.W001",
        )
        for path in missing_templates()
    ]
