"""Shared layout of billing documents (invoices, credit notes, tax attestations) with fpdf2.

A document is built top to bottom: `header` (régie, family, title and references), `table` rows,
`totals`, `paragraph`s, then `to_bytes()`. Only the PDF core fonts are used (no font files to ship):
text is written in Windows-1252, which has the French letters and the euro sign.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from fpdf import FPDF

from services.chassis.money import format_cents
from services.chassis.pdf import ENCODING, core_text

text = core_text  # `value` as text the core fonts can draw


@lru_cache(maxsize=4096)
def money(cents: int) -> str:
    return text(format_cents(cents))


@dataclass(frozen=True)
class Column:
    label: str
    width: float  # millimetres
    align: str = "L"  # L, C or R


class BillingDocument:
    """An A4 page (more if the table is long) with the régie's header and a footer with page numbers."""

    def __init__(self, title: str):
        self._pdf = _Pdf(title)
        self._pdf.core_fonts_encoding = ENCODING
        self._pdf.set_auto_page_break(auto=True, margin=18)
        self._pdf.set_margins(15, 15, 15)
        self._pdf.add_page()

    def header(self, regie: str, family_lines: list[str], title: str, references: list[tuple[str, str]]):
        """Régie on the left, the family's address block on the right, then the title and
        `references` as `label: value` lines (number, dates)."""
        pdf = self._pdf
        top = pdf.get_y()
        pdf.set_font("Helvetica", "B", 12)
        pdf.multi_cell(90, 6, text(regie))
        left_bottom = pdf.get_y()
        pdf.set_xy(115, top)
        pdf.set_font("Helvetica", "", 10)
        for line in family_lines:
            pdf.set_x(115)
            pdf.cell(80, 5, text(line), new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(max(left_bottom, pdf.get_y()) + 8)
        pdf.set_font("Helvetica", "B", 16)
        pdf.cell(0, 9, text(title), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 10)
        for label, value in references:
            pdf.cell(45, 5, text(label))
            pdf.cell(0, 5, text(value), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)

    def table(self, columns: list[Column], rows: list[list]):
        """A header row then one line per row; the header is repeated on each new page."""
        pdf = self._pdf
        self._table_header(columns)
        pdf.set_font("Helvetica", "", 9)
        pdf.set_draw_color(200, 200, 200)
        for row in rows:
            if pdf.will_page_break(6):
                pdf.add_page()
                self._table_header(columns)
                pdf.set_font("Helvetica", "", 9)
            self._row(columns, row)
        pdf.set_draw_color(0, 0, 0)
        pdf.ln(3)

    def _row(self, columns: list[Column], row: list):
        # Plain text() calls: a cell() per value costs ten times more, and a monthly run renders
        # thousands of invoices.
        pdf = self._pdf
        x, y = pdf.l_margin, pdf.get_y()
        for column, value in zip(columns, row):
            value = text(value)
            if column.align == "R":
                pdf.text(x + column.width - 1 - pdf.get_string_width(value), y + 4.2, value)
            else:
                pdf.text(x + 1, y + 4.2, value)
            x += column.width
        pdf.line(pdf.l_margin, y + 6, x, y + 6)
        pdf.set_y(y + 6)

    def _table_header(self, columns: list[Column]):
        pdf = self._pdf
        pdf.set_font("Helvetica", "B", 9)
        pdf.set_fill_color(230, 230, 230)
        for column in columns:
            pdf.cell(column.width, 7, text(column.label), border=1, align=column.align, fill=True)
        pdf.ln(7)

    def totals(self, rows: list[tuple[str, int]], bold_last: bool = True):
        """Amounts right-aligned under the table: `(label, cents)`."""
        pdf = self._pdf
        for index, (label, cents) in enumerate(rows):
            bold = bold_last and index == len(rows) - 1
            pdf.set_font("Helvetica", "B" if bold else "", 10)
            pdf.cell(140, 6, text(label), align="R")
            pdf.cell(40, 6, money(cents), align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)

    def heading(self, value: str):
        self._pdf.set_font("Helvetica", "B", 11)
        self._pdf.cell(0, 7, text(value), new_x="LMARGIN", new_y="NEXT")

    def paragraph(self, value: str):
        self._pdf.set_font("Helvetica", "", 10)
        self._pdf.multi_cell(0, 5, text(value), new_x="LMARGIN", new_y="NEXT")
        self._pdf.ln(2)

    def to_bytes(self) -> bytes:
        return bytes(self._pdf.output())


class _Pdf(FPDF):
    def __init__(self, title: str):
        super().__init__(format="A4")
        self._title = title
        self.set_title(text(title))
        self.set_creator("Portail Famille")

    def footer(self):
        self.set_y(-12)
        self.set_font("Helvetica", "", 8)
        self.cell(0, 5, text(f"{self._title} - page {self.page_no()}/{{nb}}"), align="C")
