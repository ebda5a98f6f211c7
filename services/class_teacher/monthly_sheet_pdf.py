"""The printed monthly summary (001 §4.3.9): one A4 page per pupil, with the month's marks by
subject, the absences and their reasons, and lines for the guardian's signature."""

from fpdf import FPDF
from fpdf.enums import TextEmphasis
from fpdf.fonts import FontFace

from db.enums import AttendanceStatus
from services.class_teacher.monthly_sheet import MONTHS, MonthlySheets, PupilSheet
from services.documents import FONT

STATUS = {
    AttendanceStatus.ABSENT: "пропуск без уважительной причины",
    AttendanceStatus.ILL: "пропуск по болезни",
    AttendanceStatus.EXCUSED: "пропуск по уважительной причине",
    AttendanceStatus.LATE: "опоздание",
    AttendanceStatus.EXEMPT: "освобождён(а) от урока",
}
MARGIN = 15.0
WIDTH = 210.0 - 2 * MARGIN
HEADINGS = FontFace(emphasis=TextEmphasis.NONE, fill_color=(235, 235, 235))


def month_title(sheets: MonthlySheets) -> str:
    return f"{MONTHS[sheets.month_start.month - 1]} {sheets.month_start.year} г."


def _average(value: float | None) -> str:
    return f"{value:.2f}".replace(".", ",") if value is not None else "—"


def _text(pdf: FPDF, size: float, text: str, height: float = 5.5, gap: float = 0.0) -> None:
    pdf.set_font("DejaVu", size=size)
    pdf.set_x(MARGIN)
    pdf.multi_cell(WIDTH, height, text)
    if gap:
        pdf.ln(gap)


def _marks(pdf: FPDF, sheets: MonthlySheets, pupil: PupilSheet) -> None:
    _text(pdf, 12, "Успеваемость", 7)
    if not sheets.marks_kept:
        _text(pdf, 10, "В этом классе отметки не выставляются.", gap=3)
        return
    if not pupil.subjects:
        _text(pdf, 10, "Отметок за месяц нет.", gap=3)
        return
    month = MONTHS[sheets.month_start.month - 1]
    period = sheets.period.name if sheets.period else "период"
    pdf.set_font("DejaVu", size=9)
    with pdf.table(
        col_widths=(45, 85, 25, 25),
        text_align=("LEFT", "LEFT", "CENTER", "CENTER"),
        line_height=4.6,
        headings_style=HEADINGS,
        width=WIDTH,
    ) as table:
        table.row(("Предмет", f"Отметки за {month}", "Средний за месяц", f"Средний, {period}"))
        for s in pupil.subjects:
            marks = ", ".join(f"{m.day:%d.%m} {m.value} ({m.work_type})" for m in s.marks)
            table.row(
                (s.subject, marks or "—", _average(s.month_average), _average(s.period_average))
            )
    pdf.ln(1)
    used = {m.work_type for s in pupil.subjects for m in s.marks}
    if used:
        kinds = [(short, name) for short, name in sheets.work_types if short in used]
        legend = "; ".join(f"{short} — {name.lower()}" for short, name in kinds)
        _text(pdf, 7.5, f"Виды работ: {legend}.", 3.6)
    _text(pdf, 7.5, "Средний балл — средневзвешенный, с учётом веса вида работы.", 3.6, 3)


def _attendance(pdf: FPDF, pupil: PupilSheet) -> None:
    _text(pdf, 12, "Посещаемость", 7)
    if not pupil.absences:
        _text(pdf, 10, "Пропусков и опозданий нет.", gap=3)
        return
    _text(
        pdf,
        10,
        f"Пропущено уроков: {pupil.missed}, из них без уважительной причины: "
        f"{pupil.unexcused}. Опозданий: {pupil.late}.",
        gap=1,
    )
    pdf.set_font("DejaVu", size=9)
    with pdf.table(
        col_widths=(16, 11, 36, 50, 67),
        text_align=("CENTER", "CENTER", "LEFT", "LEFT", "LEFT"),
        line_height=4.6,
        headings_style=HEADINGS,
        width=WIDTH,
    ) as table:
        table.row(("Дата", "Урок", "Предмет", "Отметка", "Причина"))
        for a in pupil.absences:
            table.row(
                (f"{a.day:%d.%m}", str(a.number), a.subject, STATUS[a.status], a.reason or "—")
            )
    pdf.ln(3)


def _signatures(pdf: FPDF, sheets: MonthlySheets, pupil: PupilSheet) -> None:
    pdf.ln(4)
    line = "____________________"
    _text(pdf, 10, f"Классный руководитель: {line} / {sheets.class_teacher} /", 8, 2)
    _text(pdf, 10, "С результатами обучения ознакомлен(а), родитель (законный представитель):", 7)
    for guardian in pupil.guardians:
        _text(pdf, 10, f"{line} / {guardian} /     «___» ______________ 20___ г.", 9, 1)


def _page(pdf: FPDF, sheets: MonthlySheets, pupil: PupilSheet) -> None:
    pdf.add_page()
    pdf.set_text_color(90, 90, 90)
    _text(pdf, 8, f"{sheets.school_name} · {sheets.class_title}", 4, 2)
    pdf.set_text_color(0, 0, 0)
    _text(pdf, 15, f"Сводка успеваемости и посещаемости за {month_title(sheets)}", 8)
    _text(pdf, 12, f"Ученик: {pupil.full_name}, {sheets.class_title}", 7, 4)
    _marks(pdf, sheets, pupil)
    _attendance(pdf, pupil)
    _signatures(pdf, sheets, pupil)


def render_monthly_sheets(sheets: MonthlySheets, *, compress: bool = True) -> bytes:
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_compression(compress)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, MARGIN)
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_title(f"Сводки {sheets.class_title} за {month_title(sheets)}")
    pdf.set_creator(sheets.school_name)
    for pupil in sheets.pupils:
        _page(pdf, sheets, pupil)
    if not sheets.pupils:
        pdf.add_page()
        _text(
            pdf, 12, f"{sheets.class_title}: родителей, отказавшихся от электронного журнала, нет."
        )
    return bytes(pdf.output())
