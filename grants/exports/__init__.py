"""Staff exports: the award report and the applications of a round, as CSV and XLSX.

Rows come from one SQL query streamed with `.iterator()`, so the number of queries and the
memory used do not grow with the number of rows. The cells are written by leadership.tabular,
the one writer every export uses.
"""

from .registry import REPORTS, Report, Sheet, get_report

__all__ = ["REPORTS", "Report", "Sheet", "get_report"]
