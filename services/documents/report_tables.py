"""Each report of services.reports laid out as tables (services.documents.tables), for its PDF
and its XLSX alike."""

from datetime import date

from services.documents.tables import Cell, ReportDocument, Table, number, signed
from services.reports.attendance import AttendanceReport, Counts
from services.reports.filling import CHECK_TITLES, CHECKS, FillingReport
from services.reports.forecasts import FAILING, ForecastReport
from services.reports.results import ResultRow, ResultsReport
from services.views import PeriodBrief

PUPIL_HEADERS = ("Всего", "Отл.", "Хор.", "С одной 3", "С 3", "Неусп.", "Не атт.")
RESULT_HEADERS = ("Всего", "На 5", "На 4", "—", "На 3", "На 2", "Не атт.")
MEASURES = ("Качество, %", "Успев., %", "Ср. балл", "Δ кач.", "Δ успев.")
DEPUTY = "Заместитель директора по УВР"
CLASS_TEACHER = "Классный руководитель"


def period_line(period: PeriodBrief) -> str:
    return f"{period.name} ({period.starts_on:%d.%m.%Y}–{period.ends_on:%d.%m.%Y})"


def _result_cells(row: ResultRow, per_pupil: bool) -> tuple[Cell, ...]:
    t = row.tally
    counts: tuple[Cell, ...] = (
        (t.total, t.excellent, t.good, t.one_three, t.threes, t.failing, t.not_certified)
        if per_pupil
        else (t.total, t.excellent, t.good, t.threes, t.failing, t.not_certified)
    )
    return (
        row.title,
        *counts,
        number(t.quality),
        number(t.success),
        round(t.average, 2) if t.average is not None else None,
        signed(row.quality_change),
        signed(row.success_change),
    )


def results_document(report: ResultsReport) -> ReportDocument:
    pupil_headers = PUPIL_HEADERS + MEASURES
    result_headers = tuple(h for h in RESULT_HEADERS if h != "—") + MEASURES
    widths_pupils = (3.0, *([1.0] * (len(pupil_headers))))
    widths_results = (3.0, *([1.0] * (len(result_headers))))
    tables = (
        Table(
            "По классам",
            ("Класс", *pupil_headers),
            tuple(_result_cells(r, True) for r in report.by_class),
            widths_pupils,
            _result_cells(report.total, True),
        ),
        Table(
            "По предметам",
            ("Предмет", *result_headers),
            tuple(_result_cells(r, False) for r in report.by_subject),
            widths_results,
        ),
        Table(
            "По учителям",
            ("Учитель", *result_headers),
            tuple(_result_cells(r, False) for r in report.by_teacher),
            widths_results,
        ),
    )
    previous = f" Изменение — к периоду «{report.previous.name}»." if report.previous else ""
    notes: tuple[str, ...] = (
        "Качество — доля отличников и хорошистов (отметок 5 и 4), успеваемость — доля всех, "
        "кроме неуспевающих и неаттестованных; в процентах от всех учтённых." + previous,
        "По классам каждый ученик учтён один раз по всем предметам; по предметам и учителям "
        "— каждая итоговая (или прогнозная) отметка ученика.",
    )
    if report.forecast:
        notes = (
            *notes,
            "Где итоговые ещё не выставлены, учтён прогноз по средневзвешенному баллу.",
        )
    return ReportDocument(
        filename=f"results_{_slug(report.period)}",
        title=f"Результаты: процент качества и успеваемости, {report.period.name}",
        subtitle=f"{report.school_name} · {report.scope_title} · {period_line(report.period)}",
        tables=tables,
        notes=notes,
        signatures=(DEPUTY,),
        landscape=True,
    )


ATTENDANCE_HEADERS = (
    "Уроков",
    "Пропущено уроков",
    "по болезни",
    "по уваж. причине",
    "без уваж. причины",
    "Опозданий",
    "Дней пропущено",
    "по болезни",
    "по уваж. причине",
    "без уваж. причины",
)


def attendance_cells(title: str, c: Counts, whole_days: bool = True) -> tuple[Cell, ...]:
    days: tuple[Cell, ...] = (
        (c.days, c.days_ill, c.days_excused, c.days_unexcused) if whole_days else (None,) * 4
    )
    return (title, c.lessons, c.missed, c.ill, c.excused, c.unexcused, c.late, *days)


def attendance_document(report: AttendanceReport) -> ReportDocument:
    widths = (3.5, *([1.0] * len(ATTENDANCE_HEADERS)))
    tables = [
        Table(
            "По классам",
            ("Класс", *ATTENDANCE_HEADERS),
            tuple(attendance_cells(c.title, c.total, c.whole_days) for c in report.classes),
            widths,
            attendance_cells("Итого", report.total),
        )
    ]
    for c in report.classes:
        tables.append(
            Table(
                c.title,
                ("Ученик", *ATTENDANCE_HEADERS),
                tuple(attendance_cells(p.full_name, p.counts, c.whole_days) for p in c.pupils),
                widths,
                attendance_cells("Итого", c.total, c.whole_days),
            )
        )
    return ReportDocument(
        filename=f"attendance_{_slug(report.period)}",
        title=f"Посещаемость, {report.period.name}",
        subtitle=f"{report.school_name} · {report.scope_title} · "
        f"{report.period.starts_on:%d.%m.%Y}–{report.until:%d.%m.%Y}",
        tables=tuple(tables),
        notes=(
            "День считается пропущенным, только если пропущены все уроки ученика в этот день; "
            "по болезни — если все по болезни, без уважительной причины — если хотя бы один "
            "урок пропущен без неё.",
        ),
        signatures=(DEPUTY,),
        landscape=True,
    )


def filling_document(report: FillingReport) -> ReportDocument:
    headers = ("Учитель", "Класс", *(CHECK_TITLES[c] for c in CHECKS))
    rows: tuple[tuple[Cell, ...], ...] = tuple(
        (r.teacher, r.class_title, *(r.count(c) for c in CHECKS)) for r in report.rows
    )
    total: tuple[Cell, ...] = ("Итого", "", *(report.total(c) for c in CHECKS))
    details = tuple(
        (r.teacher, r.class_title, issue.text) for r in report.rows for issue in r.issues
    )
    return ReportDocument(
        filename=f"filling_{report.start:%Y-%m-%d}_{report.end:%Y-%m-%d}",
        title="Контроль заполнения журнала",
        subtitle=f"{report.school_name} · {report.scope_title} · "
        f"{report.start:%d.%m.%Y}–{report.end:%d.%m.%Y} · проверено уроков: "
        f"{report.lessons_checked}",
        tables=(
            Table("Сводка", headers, rows, (2.5, 1.0, *([1.2] * len(CHECKS))), total),
            Table("Подробно", ("Учитель", "Класс", "Что не так"), details, (2.0, 0.8, 7.0)),
        ),
        notes=(
            "Сроки — из настроек школы: перекличка (рег. 004, п. 8), темы и домашние задания "
            "(положение 001, п. 4.4.6), отметки за письменные и контрольные работы "
            "(004, пп. 11-12), итоговые отметки (003, п. 3.8.1; 004, п. 13).",
        ),
        signatures=(DEPUTY,),
        landscape=True,
    )


def forecast_document(report: ForecastReport) -> ReportDocument:
    summary = tuple(
        (c.class_title, c.pupils, c.count(FAILING), c.count("short")) for c in report.classes
    )
    details = tuple(
        (
            c.class_title,
            r.pupil,
            r.subject,
            r.teacher,
            "прогноз «2»" if r.kind == FAILING else "мало отметок",
            round(r.average, 2) if r.average is not None else None,
            f"{r.marks} из {r.required}",
        )
        for c in report.classes
        for r in c.risks
    )
    return ReportDocument(
        filename=f"forecast_{_slug(report.period)}",
        title=f"Прогноз на конец периода: {report.period.name}",
        subtitle=f"{report.school_name} · {report.scope_title} · {period_line(report.period)}",
        tables=(
            Table(
                "По классам",
                ("Класс", "Учеников", "С риском «2»", "С риском не быть аттестованным"),
                summary,
                (1.0, 1.0, 1.5, 2.0),
            ),
            Table(
                "Ученики в зоне риска",
                ("Класс", "Ученик", "Предмет", "Учитель", "Риск", "Ср. балл", "Отметок"),
                details,
                (0.7, 3.0, 3.0, 2.0, 1.4, 0.9, 1.0),
            ),
        ),
        notes=(
            "Прогноз — по средневзвешенному баллу; «мало отметок» — меньше, чем нужно для "
            "итоговой по положению (001, п. 5.2).",
        ),
        signatures=(DEPUTY,),
        landscape=True,
    )


def _slug(period: PeriodBrief) -> str:
    return f"{period.starts_on:%Y-%m-%d}"


def today_line(day: date) -> str:
    return f"Сформировано {day:%d.%m.%Y}"
