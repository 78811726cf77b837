"""Where each person works: the page they land on after log-in, and the places the menu and the
admin index both link (one list, so the two never disagree).

Pages of higher apps are named by their URL names only; leadership imports none of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .roles import can_manage_reviews, is_program_staff, is_reviewer

if TYPE_CHECKING:
    from .roles import AnyUser


@dataclass(frozen=True)
class Place:
    url_name: str
    label: str | Promise
    description: str | Promise = ""

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class PlaceGroup:
    key: str
    title: str | Promise
    places: tuple[Place, ...]


REVIEW_PLACES = (
    Place(
        "my_reviews",
        _("My reviews"),
        _("Your queue by round: to do, drafts, submitted, conflicts and the deadline."),
    ),
)
# Staff who manage reviews: selection, from the pipeline to the release.
SELECTION_PLACES = (
    Place(
        "staff_home",
        _("Staff home"),
        _("A round's pipeline, review progress, what needs a decision and the next deadline."),
    ),
    Place(
        "staff_review_rounds",
        _("Review rounds, ranking and release"),
        _("Rank each round's applications and release its decisions."),
    ),
    Place(
        "slate_rounds",
        _("Portfolio slates"),
        _("The best set of awards under the money, the count and the spread you ask for."),
    ),
)
# Every program staff member: awards, money and reports.
PROGRAM_PLACES = (
    Place("staff_shortlist", _("Shortlist and awards"), _("Make awards to shortlisted applications.")),
    Place("staff_dashboard", _("Budget dashboard"), _("Awards, commitments and payments per program.")),
    Place("staff_reports", _("Reports and exports"), _("Award and application reports, CSV and XLSX.")),
    Place(
        "staff_retention",
        _("Data retention"),
        _("What is due to be anonymised or deleted, and what was."),
    ),
)
TRAINING_PLACES = (
    Place("staff_cohort_list", _("Cohorts")),
    Place("staff_session_list", _("Training sessions")),
    Place("staff_gathering_list", _("Gatherings")),
)


def landing_url_name(user: AnyUser) -> str:
    """The page a person lands on after log-in: the staff home, their review queue, or their dashboard."""
    if can_manage_reviews(user):
        return "staff_home"
    if is_program_staff(user):
        return "staff_dashboard"
    if is_reviewer(user):
        return "my_reviews"
    return "dashboard"


def places_for(user: AnyUser) -> list[PlaceGroup]:
    """The work places this person may open, grouped as the menu and the admin index show them."""
    groups = []
    if is_program_staff(user):
        staff = (SELECTION_PLACES if can_manage_reviews(user) else ()) + PROGRAM_PLACES
        groups.append(PlaceGroup("staff", _("Running the program"), staff))
        groups.append(PlaceGroup("training", _("Leadership development"), TRAINING_PLACES))
    if is_reviewer(user):
        groups.append(PlaceGroup("reviews", _("Reviewing"), REVIEW_PLACES))
    return groups
