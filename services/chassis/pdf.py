"""Small PDF documents with fpdf2 and its core fonts (no font file to ship): a title, `label: value`
lines and paragraphs. Text is written in Windows-1252, which has the French letters and the euro
sign; the wording is the calling service's."""
from __future__ import annotations

from fpdf import FPDF

ENCODING = "windows-1252"
# Babel writes amounts with narrow no-break spaces, which Windows-1252 lacks.
_REPLACEMENTS = {"\u202f": " ", "\u2009": " ", "\u2019": "'", "\u2013": "-", "\u2014": "-"}


def core_text(value) -> str:
    """`value` as text the core fonts can draw: unknown characters become '?'."""
    out = str(value if value is not None else "")
    for char, replacement in _REPLACEMENTS.items():
        out = out.replace(char, replacement)
    return out.encode(ENCODING, "replace").decode(ENCODING)


class SimpleDocument:
    """One A4 page written top to bottom."""

    def __init__(self, title: str, author: str = "Portail Famille"):
        self._pdf = FPDF(format="A4")
        self._pdf.core_fonts_encoding = ENCODING
        self._pdf.set_title(core_text(title))
        self._pdf.set_creator(core_text(author))
        self._pdf.set_margins(20, 20, 20)
        self._pdf.add_page()
        self.line(author, bold=True)
        self._pdf.ln(8)
        self._pdf.set_font("Helvetica", "B", 16)
        self._pdf.cell(0, 10, core_text(title), new_x="LMARGIN", new_y="NEXT")
        self._pdf.ln(4)

    def line(self, value: str, bold: bool = False):
        self._pdf.set_font("Helvetica", "B" if bold else "", 11)
        self._pdf.cell(0, 6, core_text(value), new_x="LMARGIN", new_y="NEXT")

    def facts(self, rows: list[tuple[str, str]]):
        """`label: value` lines, labels in a column."""
        for label, value in rows:
            self._pdf.set_font("Helvetica", "", 11)
            self._pdf.cell(55, 7, core_text(label))
            self._pdf.set_font("Helvetica", "B", 11)
            self._pdf.cell(0, 7, core_text(value), new_x="LMARGIN", new_y="NEXT")
        self._pdf.ln(4)

    def paragraph(self, value: str):
        self._pdf.set_font("Helvetica", "", 10)
        self._pdf.multi_cell(0, 5, core_text(value), new_x="LMARGIN", new_y="NEXT")
        self._pdf.ln(2)

    def to_bytes(self) -> bytes:
        return bytes(self._pdf.output())
