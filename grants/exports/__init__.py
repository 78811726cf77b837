"""Staff exports: the award report and the applications of a round, as CSV and XLSX.

Rows come from one SQL query streamed with `.iterator()`, so the number of queries and the
memory used do not grow with the number of rows.
"""

from .formats import csv_stream, neutralise, xlsx_write
from .registry import REPORTS, Report, Sheet, get_report

__all__ = ["REPORTS", "Report", "Sheet", "csv_stream", "get_report", "neutralise", "xlsx_write"]
