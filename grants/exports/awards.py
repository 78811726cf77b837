"""The award report: one row per award, with money and reports summed in SQL."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, date
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import (
    Aggregate,
    CharField,
    Count,
    DecimalField,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from leadership.models import Community, CommunityAdmin, FocusAreaCode
from programs.models import MONEY
from programs.money import cents

from ..models import (
    RELEASED_STATUSES,
    RUNNING_STATUSES,
    Award,
    AwardAmendment,
    AwardStatus,
    ProgressReport,
    Tranche,
)
from ..models.reports import OPEN_REPORT_STATUSES
from .award_rows import award_report_stream
from .blind import blind_header, blind_rows, is_blind

SEP = "\x1f"  # joins names in SQL; never typed by a person, so splitting is safe
ZERO = Decimal("0")
# Rows fetched per round trip (a server-side cursor on PostgreSQL): memory is bounded by this, not by the row count.
CHUNK_SIZE = 500


class GroupConcat(Aggregate):
    """GROUP_CONCAT on SQLite, STRING_AGG on PostgreSQL."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def __init__(self, expression, **extra):
        super().__init__(expression, Value(SEP), **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="STRING_AGG", **extra)


def _joined(raw: str | None, labels: Mapping[str, str] | None = None) -> str:
    parts = [p for p in (raw or "").split(SEP) if p]
    if labels:
        parts = [str(labels.get(p, p)) for p in parts]
    return "; ".join(sorted(parts))


def filtered_awards(filters: Mapping[str, Any]) -> QuerySet[Award]:
    """Awards matching the report's filters (program, round, statuses, decision dates, or chosen ids)."""
    qs = Award.objects.all()
    if filters.get("ids"):
        qs = qs.filter(pk__in=filters["ids"])
    if filters.get("program"):
        qs = qs.filter(program_id=filters["program"])
    if filters.get("round"):
        qs = qs.filter(application__round_id=filters["round"])
    if filters.get("status"):
        qs = qs.filter(status__in=filters["status"])
    if filters.get("decided_from"):
        qs = qs.filter(offered_at__date__gte=date.fromisoformat(filters["decided_from"]))
    if filters.get("decided_to"):
        qs = qs.filter(offered_at__date__lte=date.fromisoformat(filters["decided_to"]))
    return qs


def _per_award(model, value, **filters) -> Subquery:
    return Subquery(
        model.objects.filter(award_id=OuterRef("pk"), **filters)
        .order_by()
        .values("award_id")
        .annotate(v=value)
        .values("v")
    )


def _per_community(model, value, **filters) -> Subquery:
    return Subquery(
        model.objects.filter(community_id=OuterRef("application__community_id"), **filters)
        .order_by()
        .values("community_id")
        .annotate(v=value)
        .values("v")
    )


def report_queryset(filters: Mapping[str, Any]) -> QuerySet:
    today = timezone.localdate()
    return (
        filtered_awards(filters)
        .annotate(
            leader_names=_per_community(CommunityAdmin, GroupConcat("user__full_name")),
            leader_emails=_per_community(CommunityAdmin, GroupConcat("user__email")),
            focus_codes=_per_community(Community.focus_areas.through, GroupConcat("focusarea__code")),
            disbursed=Coalesce(
                _per_award(Tranche, Sum("amount"), paid_on__isnull=False),
                Value(ZERO),
                output_field=DecimalField(**MONEY),
            ),
            next_due=_per_award(Tranche, Min("due_date"), paid_on__isnull=True),
            reports_filed=Coalesce(
                _per_award(ProgressReport, Count("id"), submitted_at__isnull=False),
                Value(0),
                output_field=IntegerField(),
            ),
            reports_overdue=Coalesce(
                _per_award(ProgressReport, Count("id"), status__in=OPEN_REPORT_STATUSES, due_date__lt=today),
                Value(0),
                output_field=IntegerField(),
            ),
            amendment_count=Coalesce(
                _per_award(AwardAmendment, Count("id")), Value(0), output_field=IntegerField()
            ),
        )
        .order_by(
            "program__display_order", "application__round__opens_at", "application__community__name", "pk"
        )
    )


FIELDS = (
    "pk",
    "program__name",
    "application__round__title",
    "application__community__name",
    "application__community__country",
    "focus_codes",
    "leader_names",
    "leader_emails",
    "application__title",
    "amount",
    "program__currency",
    "status",
    "offered_at",
    "accepted_at",
    "list_publicly",
    "disbursed",
    "next_due",
    "reports_filed",
    "reports_overdue",
    "amendment_count",
)


# Columns a blind export leaves out: community, leaders, their emails, the initiative's title.
PERSONAL_COLUMNS = frozenset({3, 6, 7, 8})
# The amendments sheet: the community, the reason (free text about people) and who made it.
AMENDMENT_PERSONAL_COLUMNS = frozenset({1, 6, 7})


def header(filters: Mapping[str, Any] | None = None) -> list[str]:
    columns = [
        _("Award"),
        _("Program"),
        _("Round"),
        _("Community"),
        _("Country"),
        _("Focus areas"),
        _("Leaders"),
        _("Leader emails"),
        _("Initiative"),
        _("Amount"),
        _("Currency"),
        _("Status"),
        _("Decided at (UTC)"),
        _("Accepted at (UTC)"),
        _("Listed publicly"),
        _("Disbursed"),
        _("Remaining"),
        _("Next tranche due"),
        _("Reports filed"),
        _("Reports overdue"),
        _("Amendments"),
    ]
    if is_blind(filters):
        return blind_header(columns, drop=PERSONAL_COLUMNS, id_column=0)
    return columns


def rows(filters: Mapping[str, Any]) -> Iterator[list[Any]]:
    if is_blind(filters):
        return blind_rows(_rows(filters), drop=PERSONAL_COLUMNS, id_column=0, kind="award")
    return _rows(filters)


def _rows(filters: Mapping[str, Any]) -> Iterator[list[Any]]:
    # Labels translated once, not three lookups in the active language per row.
    statuses = {value: str(label) for value, label in AwardStatus.choices}
    focus_labels = {value: str(label) for value, label in FocusAreaCode.choices}
    country_names: dict[str, str] = {}
    for (
        pk,
        program,
        round_title,
        community,
        country,
        focus,
        names,
        emails,
        title,
        amount,
        currency,
        status,
        offered_at,
        accepted_at,
        listed,
        disbursed,
        next_due,
        filed,
        overdue,
        amendments,
    ) in _stream(filters):
        released, disbursed = status in RELEASED_STATUSES, cents(disbursed)
        yield [
            pk,
            program,
            round_title,
            community,
            country_names.get(country)
            or country_names.setdefault(country, countries.name(country) or country),
            _joined(focus, focus_labels),
            _joined(names),
            _joined(emails),
            title,
            amount,
            currency,
            str(statuses.get(status, status)),
            _utc(offered_at),
            _utc(accepted_at),
            listed,
            disbursed,
            ZERO if released else amount - disbursed,
            None if released else next_due,
            filed,
            overdue if status in RUNNING_STATUSES else 0,
            amendments,
        ]


def _stream(filters: Mapping[str, Any]) -> Iterator[tuple[Any, ...]]:
    """PostgreSQL: one statement with each figure aggregated once (award_rows). SQLite, the embedded
    default with small data: the ORM's correlated subqueries, whose values it converts."""
    if connection.vendor != "postgresql":
        yield from report_queryset(filters).values_list(*FIELDS).iterator(chunk_size=CHUNK_SIZE)
        return
    yield from award_report_stream(
        filtered_awards(filters),
        today=timezone.localdate(),
        open_report_statuses=[status.value for status in OPEN_REPORT_STATUSES],
        separator=SEP,
        chunk_size=CHUNK_SIZE,
    )


def _utc(moment):
    return moment.astimezone(UTC) if moment else None


def amendment_header(filters: Mapping[str, Any] | None = None) -> list[str]:
    columns = [
        _("Award"),
        _("Community"),
        _("Program"),
        _("Date (UTC)"),
        _("Old amount"),
        _("New amount"),
        _("Reason"),
        _("By"),
    ]
    if is_blind(filters):
        return blind_header(columns, drop=AMENDMENT_PERSONAL_COLUMNS, id_column=0)
    return columns


def amendment_rows(filters: Mapping[str, Any]) -> Iterator[list[Any]]:
    if is_blind(filters):
        return blind_rows(
            _amendment_rows(filters), drop=AMENDMENT_PERSONAL_COLUMNS, id_column=0, kind="award"
        )
    return _amendment_rows(filters)


def _amendment_rows(filters: Mapping[str, Any]) -> Iterator[list[Any]]:
    stream = (
        AwardAmendment.objects.filter(award__in=filtered_awards(filters).values("pk"))
        .order_by("award_id", "at", "id")
        .values_list(
            "award_id",
            "award__application__community__name",
            "award__program__name",
            "at",
            "old_amount",
            "new_amount",
            "reason",
            "by__email",
        )
        .iterator(chunk_size=CHUNK_SIZE)
    )
    for award_id, community, program, at, old, new, reason, by in stream:
        yield [award_id, community, program, _utc(at), old, new, reason, by]


def summary_rows(filters: Mapping[str, Any]) -> Iterator[list[Any]]:
    """Totals per program, per country and per focus area, each computed by two grouped queries."""
    base = filtered_awards(filters)
    live = ~Q(status__in=RELEASED_STATUSES)
    focus_labels = dict(FocusAreaCode.choices)
    dimensions = [
        (_("Program"), "program__name", lambda v: v),
        (_("Country"), "application__community__country", lambda v: countries.name(v) or v),
        (
            _("Focus area"),
            "application__community__focus_areas__code",
            lambda v: str(focus_labels.get(v, v or "—")),
        ),
    ]
    for title, path, label in dimensions:
        yield [
            title,
            _("Awards"),
            _("Live awards"),
            _("Amount of live awards"),
            _("Disbursed"),
            _("Still to pay"),
        ]
        money = {
            row["key"]: row
            for row in Tranche.objects.paid()
            .filter(award__in=base.values("pk"))
            .values(key=F(f"award__{path}"))
            .order_by()
            .annotate(
                paid=Sum("amount"), paid_live=Sum("amount", filter=~Q(award__status__in=RELEASED_STATUSES))
            )
        }
        totals = [0, 0, ZERO, ZERO, ZERO]
        for row in (
            base.values(path)
            .order_by(path)
            .annotate(
                n=Count("id"),
                n_live=Count("id", filter=live),
                amount=Coalesce(Sum("amount", filter=live), Value(ZERO)),
            )
        ):
            paid = money.get(row[path], {})
            amount = cents(row["amount"])
            values = [
                row["n"],
                row["n_live"],
                amount,
                cents(paid.get("paid")),
                amount - cents(paid.get("paid_live")),
            ]
            totals = [t + v for t, v in zip(totals, values, strict=True)]
            yield [label(row[path]), *values]
        if path != dimensions[-1][1]:
            yield [_("Total"), *totals]
        else:
            yield [_("(An award counts once in each of its community's focus areas.)")]
        yield []
