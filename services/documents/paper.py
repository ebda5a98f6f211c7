"""The papers a school prints, signs and files: the class's summary sheet of final marks
(сводная ведомость, 001 §4.1.11, §9.3), a pupil's report card (табель) and a page of the
journal (003 §2.1). A4, DejaVu Sans, signature lines and a place for the seal."""

from services.documents.pdf_kit import Page
from services.documents.tables import shown
from services.reports.final_grid import FinalGrid, ReportCard
from services.reports.journal_page import JournalPage

DATES_PER_PAGE = 22
SEAL = "М. П."


def render_final_grid(grid: FinalGrid) -> bytes:
    what = f"за {grid.year_name} учебный год" if grid.is_year else f"за {grid.period.name}"
    title = f"Сводная ведомость итоговых отметок {grid.class_title} класса {what}"
    page = Page(title, grid.school_name, landscape=True)
    page.new_page()
    page.grey(8, grid.school_name)
    page.text(13, title, 7, 1)
    page.text(9, f"Классный руководитель: {grid.class_teacher}", 5, 2)
    headers = ("№", "Ученик", *grid.subjects)
    rows = [(str(n), r.full_name, *r.cells) for n, r in enumerate(grid.rows, 1)]
    totals = [
        ("", f"«{mark}»", *(str(grid.count(i, mark)) for i in range(len(grid.subjects))))
        for mark in ("5", "4", "3", "2")
    ]
    widths = (0.6, 4.5, *([1.0] * len(grid.subjects)))
    page.table(headers, rows + totals, widths, size=7.0, first_left=False)
    t = grid.tally
    page.text(
        9,
        f"Учтено учеников: {t.total}; отличников: {t.excellent}, хорошистов: {t.good}, "
        f"с одной «3»: {t.one_three}, неуспевающих: {t.failing}, не аттестовано: "
        f"{t.not_certified}. Качество: {shown(_pct(t.quality))} %, успеваемость: "
        f"{shown(_pct(t.success))} %.",
        5,
        2,
    )
    page.signatures(("Классный руководитель", "Директор"))
    page.text(10, SEAL, 6)
    return page.output()


def _pct(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


def render_report_card(card: ReportCard) -> bytes:
    title = f"Табель успеваемости за {card.year_name} учебный год"
    page = Page(title, card.school_name)
    page.new_page()
    page.grey(8, card.school_name)
    page.text(14, title, 7, 1)
    page.text(11, f"Ученик: {card.pupil}, {card.class_title} класс", 6, 3)
    headers = ("Предмет", *(p.name for p in card.periods))
    rows = [(name, *cells) for name, cells in card.subjects]
    widths = (4.0, *([1.2] * len(card.periods)))
    page.table(headers, rows, widths, size=9.0)
    if not rows:
        page.text(10, "Итоговых отметок пока нет.", 6)
    page.signatures(("Классный руководитель", "Родитель (законный представитель)"))
    return page.output()


def render_journal_page(journal: JournalPage) -> bytes:
    group = f" ({journal.group})" if journal.group else ""
    title = f"Журнал: {journal.class_title}{group}, {journal.subject}, {journal.period.name}"
    page = Page(title, journal.school_name, landscape=True)
    chunks = [
        list(range(i, min(i + DATES_PER_PAGE, len(journal.lessons))))
        for i in range(0, len(journal.lessons), DATES_PER_PAGE)
    ] or [[]]
    for n, chunk in enumerate(chunks):
        page.new_page()
        page.grey(8, f"{journal.school_name} · учитель: {journal.teacher}")
        page.text(12, title, 6, 1)
        last = n == len(chunks) - 1
        headers = (
            "Ученик",
            *(f"{journal.lessons[i].day:%d.%m}" for i in chunk),
            *(("Итог",) if last else ()),
        )
        rows = [
            (r.full_name, *(r.cells[i] for i in chunk), *((r.final,) if last else ()))
            for r in journal.rows
        ]
        widths = (4.0, *([0.8] * (len(headers) - 1)))
        page.table(headers, rows, widths, size=7.0)
    page.new_page()
    page.text(12, "Темы уроков и домашние задания", 6, 1)
    page.table(
        ("Дата", "Урок", "Тема", "Домашнее задание"),
        [(f"{x.day:%d.%m.%Y}", str(x.number), x.topic, x.homework) for x in journal.lessons],
        (1.2, 0.6, 6.0, 6.0),
        size=7.5,
    )
    page.grey(7, "н — отсутствовал, б — болел, у — по уважительной причине, оп — опоздал.")
    page.signatures(("Учитель",))
    return page.output()
