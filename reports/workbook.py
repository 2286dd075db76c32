"""Every table of a report as a sheet of an XLSX workbook, with numbers as numbers.

Energy managers paste these into their own models: a figure stored as text, or a time
as a string, would have to be retyped. Times are the site's local times (a spreadsheet
cell has no zone), shown in ISO order; the first sheet says which zone that is.
"""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path

import xlsxwriter

from reports.document import Report


def write_xlsx(report: Report, path: Path) -> int:
    """Write one sheet per table after an "About" sheet of the cover; the number of tables."""
    workbook = xlsxwriter.Workbook(str(path), {"remove_timezone": True})
    try:
        bold = workbook.add_format({"bold": True})
        times = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        dates = workbook.add_format({"num_format": "yyyy-mm-dd"})
        about = workbook.add_worksheet("About")
        about.write(0, 0, report.title, bold)
        about.write(1, 0, report.subtitle)
        for row, (label, value) in enumerate(report.cover, start=3):
            about.write_string(row, 0, label, bold)
            about.write_string(row, 1, value)
        about.set_column(0, 0, 28)
        about.set_column(1, 1, 70)
        tables = report.tables()
        used: set[str] = {"About"}
        for table in tables:
            name = _unique(table.sheet, used)
            sheet = workbook.add_worksheet(name)
            sheet.write_string(0, 0, table.title, bold)
            for c, column in enumerate(table.columns):
                heading = f"{column.title} ({column.unit})" if column.unit else column.title
                sheet.write_string(1, c, heading, bold)
                sheet.set_column(c, c, 20 if column.kind == "text" else 16)
            for r, row in enumerate(table.rows, start=2):
                for c, (value, column) in enumerate(zip(row, table.columns, strict=True)):
                    if value is None or (isinstance(value, float) and math.isnan(value)):
                        sheet.write_blank(r, c, None)
                    elif isinstance(value, datetime):
                        sheet.write_datetime(r, c, value, dates if column.kind == "date" else times)
                    elif isinstance(value, int | float) and not isinstance(value, bool):
                        sheet.write_number(r, c, value)
                    else:
                        sheet.write_string(r, c, str(value))
            if not table.rows and table.empty:
                sheet.write_string(2, 0, table.empty)
            sheet.freeze_panes(2, 0)
    finally:
        workbook.close()
    return len(tables)


def _unique(name: str, used: set[str]) -> str:
    candidate, n = name, 2
    while candidate.lower() in {u.lower() for u in used}:
        suffix = f" {n}"
        candidate, n = name[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate)
    return candidate
