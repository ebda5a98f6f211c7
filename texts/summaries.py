"""The wording of the final-mark risk alerts and of the weekly summary, in Russian."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from db.enums import AttendanceStatus
from services.marks.grading import Forecast
from services.views import AttendanceView, MarkView
from texts.formatting import MARK_NAMES, count_feminine, day, day_span, decimal, mark, plural

WEEK_ATTENDANCE = {
    AttendanceStatus.ABSENT: "пропуск",
    AttendanceStatus.ILL: "пропуск по болезни",
    AttendanceStatus.EXCUSED: "пропуск по уважительной причине",
    AttendanceStatus.LATE: "опоздание",
}


@dataclass(frozen=True)
class SubjectRisk:
    subject_id: int
    subject: str
    forecast: Forecast
    low: bool  # the forecast is below 3
    few: bool  # too few marks to certify, and the period is about to end


@dataclass(frozen=True)
class SubjectWeek:
    subject: str
    marks: tuple[MarkView, ...]
    average: float | None  # over the whole period


def _low(f: Forecast) -> str:
    assert f.average is not None
    text = f"прогноз {f.predicted}, средний балл {decimal(f.average)}"
    if f.next_mark is not None and f.fives_to_next is not None:
        text += f"; ещё {count_feminine(f.fives_to_next, MARK_NAMES[5])} — и выйдет {f.next_mark}"
    return text


def _few(f: Forecast) -> str:
    return f"мало отметок для аттестации: {f.marks_count} из {f.marks_required}"


def _reasons(risk: SubjectRisk) -> str:
    found = []
    if risk.low:
        found.append(_low(risk.forecast))
    if risk.few:
        found.append(_few(risk.forecast))
    return "; ".join(found)


def final_risk_for_guardian(
    who: str, risks: Sequence[SubjectRisk], period_name: str, period_ends: date
) -> str:
    heading = "Итоговая отметка под угрозой" if len(risks) == 1 else "Итоговые отметки под угрозой"
    lines = [f"{heading}: {who}, {period_name}."]
    lines += [f"• {risk.subject}: {_reasons(risk)}" for risk in risks]
    lines.append(f"Последний день периода — {day(period_ends)}.")
    return "\n".join(lines)


def final_risk_for_class(
    class_title: str,
    period_name: str,
    period_ends: date,
    pupils: Sequence[tuple[str, SubjectRisk]],
) -> str:
    """pupils: (full name, risk), in the order to list them."""
    lines = [
        f"Итоговые отметки под угрозой — {class_title}, {period_name} "
        f"(последний день — {day(period_ends)}):"
    ]
    lines += [f"• {name}, {risk.subject}: {_reasons(risk)}" for name, risk in pupils]
    return "\n".join(lines)


def _subject_line(s: SubjectWeek) -> str:
    week = ", ".join(mark(m) for m in s.marks) if s.marks else "за неделю оценок нет"
    if s.average is None:
        return f"• {s.subject}: {week}"
    return f"• {s.subject}: {week}; средний балл {decimal(s.average)}"


def _absence_line(a: AttendanceView) -> str:
    what = WEEK_ATTENDANCE.get(a.status, "пропуск")
    return f"• {day(a.lesson_date)}, {a.lesson_number}-й урок ({a.subject}): {what}"


def weekly_summary(
    who: str,
    week_start: date,
    week_end: date,
    period_name: str,
    subjects: Sequence[SubjectWeek] | None,
    absences: Sequence[AttendanceView],
    homework_due: int | None,
) -> str:
    """subjects and homework_due are None where the grade has neither marks nor homework."""
    parts = [f"Итоги недели {day_span(week_start, week_end)} — {who}"]
    if subjects is not None:
        heading = f"Оценки за неделю и средний балл за {period_name}:"
        parts.append(
            "\n".join([heading, *map(_subject_line, subjects)])
            if subjects
            else "Оценок за неделю нет."
        )
    if absences:
        parts.append("\n".join(["Пропуски и опоздания:", *map(_absence_line, absences)]))
    else:
        parts.append("Пропусков и опозданий нет.")
    if homework_due:
        words = plural(homework_due, ("задание", "задания", "заданий"))
        parts.append(f"На следующую неделю задано {homework_due} {words}.")
    elif homework_due is not None:
        parts.append("На следующую неделю домашних заданий пока нет.")
    return "\n\n".join(parts)
