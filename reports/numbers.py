"""Numbers and times as a page shows them: one format per report, in the reader's convention.

English groups thousands with commas (12,345.6); Vietnamese with full stops and a decimal
comma (12.345,6). The workbook keeps the numbers themselves, so only the page needs this.
"""

from __future__ import annotations

import math
from datetime import datetime

from reports.document import Cell, Column, Labels


def number(value: float, decimals: int, labels: Labels) -> str:
    text = f"{value:,.{decimals}f}"
    if (labels.thousands, labels.decimal_point) == (",", "."):
        return text
    return text.replace(",", "\x00").replace(".", labels.decimal_point).replace("\x00", labels.thousands)


def cell_text(value: Cell, column: Column, labels: Labels, decimals: int | None = None) -> str:
    """A cell as text: numbers to the column's places (or ``decimals``), times to the minute."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return labels.no_value
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d" if column.kind == "date" else "%Y-%m-%d %H:%M")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number(value, column.decimals if decimals is None else decimals, labels)
    return str(value)
