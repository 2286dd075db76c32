"""Making a report: the right checked, the figures computed, the files written, the work audited.

Both the command line and the window come here, so a report is refused, made and recorded
the same way whoever asks. The cover carries the audit trail's head as it stood before the
report was recorded, so a later truncation of the trail is caught against any printed copy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path

from app.accounts.actors import Actor, Right
from app.accounts.guard import require, require_path
from app.audit.actions import Action
from app.audit.trail import AuditTrail
from app.i18n import in_language
from app.reporting.diagnostics_figures import diagnostics_figures
from app.reporting.diagnostics_report import diagnostics_document
from app.reporting.energy_figures import energy_figures
from app.reporting.energy_report import energy_document
from app.reporting.framing import Authorship
from app.reporting.operations_figures import operations_figures
from app.reporting.operations_report import operations_document
from app.site.config import SiteConfig
from app.timefmt import iso_utc, now_ms
from reports.document import Report
from reports.pdf import write_pdf
from reports.workbook import write_xlsx
from storage.database import Database
from storage.queries import interval_bounds


@dataclass(frozen=True)
class ReportRequest:
    kind: str
    #: A site id, or ``site/device``.
    scope: str
    from_ms: int
    to_ms: int
    zone: tzinfo
    pdf: Path
    xlsx: Path | None = None
    language: str = "en"


@dataclass(frozen=True)
class Made:
    pdf: Path
    pages: int
    xlsx: Path | None
    sheets: int


def _energy(db: Database, config: SiteConfig, request: ReportRequest, made: Authorship) -> Report:
    figures = energy_figures(
        db, config, request.scope, from_ms=request.from_ms, to_ms=request.to_ms, zone=request.zone
    )
    return energy_document(figures, made)


def _operations(db: Database, config: SiteConfig, request: ReportRequest, made: Authorship) -> Report:
    figures = operations_figures(db, config, request.scope, from_ms=request.from_ms, to_ms=request.to_ms)
    return operations_document(figures, request.zone, made)


def _diagnostics(db: Database, config: SiteConfig, request: ReportRequest, made: Authorship) -> Report:
    figures = diagnostics_figures(
        db,
        config,
        request.scope,
        from_ms=request.from_ms,
        to_ms=request.to_ms,
        day_bounds=tuple(interval_bounds(request.from_ms, request.to_ms, "day", request.zone)),
    )
    return diagnostics_document(figures, request.zone, made)


#: Each kind of report: its figures from the historian, then its document in the thread's language.
BUILDERS: dict[str, Callable[[Database, SiteConfig, ReportRequest, Authorship], Report]] = {
    "energy": _energy,
    "operations": _operations,
    "diagnostics": _diagnostics,
}
KINDS = tuple(BUILDERS)


class ReportCancelledError(Exception):
    """The person who asked for the report cancelled it; nothing was written or recorded."""


def _never() -> bool:
    return False


def make_report(
    trail: AuditTrail,
    actor: Actor,
    config: SiteConfig,
    request: ReportRequest,
    *,
    progress: Callable[[str], None] | None = None,
    cancelled: Callable[[], bool] = _never,
) -> Made:
    """Write the report ``request`` asks for, as ``actor``; refused without the right or the site.

    ``progress`` hears each stage by name; ``cancelled`` is asked between stages. The files are
    written under temporary names and renamed once complete, so a cancelled or failed report
    leaves nothing behind and an existing report is never half overwritten.
    """
    require(trail, actor, Right.RUN_REPORTS, request.scope)
    require_path(trail, actor, request.scope if "/" in request.scope else f"{request.scope}/")
    if request.kind not in KINDS:
        raise ValueError(f"no report {request.kind!r} (reports: {', '.join(KINDS)})")

    def stage(name: str) -> None:
        if cancelled():
            raise ReportCancelledError(request.pdf)
        if progress is not None:
            progress(name)

    stage("figures")
    made = Authorship(now_ms(), actor.display, str(trail.head()), request.language)
    with in_language(request.language):
        document = BUILDERS[request.kind](trail.db, config, request, made)
    stage("layout")
    pdf_part, xlsx_part = _part(request.pdf), None if request.xlsx is None else _part(request.xlsx)
    try:
        pages = write_pdf(document, pdf_part)
        stage("workbook")
        sheets = write_xlsx(document, xlsx_part) if xlsx_part is not None else 0
        stage("finishing")
        pdf_part.replace(request.pdf)
        if xlsx_part is not None and request.xlsx is not None:
            xlsx_part.replace(request.xlsx)
    finally:
        for part in (pdf_part, xlsx_part):
            if part is not None:
                part.unlink(missing_ok=True)
    trail.record(
        actor,
        Action.REPORT_GENERATED,
        request.scope,
        details={
            "report": request.kind,
            "from": iso_utc(request.from_ms),
            "to": iso_utc(request.to_ms),
            "pdf": str(request.pdf),
            "pages": pages,
            "xlsx": None if request.xlsx is None else str(request.xlsx),
            "language": request.language,
        },
    )
    return Made(request.pdf, pages, request.xlsx, sheets)


def _part(path: Path) -> Path:
    return path.with_name(f".{path.name}.part")
