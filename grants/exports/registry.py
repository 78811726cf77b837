"""The exports staff can run, each as a CSV stream and as XLSX sheets."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from ..models import ExportKind
from . import awards


@dataclass
class Sheet:
    title: str
    header: list[str]
    rows: Iterable[list[Any]]
    main: bool = False


@dataclass(frozen=True)
class Report:
    """What one export needs: how many rows, its CSV rows, its XLSX sheets."""

    kind: str
    count: Callable[[Mapping[str, Any]], int]
    header: Callable[[Mapping[str, Any]], list[str]]
    rows: Callable[[Mapping[str, Any]], Iterable[list[Any]]]
    extra_sheets: Callable[[Mapping[str, Any]], list[Sheet]]

    def sheets(self, filters: Mapping[str, Any]) -> list[Sheet]:
        main = Sheet(
            _("Awards") if self.kind == ExportKind.AWARDS else _("Applications"),
            self.header(filters),
            self.rows(filters),
            main=True,
        )
        extra = self.extra_sheets(filters)
        # The summary first: it is what readers open the file for.
        return [*extra[:1], main, *extra[1:]]


def _award_sheets(filters: Mapping[str, Any]) -> list[Sheet]:
    return [
        Sheet(_("Summary"), [_("Award report"), ""], awards.summary_rows(filters)),
        Sheet(_("Amendments"), awards.amendment_header(filters), awards.amendment_rows(filters)),
    ]


def _applications_report() -> Report:
    from . import applications

    return Report(
        kind=ExportKind.APPLICATIONS,
        count=applications.count,
        header=applications.header,
        rows=applications.rows,
        extra_sheets=lambda filters: [],
    )


REPORTS: dict[str, Callable[[], Report]] = {
    ExportKind.AWARDS: lambda: Report(
        kind=ExportKind.AWARDS,
        count=lambda filters: awards.filtered_awards(filters).count(),
        header=awards.header,
        rows=awards.rows,
        extra_sheets=_award_sheets,
    ),
    ExportKind.APPLICATIONS: _applications_report,
}


def get_report(kind: str) -> Report:
    return REPORTS[kind]()
