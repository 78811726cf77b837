"""The idle limits, for the page that warns before signing a person out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template
from django.conf import settings

from ..middleware import idle_limit_seconds

if TYPE_CHECKING:
    from leadership.roles import AnyUser

register = template.Library()


@register.simple_tag
def session_idle_seconds(user: AnyUser) -> int:
    return idle_limit_seconds(user)


@register.simple_tag
def session_warning_minutes() -> int:
    return max(1, settings.SESSION_IDLE_WARNING_SECONDS // 60)


@register.simple_tag
def session_warning_seconds() -> int:
    return settings.SESSION_IDLE_WARNING_SECONDS
