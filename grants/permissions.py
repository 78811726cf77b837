"""Who may see awards and their parts. Missing and not-yours are one 404.

Grantee pages serve only the admins of the awarded community; staff reach awards through
the staff pages and the admin. Export files go only to the staff member who asked for them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from applications.models import Application
from applications.models import Status as ApplicationStatus
from leadership.roles import is_program_staff

from .models import Award, BudgetProposal, ExportLog, ProgressReport, Tranche

if TYPE_CHECKING:
    from leadership.roles import AnyUser

M = TypeVar("M", bound=Model)


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous → login; signed in but not staff → 404, so staff pages do not reveal themselves."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_program_staff(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def _one(qs: QuerySet[M], **lookup: Any) -> M:
    obj = qs.filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


def get_award_for_grantee(user: AnyUser, pk: int) -> Award:
    """The award if the user is one of the awarded community's admins."""
    return _one(Award.objects.for_grantee(user).with_listing(), pk=pk)


def get_report_for_grantee(user: AnyUser, award_pk: int, pk: int) -> ProgressReport:
    award = get_award_for_grantee(user, award_pk)
    report = _one(award.reports.all(), pk=pk)
    report.award = award
    return report


def get_award_for_staff(user: AnyUser, pk: int) -> Award:
    if not is_program_staff(user):
        raise Http404
    return _one(Award.objects.with_listing(), pk=pk)


def get_tranche_for_staff(user: AnyUser, award_pk: int, pk: int) -> Tranche:
    award = get_award_for_staff(user, award_pk)
    tranche = _one(award.tranches.all(), pk=pk)
    tranche.award = award
    return tranche


def get_report_for_staff(user: AnyUser, award_pk: int, pk: int) -> ProgressReport:
    award = get_award_for_staff(user, award_pk)
    report = _one(award.reports.all(), pk=pk)
    report.award = award
    return report


def get_proposal_for_staff(user: AnyUser, award_pk: int) -> BudgetProposal:
    award = get_award_for_staff(user, award_pk)
    proposal = _one(BudgetProposal.objects.all(), award=award)
    proposal.award = award
    return proposal


def get_awardable_application(user: AnyUser, pk: int) -> Application:
    """A shortlisted or waitlisted application staff may turn into an award."""
    if not is_program_staff(user):
        raise Http404
    return _one(
        Application.objects.with_listing().filter(
            status__in=[ApplicationStatus.SHORTLISTED, ApplicationStatus.WAITLISTED]
        ),
        pk=pk,
    )


def get_export_for_user(user: AnyUser, pk: int) -> ExportLog:
    """An export is fetched only by the staff member who asked for it."""
    if not is_program_staff(user):
        raise Http404
    return _one(ExportLog.objects.all(), pk=pk, requested_by=user)
