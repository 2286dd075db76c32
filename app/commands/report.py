"""``wattkeeper report``: a report as a PDF, and its tables as a workbook beside it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.accounts.actors import RightMissingError, SiteHiddenError
from app.commands.context import CommandError, Context, plainly
from app.commands.signing_in import add_sign_in_options, signed_in
from app.i18n import translate
from app.reporting.local_time import ceil_quarter, floor_quarter
from app.reporting.meters import ScopeError
from app.reporting.service import KINDS, ReportRequest, make_report
from app.site.config import SiteConfig
from app.timefmt import parse_time


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    report = commands.add_parser("report", help="write a report as PDF (and its tables as XLSX)")
    report.add_argument("kind", choices=KINDS, metavar="KIND", help=f"one of: {', '.join(KINDS)}")
    report.add_argument(
        "--from",
        dest="start",
        required=True,
        help="start, in the site's local time unless an offset is given, e.g. 2026-11-01",
    )
    report.add_argument("--to", dest="end", required=True, help="end (not included), e.g. 2026-12-01")
    scope = report.add_mutually_exclusive_group()
    scope.add_argument("--site", metavar="SITE", help="a site of the site file (default: the first)")
    scope.add_argument("--device", metavar="SITE/DEVICE", help="one device instead of a whole site")
    report.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    report.add_argument("--xlsx", action="store_true", help="also write the tables as FILE.xlsx")
    report.add_argument("--lang", choices=("en", "vi"), default="en", help="language of the report")
    add_sign_in_options(report)
    report.set_defaults(handler=run_report)


def run_report(context: Context) -> int:
    args = context.args
    config = context.load_config()
    request = _request(config, args)
    with signed_in(context) as signed:
        made = plainly(
            lambda: make_report(signed.people.trail, signed.session.actor, config, request),
            RightMissingError,
            SiteHiddenError,
            ScopeError,
            OSError,
        )
    print(
        translate("cli", "{pdf}: {pages} pages").format(pdf=made.pdf, pages=made.pages)
        + (f"; {made.xlsx}: {made.sheets} tables" if made.xlsx else ""),
        file=sys.stderr,
    )
    return 0


def _request(config: SiteConfig, args: argparse.Namespace) -> ReportRequest:
    sites = [s.id for s in config.file.sites]
    scope = args.device or args.site or sites[0]
    site_id = scope.split("/", 1)[0]
    site = next((s for s in config.file.sites if s.id == site_id), None)
    if site is None:
        raise CommandError(
            translate("cli", "no site {site!r} in the site file (sites: {known})").format(
                site=site_id, known=", ".join(sites)
            )
        )
    zone = site.zone()
    try:
        start, end = parse_time(args.start, zone=zone), parse_time(args.end, zone=zone)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    if end <= start:
        raise CommandError(translate("cli", "--to must be after --from"))
    if args.out.suffix.lower() != ".pdf":
        raise CommandError(translate("cli", "--out names the PDF to write, e.g. report.pdf"))
    return ReportRequest(
        kind=args.kind,
        scope=scope,
        from_ms=floor_quarter(start),
        to_ms=ceil_quarter(end),
        zone=zone,
        pdf=args.out,
        xlsx=args.out.with_suffix(".xlsx") if args.xlsx else None,
        language=args.lang,
    )
