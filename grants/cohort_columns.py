"""What grants adds to the staff cohort overview: each member's budget proposal and reports.

leadership shows the overview but cannot import grants; it asks registered columns for their
cells (leadership.cohort_overview). A cohort's key is "<program slug>:<round id>", as
grants.services.lifecycle gives it when a leader accepts an award.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leadership.cohort_overview import register_member_column

from .models import Award, ProposalStatus, ReportStatus


def _awards_of_members(cohort, user_ids: Sequence[int]):
    slug, _sep, round_id = cohort.key.partition(":")
    if not round_id.isdigit():
        return Award.objects.none()
    return Award.objects.filter(
        program__slug=slug,
        application__round_id=int(round_id),
        application__community__memberships__user_id__in=user_ids,
    )


def budget_states(cohort, user_ids: Sequence[int]) -> Mapping[int, str]:
    labels = dict(ProposalStatus.choices)
    rows = (
        _awards_of_members(cohort, user_ids)
        .filter(program__terms__budget_proposals=True)
        .values_list("application__community__memberships__user_id", "budget_proposal__status")
    )
    return {user_id: str(labels[status]) if status else _("Not filed yet") for user_id, status in rows}


def reports_filed(cohort, user_ids: Sequence[int]) -> Mapping[int, str]:
    filed = ~Q(reports__status=ReportStatus.DUE)
    rows = (
        _awards_of_members(cohort, user_ids)
        .values("application__community__memberships__user_id")
        .annotate(filed=Count("reports", filter=filed, distinct=True), owed=Count("reports", distinct=True))
        .values_list("application__community__memberships__user_id", "filed", "owed")
    )
    return {user_id: f"{filed} / {owed}" for user_id, filed, owed in rows}


def register() -> None:
    register_member_column(key="budget_proposal", label=gettext_lazy("Budget proposal"), values=budget_states)
    register_member_column(
        key="reports_filed", label=gettext_lazy("Progress reports filed"), values=reports_filed
    )
