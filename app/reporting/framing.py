"""What every report has around its sections: who made it, the cover, the page furniture.

One place, so that each kind of report names its scope, period, zone, author and the audit
trail's head the same way, in the same words of the catalogue.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from app.i18n import translate
from reports.document import Column, Labels, Report, Section, Table


@dataclass(frozen=True)
class Authorship:
    """Who asked for the report, when, and the audit trail's head when it was made."""

    generated_ms: int
    by: str
    audit_head: str
    language: str = "en"


def labels(language: str) -> Labels:
    """The layout's own words and the reader's number marks (Vietnamese: 12.345,6)."""
    marks = {"decimal_point": ",", "thousands": "."} if language == "vi" else {}
    return Labels(
        more_rows=translate("Report", "{count} more rows are in the workbook."),
        contents=translate("Report", "Contents"),
        page=translate("Report", "Page {page} of {pages}"),
        **marks,
    )


def local_cell(ts_ms: int, zone: tzinfo) -> datetime:
    """UTC milliseconds as the site's local time, as a table cell holds it (no zone: it is on the cover)."""
    return datetime.fromtimestamp(ts_ms / 1000, zone).replace(tzinfo=None)


def local_minute(ts_ms: int, zone: tzinfo) -> str:
    return f"{datetime.fromtimestamp(ts_ms / 1000, zone):%Y-%m-%d %H:%M}"


def framed(
    title: str,
    scope: str,
    period: tuple[int, int, tzinfo],
    made: Authorship,
    sections: tuple[Section, ...],
    *,
    details: tuple[tuple[str, str], ...] = (),
) -> Report:
    """``sections`` with a cover naming the scope, ``details``, the period, zone, author and audit head."""
    from_ms, to_ms, zone = period
    span = f"{local_minute(from_ms, zone)} – {local_minute(to_ms, zone)}"
    cover = (
        (translate("Report", "Scope"), scope),
        *details,
        (translate("Report", "Period"), span),
        (translate("Report", "Time zone"), str(zone)),
        (translate("Report", "Generated"), local_minute(made.generated_ms, zone)),
        (translate("Report", "By"), made.by),
        (translate("Report", "Audit trail head"), made.audit_head),
    )
    return Report(
        title=title,
        subtitle=f"{scope} · {span}",
        cover=cover,
        sections=sections,
        labels=labels(made.language),
        language=made.language,
    )


#: A named figure, its value, unit and decimals.
Figure = tuple[str, float | int | None, str, int]


def key_figures(sheet: str, title: str, figures: Sequence[Figure]) -> Table:
    """A table of named figures, each with its unit and its own number of decimals."""
    return Table(
        sheet=sheet,
        title=title,
        columns=(
            Column(translate("Report", "Figure")),
            Column(translate("Report", "Value"), kind="number"),
            Column(translate("Report", "Unit")),
        ),
        rows=tuple((name, value, unit) for name, value, unit, _ in figures),
        row_decimals=tuple(decimals for *_, decimals in figures),
    )


def silences_table(
    title: str, silences: Sequence[tuple[str, int, int]], zone: tzinfo, *, empty: str, shown: int
) -> Table:
    """Each (device, from, to) silence, longest first, with its length in hours."""
    longest = sorted(silences, key=lambda g: g[1] - g[2])
    return Table(
        sheet="Gaps",
        title=title,
        columns=(
            Column(translate("Report", "Device")),
            Column(translate("Report", "From"), kind="time"),
            Column(translate("Report", "To"), kind="time"),
            Column(translate("Report", "Length"), "h", "number", 2),
        ),
        rows=tuple(
            (device, local_cell(lo, zone), local_cell(hi, zone), (hi - lo) / 3_600_000)
            for device, lo, hi in longest
        ),
        empty=empty,
        shown=shown,
    )
