"""The reports as chat messages: the same figures as their PDF and XLSX (both drawn from
services.documents.report_tables, both rounded the same way), shorter."""

from services.documents.tables import number, shown, shown_change
from services.reports.attendance import AttendanceReport, Counts
from services.reports.filling import CHECK_TITLES, CHECKS, FillingReport
from services.reports.forecasts import FAILING, SHORT, ForecastReport
from services.reports.results import ResultRow, ResultsReport

DETAIL_LINES = 30  # the chat shows this many; the files show all
FEW_CLASSES = 3  # up to this many classes the chat names the pupils who missed lessons


def _pct(value: float | None) -> str:
    return f"{shown(number(value))} %"


def result_line(row: ResultRow) -> str:
    t = row.tally
    change = ""
    if row.previous is not None:
        change = (
            f" ({shown_change(number(row.quality_change))} / "
            f"{shown_change(number(row.success_change))})"
        )
    return (
        f"{row.title}: качество {_pct(t.quality)}, успеваемость {_pct(t.success)}{change}; "
        f"уч. {t.total}"
    )


def results_text(report: ResultsReport) -> str:
    t = report.total.tally
    head = f"Успеваемость · {report.scope_title} · {report.period.name}"
    if report.forecast:
        head += " (где нет итоговых — прогноз)"
    lines = [
        head,
        result_line(report.total),
        f"Отличников {t.excellent}, хорошистов {t.good}, с одной «3» {t.one_three}, "
        f"с «3» {t.threes}, неуспевающих {t.failing}, не аттестовано {t.not_certified}.",
    ]
    if report.previous:
        lines.append(f"В скобках — изменение к периоду «{report.previous.name}», п. п.")
    for title, rows in (
        ("По классам", report.by_class),
        ("По предметам", report.by_subject),
        ("По учителям", report.by_teacher),
    ):
        if rows:
            lines += ["", f"{title}:"] + [f"• {result_line(r)}" for r in rows[:DETAIL_LINES]]
            if len(rows) > DETAIL_LINES:
                lines.append(f"…и ещё {len(rows) - DETAIL_LINES} — в файле.")
    return "\n".join(lines)


def counts_line(c: Counts, whole_days: bool = True) -> str:
    days = (
        f"; дней {c.days} (болезнь {c.days_ill}, уваж. {c.days_excused}, "
        f"без причины {c.days_unexcused})"
        if whole_days
        else ""
    )
    return (
        f"уроков пропущено {c.missed} из {c.lessons} (болезнь {c.ill}, уваж. {c.excused}, "
        f"без причины {c.unexcused}), опозданий {c.late}{days}"
    )


def attendance_text(report: AttendanceReport) -> str:
    lines = [
        f"Посещаемость · {report.scope_title} · {report.period.name}, по {report.until:%d.%m.%Y}",
        f"Итого: {counts_line(report.total)}.",
        "",
    ]
    for cls in report.classes[:DETAIL_LINES]:
        lines.append(f"{cls.title}: {counts_line(cls.total, cls.whole_days)}")
        if len(report.classes) <= FEW_CLASSES:
            lines += [
                f"• {p.full_name}: {counts_line(p.counts, cls.whole_days)}"
                for p in cls.pupils
                if p.counts.missed or p.counts.late
            ]
    lines.append("День пропущен, только если пропущены все уроки ученика в этот день.")
    return "\n".join(lines)


def forecast_text(report: ForecastReport) -> str:
    lines = [f"Прогноз · {report.scope_title} · {report.period.name}"]
    for c in report.classes:
        lines.append(
            f"• {c.class_title}: риск «2» — {c.count(FAILING)}, риск не быть аттестованным — "
            f"{c.count(SHORT)} из {c.pupils}"
        )
    shown_risks = [(c.class_title, r) for c in report.classes for r in c.risks][:DETAIL_LINES]
    if shown_risks:
        lines += ["", "Ученики в зоне риска:"]
        for klass, r in shown_risks:
            why = "прогноз «2»" if r.kind == FAILING else f"отметок {r.marks} из {r.required}"
            lines.append(f"• {klass}, {r.pupil}, {r.subject}: {why}")
        if report.risks > len(shown_risks):
            lines.append(f"…и ещё {report.risks - len(shown_risks)} — в файле.")
    elif not report.classes:
        lines.append("Отметок за период пока нет.")
    return "\n".join(lines)


def filling_text(report: FillingReport) -> str:
    lines = [
        f"Заполнение журнала · {report.scope_title} · {report.start:%d.%m}–{report.end:%d.%m.%Y}",
        f"Проверено уроков: {report.lessons_checked}.",
    ]
    totals = [f"{CHECK_TITLES[c]} — {report.total(c)}" for c in CHECKS if report.total(c)]
    lines.append(("Замечания: " + "; ".join(totals) + ".") if totals else "Замечаний нет.")
    for row in report.rows[:DETAIL_LINES]:
        counts = ", ".join(f"{CHECK_TITLES[c]} {row.count(c)}" for c in CHECKS if row.count(c))
        lines.append(f"• {row.teacher}, {row.class_title}: {counts}")
    if len(report.rows) > DETAIL_LINES:
        lines.append(f"…и ещё {len(report.rows) - DETAIL_LINES} — в файле.")
    return "\n".join(lines)
