"""`{% load event_times %}` then `{% event_when gathering %}`: an event's times in its venue's
zone, with the viewer's own beside them when it differs (leadership.zones.event_when)."""

from __future__ import annotations

from typing import Any, Protocol

from django import template
from django.utils import formats

from leadership.zones import EventTimes, event_when

register = template.Library()


class Event(Protocol):
    starts_at: Any
    ends_at: Any

    @property
    def venue_time_zone(self) -> str: ...


def _written(times: EventTimes, *, with_year: bool = True) -> dict[str, str]:
    # Formatted here, not with |date: that filter would move the instant to the viewer's zone.
    day_format = "l j F Y" if with_year else "l j F"
    return {
        "iso": times.start.isoformat(),
        "end_iso": times.end.isoformat(),
        "day": formats.date_format(times.start, day_format),
        "start": formats.date_format(times.start, "H:i"),
        "end": formats.date_format(times.end, "H:i"),
        "end_day": "" if times.same_day else formats.date_format(times.end, day_format),
        "place": times.place,
    }


@register.inclusion_tag("leadership/includes/event_when.html", name="event_when")
def event_when_tag(event: Event, short: bool = False) -> dict[str, Any]:
    when = event_when(event.starts_at, event.ends_at, event.venue_time_zone)
    viewer = None
    if when.viewer is not None:
        viewer = _written(when.viewer, with_year=False)
        viewer["other_day"] = when.viewer_on_other_day
    return {"main": _written(when.main), "viewer": viewer, "at_venue": when.at_venue, "short": short}


@register.filter
def venue_start(event: Event) -> str:
    """The start as "12 June 2027, 19:00 CEST" on the venue's clock (the reader's for online events)."""
    when = event_when(event.starts_at, event.ends_at, event.venue_time_zone)
    return formats.date_format(when.main.start, "j F Y, H:i T")
