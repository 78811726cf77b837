"""What grants adds to the applicant's dashboard: offers to answer, reports due, payments to come.

applications shows the dashboard but cannot import grants; it asks the providers registered in
applications.next_steps. Three queries whatever the number of awards, none without one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from applications.models import Status as ApplicationStatus
from applications.next_steps import NextStep, next_steps_provider_register
from programs.money import format_money

from .models import OPEN_REPORT_STATUSES, Award, AwardStatus, ProgressReport, Tranche

if TYPE_CHECKING:
    from applications.models import Application
    from leadership.models import User

# A report due within this many days is shown as urgent.
REPORT_SOON = timedelta(days=14)


def _day(value) -> str:
    return formats.date_format(value, "j F Y")


def award_steps(user: User, applications: Sequence[Application]) -> list[NextStep]:
    # An award is made in the same transaction that moves its application to Awarded
    # (services.awards), a status no move leaves: most applicants have none, and no query.
    if not any(application.status == ApplicationStatus.AWARDED for application in applications):
        return []
    awards = (
        Award.objects.for_grantee(user)
        .live()
        .select_related("program", "application__community")
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=ProgressReport.objects.filter(status__in=OPEN_REPORT_STATUSES).order_by("due_date"),
            ),
            Prefetch("tranches", queryset=Tranche.objects.unpaid().order_by("due_date", "number")),
        )
    )
    today = timezone.localdate()
    steps: list[NextStep] = []
    for award in awards:
        url = award.get_absolute_url()
        names = {
            "program": award.program.localized_name,
            "community": award.application.community.name,
            "amount": format_money(award.amount, award.program.currency),
        }
        steps.append(NextStep("award", _("Your award"), url, _("Your award"), award.application_id))
        if award.status == AwardStatus.OFFERED:
            respond_by = timezone.localtime(award.respond_by)
            steps.append(
                NextStep(
                    "respond",
                    _("Accept or decline by %(date)s: the %(program)s award of %(amount)s to %(community)s.")
                    % {**names, "date": _day(respond_by)},
                    url,
                    _("Accept or decline"),
                    award.application_id,
                    respond_by,
                    urgent=True,
                )
            )
            continue
        if not award.is_running:
            continue
        for report in award.reports.all():
            steps.append(
                NextStep(
                    "report",
                    _("Progress report %(number)s for %(community)s is due on %(date)s.")
                    % {**names, "number": report.number, "date": _day(report.due_date)},
                    reverse("report_file", args=[award.pk, report.pk]),
                    _("File the report"),
                    award.application_id,
                    report.due_date,
                    urgent=report.due_date <= today + REPORT_SOON,
                )
            )
        tranche = next(iter(award.tranches.all()), None)
        if tranche is not None:
            steps.append(
                NextStep(
                    "payment",
                    _("Next payment to %(community)s: %(amount)s, planned for %(date)s.")
                    % {
                        **names,
                        "amount": format_money(tranche.amount, award.program.currency),
                        "date": _day(tranche.due_date),
                    },
                    url,
                    _("Payment schedule"),
                    award.application_id,
                    tranche.due_date,
                )
            )
    return steps


def register() -> None:
    next_steps_provider_register(key="awards", provider=award_steps)
