"""The time zones people and venues choose from, and event times written in the venue's zone.

The list is the IANA Region/City names (``Europe/Paris``, ``America/Argentina/Salta``) grouped
by region, plus UTC: no ``Factory``, ``localtime``, ``Etc/GMT+N``, ``posix/``, ``right/`` or
legacy country names (``US/Eastern``, ``GB``), which only confuse people choosing their zone.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

REGIONS = (
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)
UTC_NAME = "UTC"


@cache
def usable_time_zones() -> frozenset[str]:
    """Every zone name a person or a venue may choose."""
    names = {
        name for name in zoneinfo.available_timezones() if "/" in name and name.split("/", 1)[0] in REGIONS
    }
    return frozenset(names | {UTC_NAME})


def zone_label(name: str) -> str:
    """The place part of a zone name, as people write it: ``America/Argentina/Buenos_Aires`` → ``Argentina / Buenos Aires``."""
    place = name.split("/", 1)[-1]
    return place.replace("_", " ").replace("/", " / ")


def time_zone_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The zones grouped by region (rendered as optgroups), UTC last."""
    groups: dict[str, list[tuple[str, str]]] = {region: [] for region in REGIONS}
    for name in sorted(usable_time_zones() - {UTC_NAME}):
        groups[name.split("/", 1)[0]].append((name, zone_label(name)))
    return [(region, zones) for region, zones in groups.items() if zones] + [
        (str(_("Coordinated Universal Time")), [(UTC_NAME, UTC_NAME)])
    ]


def known_time_zone(name: str | None) -> str | None:
    """The zone name if it is one we offer (a browser's cookie is user input), else None."""
    if name and name in usable_time_zones():
        return name
    return None


@dataclass(frozen=True)
class EventTimes:
    """An event's start and end in one zone, ready for a template."""

    start: datetime
    end: datetime
    place: str

    @property
    def same_day(self) -> bool:
        return self.start.date() == self.end.date()


@dataclass(frozen=True)
class EventWhen:
    """When an event happens: in the venue's zone, and in the viewer's when that differs."""

    main: EventTimes
    viewer: EventTimes | None
    at_venue: bool

    @property
    def viewer_on_other_day(self) -> bool:
        return self.viewer is not None and self.viewer.start.date() != self.main.start.date()


def event_when(start: datetime, end: datetime, venue_zone: str = "") -> EventWhen:
    """The event's times for the current viewer.

    In-person events are shown in their venue's zone, with the viewer's own in parentheses
    when it differs; events without a venue zone (online ones) in the viewer's zone.
    """
    viewer_zone = timezone.get_current_timezone()
    viewer_key = getattr(viewer_zone, "key", str(viewer_zone))
    viewer = EventTimes(
        start=timezone.localtime(start, viewer_zone),
        end=timezone.localtime(end, viewer_zone),
        place=zone_label(viewer_key),
    )
    if not venue_zone:
        return EventWhen(main=viewer, viewer=None, at_venue=False)
    zone = zoneinfo.ZoneInfo(venue_zone)
    main = EventTimes(start=start.astimezone(zone), end=end.astimezone(zone), place=zone_label(venue_zone))
    differs = (
        main.start.utcoffset() != viewer.start.utcoffset() or main.end.utcoffset() != viewer.end.utcoffset()
    )
    return EventWhen(main=main, viewer=viewer if differs else None, at_venue=True)
