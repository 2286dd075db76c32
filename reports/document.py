"""A report as data: sections of text, tables and charts, already computed and translated.

The analysis (in ``app``) fills these from the historian; the layout here turns the same
object into a PDF and an XLSX workbook. Keeping the two apart lets the layout be timed on
its own and lets every number on a page come from a table that is also written as data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

#: A table cell: text, a number, a local time, or nothing (shown as a dash).
Cell = str | int | float | datetime | None


@dataclass(frozen=True)
class Column:
    """How a column's cells read: numbers with ``decimals`` places, times to the minute."""

    title: str
    unit: str = ""
    kind: Literal["text", "number", "time", "date"] = "text"
    decimals: int = 0


@dataclass(frozen=True)
class Table:
    """A table on the page and, under ``sheet`` (at most 31 characters), a sheet of the workbook."""

    sheet: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    #: Shown instead of an empty table, saying why there is nothing.
    empty: str = ""
    #: Per row, the decimals of its number cells when they differ by row (a table of key figures).
    row_decimals: tuple[int, ...] = ()
    #: At most this many rows on the page (0: all); the workbook always holds every row.
    shown: int = 0

    def __post_init__(self) -> None:
        if len(self.sheet) > 31:
            raise ValueError(f"sheet name {self.sheet!r} is longer than 31 characters")
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(
                    f"table {self.sheet!r}: a row of {len(row)} cells for {len(self.columns)} columns"
                )


@dataclass(frozen=True)
class Text:
    text: str
    #: ``warning`` for what a reader must not miss (missing data, an invalid baseline).
    tone: Literal["body", "note", "warning"] = "body"


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class Bars:
    """A bar chart; several series stand side by side and differ in grey and in the legend."""

    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str


@dataclass(frozen=True)
class HeatMap:
    """Values by row (days) and column (hours), darker for more; blank where nothing was recorded."""

    title: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    values: tuple[tuple[float | None, ...], ...]
    unit: str


Block = Text | Table | Bars | HeatMap


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Labels:
    """The layout's own words, translated by the caller (the layout knows no language)."""

    contents: str = "Contents"
    #: With ``{page}`` and ``{pages}``.
    page: str = "Page {page} of {pages}"
    no_value: str = "–"
    #: With ``{count}``: under a table cut short on the page.
    more_rows: str = "{count} more rows are in the workbook."
    decimal_point: str = "."
    thousands: str = ","


@dataclass(frozen=True)
class Report:
    title: str
    #: Site and period, under the title and in every page's footer.
    subtitle: str
    #: Label and value lines of the cover: site, period, time zone, generated at, by whom, audit head.
    cover: tuple[tuple[str, str], ...]
    sections: tuple[Section, ...]
    labels: Labels = field(default_factory=Labels)
    language: str = "en"

    def tables(self) -> list[Table]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]
