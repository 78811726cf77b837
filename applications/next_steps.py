"""What an applicant has to do next, on their dashboard: offers to answer, reports due, payments.

Awards live in grants, which applications may not import; grants registers a provider here in
its AppConfig.ready(). A provider gets the user and the dashboard's applications and returns
steps in a constant number of queries.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.utils.functional import Promise

if TYPE_CHECKING:
    from leadership.models import User

    from .models import Application


@dataclass(frozen=True)
class NextStep:
    """One thing to do or to expect: a sentence, a link, and when."""

    kind: str  # "respond", "report", "payment", "award": the template's styling and the tests' handle
    text: str | Promise
    url: str
    link_label: str | Promise
    application_id: int | None = None
    when: datetime | date | None = None
    urgent: bool = False


Provider = Callable[["User", Sequence["Application"]], list[NextStep]]
_PROVIDERS: dict[str, Provider] = {}


def next_steps_provider_register(*, key: str, provider: Provider) -> None:
    _PROVIDERS[key] = provider


def next_steps_for(user: User, applications: Sequence[Application]) -> list[NextStep]:
    steps = [step for provider in _PROVIDERS.values() for step in provider(user, applications)]
    # Urgent first, then by date; undated steps (links) last.
    return sorted(steps, key=lambda s: (not s.urgent, s.when is None, _sortable(s.when)))


def _sortable(when: datetime | date | None) -> str:
    return when.isoformat() if when is not None else ""
