"""What each app holds about a person: how to copy it out, and how to erase it.

Apps fill the registry in their AppConfig.ready() (leadership imports none of them). An
exporter returns JSON-ready sections and the stored files to put beside them; an eraser
removes or pseudonymises its app's rows for the person. Erasers run in `order`, lowest first:
the higher apps settle what must stay for audit before leadership drops the communities and
the account itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.db.models.fields.files import FieldFile

    from ..models import User


@dataclass(frozen=True)
class ExportFile:
    """One stored file to copy into the ZIP under `path` (a path inside the archive)."""

    path: str
    file: FieldFile


@dataclass
class ExportPart:
    """One app's answer: named JSON sections (`"applications": [...]`) and the files they cite."""

    sections: dict[str, Any] = field(default_factory=dict)
    files: list[ExportFile] = field(default_factory=list)


@dataclass(frozen=True)
class Erasure:
    """What erasing a person needs to know: who, and the strings that identify them."""

    user: User
    needles: tuple[str, ...]
    replacement: str
    # Outbox rows to leave alone: the email telling the person their erasure is done.
    keep_notifications: tuple[int, ...] = ()


Exporter = Callable[["User"], ExportPart]
Eraser = Callable[[Erasure], dict[str, int]]


@dataclass(frozen=True)
class Contributor:
    name: str
    exporter: Exporter | None = None
    eraser: Eraser | None = None
    order: int = 50


_CONTRIBUTORS: dict[str, Contributor] = {}


def register(
    name: str, *, exporter: Exporter | None = None, eraser: Eraser | None = None, order: int = 50
) -> None:
    """Add (or replace, for a reloaded app) one app's part of the data-rights work.

    Slot kept for the access log (issue 15, part 5): register("access_log", exporter=...) to put
    "who opened your applications" in every export.
    """
    _CONTRIBUTORS[name] = Contributor(name=name, exporter=exporter, eraser=eraser, order=order)


def contributors() -> Iterator[Contributor]:
    yield from sorted(_CONTRIBUTORS.values(), key=lambda c: (c.order, c.name))
