"""A program's caps: what it has committed, and the checks every award change runs against them.

Every service that can raise what a program has committed locks the program row first
(`select_for_update` inside `transaction.atomic`), then reads the totals: two staff awarding
the last slot at the same moment queue on that lock and the second sees the first's award.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import (
    Aggregate,
    Count,
    DecimalField,
    Expression,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from programs.caps import (
    ProgramUsage,
    award_maximum_message,
    fixed_amount_message,
    off_fixed_amount,
    over_award_maximum,
)
from programs.models import Program
from programs.money import cents, money_display

from ..models import RELEASED_STATUSES, Award, AwardStatus, Tranche
from .refusals import AwardRefused, CapExceeded

ZERO = Decimal("0")
AMOUNT: DecimalField[Decimal, Decimal] = DecimalField(max_digits=14, decimal_places=2)


def usage_annotations() -> dict[str, Expression]:
    """`live_awards`, `awarded` and `committed` of each program row, in SQL: the one count of committed money.

    Live awards count in full; a cancelled award still holds what was paid before the cancellation.
    """
    awards = Award.objects.filter(program_id=OuterRef("pk"))
    live = awards.exclude(status__in=RELEASED_STATUSES)
    spent_by_cancelled = Tranche.objects.paid().filter(
        award__program_id=OuterRef("pk"), award__status=AwardStatus.CANCELLED
    )
    awarded = per_program_money(live, "program_id")
    return {
        "live_awards": Coalesce(
            per_program(live, "program_id", Count("id")), Value(0), output_field=IntegerField()
        ),
        "awarded": awarded,
        "committed": ExpressionWrapper(
            awarded + per_program_money(spent_by_cancelled, "award__program_id"), output_field=AMOUNT
        ),
    }


def per_program(qs: QuerySet, key: str, value: Aggregate) -> Subquery:
    """A correlated subquery: one aggregate per program (grouped by its key, hence one row)."""
    return Subquery(qs.order_by().values(key).annotate(v=value).values("v"))


def per_program_money(qs: QuerySet, key: str) -> Coalesce:
    return Coalesce(per_program(qs, key, Sum("amount")), Value(ZERO), output_field=AMOUNT)


def program_usage(program: Program) -> ProgramUsage:
    """What the program has committed, counted by `usage_annotations`."""
    row = (
        Program.objects.filter(pk=program.pk)
        .annotate(**usage_annotations())
        # The plugin cannot see annotations passed as **kwargs; both names are annotated just above.
        .values("live_awards", "committed")[0]  # type: ignore[misc]
    )
    return ProgramUsage(live_awards=row["live_awards"], committed=cents(row["committed"]))


def _lock_program(program_id: int) -> Program:
    # The one lock every cap check takes; it serialises awarding within a program.
    return Program.objects.select_for_update().get(pk=program_id)


def _not_fixed(program: Program, refusal: type[AwardRefused] = AwardRefused) -> AwardRefused:
    return refusal({"amount": [fixed_amount_message(program)]})


def _over_maximum(program: Program) -> CapExceeded:
    return CapExceeded({"amount": [award_maximum_message(program)]})


def _no_slot_left(program: Program) -> CapExceeded:
    return CapExceeded(
        _(
            "%(program)s has reached its cap of %(cap)s awards: no slot is left. Cancel or wait for a "
            "declined award to free one."
        )
        % {"program": program.localized_name, "cap": program.max_awards}
    )


def _over_budget(program: Program, usage: ProgramUsage, *, extra: Decimal) -> CapExceeded:
    return CapExceeded(
        _("This would take %(program)s to %(total)s, over its total budget of %(budget)s (%(left)s left).")
        % {
            "program": program.localized_name,
            "total": money_display(usage.committed + extra, program.currency),
            "budget": money_display(program.total_budget, program.currency),
            "left": money_display(max(ZERO, usage.money_left(program)), program.currency),
        }
    )


def _check_fixed_amount(program: Program, amount: Decimal) -> None:
    """A program that pays one fixed amount refuses any other, on making and on amending."""
    if off_fixed_amount(program, amount):
        raise _not_fixed(program)


def _check_amount(program: Program, amount: Decimal) -> None:
    if amount <= 0:
        raise AwardRefused({"amount": [_("An award must be more than zero.")]})
    if amount != amount.quantize(Decimal("0.01")):
        raise AwardRefused({"amount": [_("Give the amount in whole cents.")]})
    if over_award_maximum(program, amount):
        raise _over_maximum(program)


def _check_budget(program: Program, usage: ProgramUsage, *, extra: Decimal) -> None:
    if usage.committed + extra > program.total_budget:
        raise _over_budget(program, usage, extra=extra)


# The constraint names the PostgreSQL triggers of grants/migrations/0007 give their refusals.
DATABASE_CAPS = frozenset(
    {
        "program_award_count_cap",
        "program_total_budget_cap",
        "program_award_amount_cap",
        "program_fixed_amount",
    }
)


def database_cap(error: IntegrityError) -> str | None:
    """The cap a PostgreSQL trigger refused a write for, or None for any other integrity error."""
    name = getattr(getattr(error.__cause__, "diag", None), "constraint_name", None)
    return name if name in DATABASE_CAPS else None


@contextmanager
def caps_held_by_database(program: Program, *, extra: Decimal) -> Iterator[None]:
    """Run an award write in a savepoint; a cap the database refuses becomes the service's CapExceeded.

    The service checks the caps first, so this answers only when the two disagree (a write that
    raced past a stale check, or a rule changed on one side only): never a 500 for a cap.
    """
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        cap = database_cap(error)
        if cap is None:
            raise
        if cap == "program_award_count_cap":
            raise _no_slot_left(program) from None
        if cap == "program_total_budget_cap":
            raise _over_budget(program, program_usage(program), extra=extra) from None
        if cap == "program_fixed_amount":
            raise _not_fixed(program, CapExceeded) from None
        raise _over_maximum(program) from None
