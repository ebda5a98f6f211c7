"""A4 pages set in DejaVu Sans (Cyrillic), with a header, numbered pages and signature lines:
what every printed report of the journal shares (001 §2.3, §6.3: printed and certified)."""

from collections.abc import Sequence

from fpdf import FPDF

from services.documents import FONT
from services.documents.tables import ReportDocument, Table, shown

MARGIN = 12.0
HEADER_GREY = (232, 232, 232)
TOTAL_GREY = (245, 245, 245)
PAD = 0.8  # mm inside a cell
SIGNATURE_LINE = "____________________"


class Page:
    """One PDF being drawn: FPDF used through its public API only."""

    def __init__(self, title: str, author: str, *, landscape: bool = False) -> None:
        pdf = FPDF(orientation="landscape" if landscape else "portrait", unit="mm", format="A4")
        pdf.set_margins(MARGIN, MARGIN, MARGIN)
        pdf.set_auto_page_break(True, MARGIN + 4)
        pdf.add_font("DejaVu", "", str(FONT))
        pdf.set_title(title)
        pdf.set_creator(author)
        pdf.alias_nb_pages()
        self.pdf = pdf
        self.header = title
        self._widths: dict[tuple[str, float], float] = {}

    @property
    def width(self) -> float:
        return float(self.pdf.epw)

    def new_page(self) -> None:
        self.pdf.add_page()

    def footer(self) -> None:
        """The page number on every page, drawn once all pages exist."""
        pdf = self.pdf
        pages = pdf.page
        for n in range(1, pages + 1):
            pdf.page = n
            pdf.set_y(-MARGIN)
            pdf.set_font("DejaVu", size=7)
            pdf.set_text_color(110, 110, 110)
            pdf.cell(0, 4, f"{self.header} · страница {n} из {pages}", align="C")
        pdf.page = pages
        pdf.set_text_color(0, 0, 0)

    def text(self, size: float, text: str, height: float = 5.5, gap: float = 0.0) -> None:
        pdf = self.pdf
        pdf.set_font("DejaVu", size=size)
        pdf.set_x(MARGIN)
        pdf.multi_cell(self.width, height, text)
        if gap:
            pdf.ln(gap)

    def grey(self, size: float, text: str) -> None:
        self.pdf.set_text_color(90, 90, 90)
        self.text(size, text, 4, 1.5)
        self.pdf.set_text_color(0, 0, 0)

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float] = (),
        *,
        size: float = 8.0,
        total: Sequence[str] | None = None,
        first_left: bool = True,
    ) -> None:
        """A ruled table, the header repeated on every page. Drawn cell by cell with wrapped
        lines: fpdf2's own table() takes seconds for the thousand rows of a school."""
        count = len(headers)
        weights = list(widths) if len(widths) == count else [1.0] * count
        scale = self.width / sum(weights)
        cols = [w * scale for w in weights]
        line = size * 0.45
        self.pdf.set_font("DejaVu", size=size)
        self._row(headers, cols, line, fill=HEADER_GREY, center=True)
        for row in rows:
            self._row(row, cols, line, first_left=first_left, repeat=(headers, cols, line))
        if total is not None:
            self._row(total, cols, line, fill=TOTAL_GREY, first_left=first_left)
        self.pdf.ln(2)

    def _width(self, text: str) -> float:
        """get_string_width, remembered: a school's tables repeat the same names a lot."""
        key = (text, self.pdf.font_size_pt)
        found = self._widths.get(key)
        if found is None:
            found = self._widths[key] = float(self.pdf.get_string_width(text))
        return found

    def _wrap(self, text: str, width: float) -> list[str]:
        room = width - 2 * PAD
        if self._width(text) <= room:
            return [text]
        lines, current = [], ""
        for word in text.split(" "):
            candidate = f"{current} {word}" if current else word
            if self._width(candidate) <= room:
                current = candidate
                continue
            if current:
                lines.append(current)
            while self._width(word) > room and len(word) > 1:
                cut = len(word)
                while cut > 1 and self._width(word[:cut]) > room:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            current = word
        lines.append(current)
        return lines

    def _row(
        self,
        cells: Sequence[str],
        cols: Sequence[float],
        line: float,
        *,
        fill: tuple[int, int, int] | None = None,
        center: bool = False,
        first_left: bool = True,
        repeat: tuple[Sequence[str], Sequence[float], float] | None = None,
    ) -> None:
        pdf = self.pdf
        wrapped = [self._wrap(str(c), w) for c, w in zip(cells, cols, strict=True)]
        height = max(len(w) for w in wrapped) * line + 2 * PAD
        if pdf.get_y() + height > pdf.h - pdf.b_margin:
            pdf.add_page()
            if repeat is not None:
                self._row(repeat[0], repeat[1], repeat[2], fill=HEADER_GREY, center=True)
        x, y = MARGIN, pdf.get_y()
        for index, (lines, width) in enumerate(zip(wrapped, cols, strict=True)):
            if fill is not None:
                pdf.set_fill_color(*fill)
                pdf.rect(x, y, width, height, style="DF")
            else:
                pdf.rect(x, y, width, height)
            left = not center and index == 0 and first_left
            for n, text in enumerate(lines):
                shift = PAD if left else (width - self._width(text)) / 2
                pdf.text(x + shift, y + PAD + (n + 0.78) * line, text)
            x += width
        pdf.set_xy(MARGIN, y + height)

    def signatures(self, whose: Sequence[str]) -> None:
        if not whose:
            return
        self.pdf.ln(4)
        for who in whose:
            self.text(10, f"{who}: {SIGNATURE_LINE} / ______________ /", 8, 1)
        self.text(10, "«___» ______________ 20___ г.", 8)

    def output(self) -> bytes:
        self.footer()
        return bytes(self.pdf.output())


def render_report_pdf(document: ReportDocument) -> bytes:
    page = Page(document.title, document.subtitle, landscape=document.landscape)
    page.new_page()
    page.grey(8, document.subtitle)
    page.text(14, document.title, 7, 2)
    for table in document.tables:
        _table(page, table)
    for note in document.notes:
        page.grey(7.5, note)
    page.signatures(document.signatures)
    return page.output()


def _table(page: Page, table: Table) -> None:
    if table.title:
        page.text(11, table.title, 6, 1)
    if not table.rows:
        page.text(9, "Нет данных.", 5, 2)
        return
    page.table(
        table.headers,
        [[shown(c) for c in row] for row in table.rows],
        table.widths,
        total=[shown(c) for c in table.total] if table.total else None,
    )
