"""A :class:`~reports.document.Report` laid out as a PDF with reportlab's platypus.

Cover, contents, then the sections, each page footed with the report, its subtitle and
"page n of N". Contents and page totals need the document's length, so it is built in
passes (``multiBuild``) and the page numbers are drawn once the last page is known.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as Grid
from reportlab.platypus.tableofcontents import TableOfContents

from reports.charts import bar_chart, heat_map
from reports.document import Bars, Block, HeatMap, Report, Table, Text
from reports.fonts import BOLD, REGULAR, register_fonts
from reports.numbers import cell_text

MARGIN = 18 * mm
#: The text width: the frame is this wide with no padding, so a table or chart as wide fits it.
WIDTH = A4[0] - 2 * MARGIN
HEADER_GREY = colors.Color(0.88, 0.88, 0.88)
#: The cover's label column: its longest Vietnamese label on one line, and the audit head
#: (a sequence number and 64 hexadecimal digits) still on one line beside it.
COVER_LABEL = 50 * mm


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=9, leading=12)
    return {
        "body": body,
        "note": ParagraphStyle(
            "note", parent=body, fontSize=8, leading=10, textColor=colors.Color(0.3, 0.3, 0.3)
        ),
        "warning": ParagraphStyle(
            "warning",
            parent=body,
            fontName=BOLD,
            borderColor=colors.black,
            borderWidth=0.8,
            borderPadding=4,
            spaceBefore=4,
            spaceAfter=6,
            backColor=colors.Color(0.93, 0.93, 0.93),
        ),
        "title": ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=22, leading=28, spaceAfter=6),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontSize=12, leading=16, spaceAfter=18),
        "h1": ParagraphStyle(
            "h1", parent=body, fontName=BOLD, fontSize=14, leading=18, spaceBefore=6, spaceAfter=8
        ),
        "h2": ParagraphStyle(
            "h2", parent=body, fontName=BOLD, fontSize=10, leading=13, spaceBefore=8, spaceAfter=4
        ),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8, leading=10),
        "cover": ParagraphStyle("cover", parent=body, fontSize=7.5, leading=10),
        "head": ParagraphStyle("head", parent=body, fontName=BOLD, fontSize=8, leading=10),
        "number head": ParagraphStyle(
            "number head", parent=body, fontName=BOLD, fontSize=8, leading=10, alignment=TA_RIGHT
        ),
        "toc": ParagraphStyle("toc", parent=body, fontSize=10, leading=16),
    }


class _Document(BaseDocTemplate):
    """Sends each section heading to the contents."""

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (reportlab's name)
        if isinstance(flowable, Paragraph) and flowable.style.name == "h1":
            self.notify("TOCEntry", (0, flowable.getPlainText(), self.page))


def _numbered_canvas(report: Report) -> type[Canvas]:
    footer = f"{report.title} · {report.subtitle}"

    class NumberedCanvas(Canvas):
        """Holds every page until the last, then writes "page n of N" on each."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(REGULAR, 7.5)
                self.setFillColor(colors.Color(0.3, 0.3, 0.3))
                self.drawString(MARGIN, 10 * mm, footer[:120])
                self.drawRightString(
                    A4[0] - MARGIN, 10 * mm, report.labels.page.format(page=self._pageNumber, pages=total)
                )
                super().showPage()
            super().save()

    return NumberedCanvas


#: Rows per grid: a long table is laid out as consecutive grids, because reportlab splits one
#: grid across pages by measuring its whole remainder again on each page (quadratic in rows).
ROWS_PER_GRID = 40
_GRID_STYLE = TableStyle(
    [
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_GREY),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.2, colors.Color(0.75, 0.75, 0.75)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("FONT", (0, 1), (-1, -1), REGULAR, 8, 10),
    ]
)


def _table(table: Table, report: Report, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    """A table's title and grids. Only text cells are paragraphs (they may wrap); figures and
    times are plain strings, right- or left-aligned by their column, which lays out far faster."""
    title = Paragraph(escape(table.title), styles["h2"])
    if not table.rows:
        return [
            KeepTogether([title, Paragraph(escape(table.empty or report.labels.no_value), styles["note"])])
        ]
    head = []
    for column in table.columns:
        text = escape(column.title) + (f" ({escape(column.unit)})" if column.unit else "")
        head.append(Paragraph(text, styles["number head" if column.kind == "number" else "head"]))
    body = []
    rows = table.rows[: table.shown] if table.shown else table.rows
    for r, row in enumerate(rows):
        decimals = table.row_decimals[r] if table.row_decimals else None
        cells: list[str | Paragraph] = []
        for value, column in zip(row, table.columns, strict=True):
            text = cell_text(value, column, report.labels, decimals)
            cells.append(Paragraph(escape(text), styles["cell"]) if column.kind == "text" else text)
        body.append(cells)
    aligned = [
        ("ALIGN", (c, 1), (c, -1), "RIGHT")
        for c, column in enumerate(table.columns)
        if column.kind == "number"
    ]
    flow: list[Flowable] = [CondPageBreak(40 * mm), title]
    for first in range(0, len(body), ROWS_PER_GRID):
        grid = Grid(
            [head, *body[first : first + ROWS_PER_GRID]],
            repeatRows=1,
            hAlign="LEFT",
            colWidths=_widths(table),
        )
        grid.setStyle(_GRID_STYLE)
        grid.setStyle(TableStyle(aligned))
        flow.append(grid)
    if len(rows) < len(table.rows):
        more = report.labels.more_rows.format(count=len(table.rows) - len(rows))
        flow.append(Paragraph(escape(more), styles["note"]))
    return flow


#: The widest text of a time or date cell.
_WIDEST = {"time": "0000-00-00 00:00", "date": "0000-00-00"}


def _widths(table: Table) -> list[float]:
    """Text columns get twice a number's share of the width, so names wrap less than figures;
    no column is narrower than the longest word of its heading, which must never break, nor
    than a time or date, which is drawn on one line."""
    weights = [2.0 if c.kind == "text" else 1.0 for c in table.columns]
    headings = [c.title + (f" ({c.unit})" if c.unit else "") for c in table.columns]
    floors = [
        max([stringWidth(_WIDEST.get(c.kind, ""), REGULAR, 8), *(stringWidth(w, BOLD, 8) for w in h.split())])
        + 14
        for h, c in zip(headings, table.columns, strict=True)
    ]
    share = [WIDTH * w / sum(weights) for w in weights]
    if all(s >= f for s, f in zip(share, floors, strict=True)):
        return share
    rest = WIDTH - sum(floors)
    return [f + rest * w / sum(weights) for f, w in zip(floors, weights, strict=True)]


def _block(block: Block, report: Report, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    if isinstance(block, Text):
        return [Paragraph(escape(block.text).replace("\n", "<br/>"), styles[block.tone])]
    if isinstance(block, Table):
        return _table(block, report, styles)
    if isinstance(block, Bars):
        return [KeepTogether([bar_chart(block, WIDTH, report.labels), Spacer(1, 6)])]
    if isinstance(block, HeatMap):
        return [KeepTogether([heat_map(block, WIDTH, report.labels), Spacer(1, 6)])]
    raise TypeError(f"no layout for {type(block).__name__}")


def story(report: Report) -> list[Flowable]:
    """The flowables of the whole report: cover and contents on the first page, then the sections."""
    register_fonts()
    styles = _styles()
    flow: list[Flowable] = [
        Paragraph(escape(report.title), styles["title"]),
        Paragraph(escape(report.subtitle), styles["subtitle"]),
    ]
    cover = Grid(
        [
            [Paragraph(escape(k), styles["head"]), Paragraph(escape(v), styles["cover"])]
            for k, v in report.cover
        ],
        colWidths=[COVER_LABEL, WIDTH - COVER_LABEL],
        hAlign="LEFT",
    )
    cover.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.2, colors.Color(0.75, 0.75, 0.75))]))
    contents = TableOfContents()
    contents.levelStyles = [styles["toc"]]
    flow += [cover, Spacer(1, 14 * mm), Paragraph(escape(report.labels.contents), styles["h2"]), contents]
    for section in report.sections:
        flow += [PageBreak(), Paragraph(escape(section.title), styles["h1"])]
        for block in section.blocks:
            flow += _block(block, report, styles)
    return flow


def write_pdf(report: Report, path: Path) -> int:
    """Write the report to ``path``; the number of pages."""
    document = _Document(
        str(path),
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=report.title,
        subject=report.subtitle,
        author="Wattkeeper",
        lang=report.language,
    )
    frame = Frame(
        MARGIN,
        MARGIN + 4 * mm,
        WIDTH,
        A4[1] - 2 * MARGIN - 4 * mm,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    document.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    document.multiBuild(story(report), canvasmaker=_numbered_canvas(report))
    return document.page
