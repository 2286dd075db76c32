"""The report layout, read back as its readers do: the PDF's text and the workbook's cells."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from reports.document import Bars, Column, HeatMap, Labels, Report, Section, Series, Table, Text
from reports.numbers import number
from reports.pdf import write_pdf
from reports.workbook import write_xlsx

START = datetime(2026, 11, 1)
EN = Labels()
VI = Labels(contents="Mục lục", page="Trang {page} / {pages}", decimal_point=",", thousands=".")


def sample_report(labels: Labels = EN, language: str = "en", rows: int = 3) -> Report:
    consumption = Table(
        sheet="Consumption",
        title="Tiêu thụ theo ngày",
        columns=(
            Column("Ngày", kind="date"),
            Column("Điện năng", "kWh", "number", 1),
            Column("Đỉnh lúc", kind="time"),
        ),
        rows=tuple(
            (START + timedelta(days=d), 1234.5 + d, START + timedelta(days=d, hours=18, minutes=15))
            for d in range(rows)
        ),
    )
    empty = Table("Gaps", "Khoảng trống", (Column("Từ", kind="time"),), (), empty="Không có khoảng trống")
    return Report(
        title="Phân tích tiêu thụ điện năng",
        subtitle="Nhà máy Hà Nội · tháng 11 năm 2026",
        cover=(("Múi giờ", "Asia/Ho_Chi_Minh"), ("Người lập", "anna@plant.example")),
        sections=(
            Section(
                "Tiêu thụ",
                (
                    Text("Cơ sở không hợp lệ: R² dưới 0,5", tone="warning"),
                    consumption,
                    Bars("Hồ sơ theo giờ", ("00", "01"), (Series("kWh", (1.0, None)),), "kWh"),
                    HeatMap("Giờ × ngày", ("01-11",), ("00", "01"), ((2.0, None),), "kWh"),
                ),
            ),
            Section("Chất lượng dữ liệu", (empty,)),
        ),
        labels=labels,
        language=language,
    )


def pdf_text(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def test_a_vietnamese_report_keeps_its_diacritics_contents_and_page_numbers(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    pages = write_pdf(sample_report(VI, "vi"), path)
    text = pdf_text(path)
    assert len(text) == pages == 3  # cover and contents, then one page per section
    assert "Phân tích tiêu thụ điện năng" in text[0] and "Asia/Ho_Chi_Minh" in text[0]
    # The contents: each section with its page (pypdf reads the right-aligned number first).
    assert re.search(r"Mục lục\s+2\s+Tiêu thụ\s+3\s+Chất lượng dữ liệu", text[0]), text[0]
    assert all(f"Trang {n} / 3" in page for n, page in enumerate(text, start=1))
    assert "1.234,5" in text[1] and "1.236,5" in text[1]  # Vietnamese thousands and decimal marks
    assert "2026-11-01 18:15" in text[1]
    assert "Cơ sở không hợp lệ" in text[1]
    assert "Không có khoảng trống" in text[2]


def test_every_table_is_a_sheet_of_real_numbers_and_times(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    assert write_xlsx(sample_report(), path) == 2
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["About", "Consumption", "Gaps"]
    about = book["About"]
    assert about["A1"].value == "Phân tích tiêu thụ điện năng" and about["B5"].value == "anna@plant.example"
    sheet = book["Consumption"]
    assert [c.value for c in sheet[2]] == ["Ngày", "Điện năng (kWh)", "Đỉnh lúc"]
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=3)] == [
        [datetime(2026, 11, 1 + d), 1234.5 + d, datetime(2026, 11, 1 + d, 18, 15)] for d in range(3)
    ]
    assert book["Gaps"]["A3"].value == "Không có khoảng trống"


def test_a_long_table_repeats_its_header_on_each_page(tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    write_pdf(sample_report(rows=28 * 6), path)  # a day per row, more than a page holds
    text = pdf_text(path)
    continued = [page for page in text[1:] if "Điện năng (kWh)" in page]
    assert len(continued) >= 2
    assert "1,401.5" in "".join(text)  # the last row is there, in English separators


def test_a_table_whose_rows_do_not_match_its_columns_is_refused() -> None:
    with pytest.raises(ValueError, match="a row of 1 cells for 2 columns"):
        Table("T", "T", (Column("a"), Column("b")), (("x",),))
    with pytest.raises(ValueError, match="longer than 31"):
        Table("x" * 32, "T", (), ())


@pytest.mark.parametrize(
    ("value", "decimals", "labels", "text"),
    [(12345.678, 1, EN, "12,345.7"), (12345.678, 1, VI, "12.345,7"), (-0.5, 2, VI, "-0,50")],
)
def test_numbers_read_in_the_reader_s_convention(
    value: float, decimals: int, labels: Labels, text: str
) -> None:
    assert number(value, decimals, labels) == text
