"""How the staff screens write lessons, pupils and attendance: "5А · Математика, 1-й урок"."""

from collections import Counter
from collections.abc import Iterable

from db.enums import AttendanceStatus, LessonStatus
from services.staff_views import LessonHomework, SheetMark, TeacherLesson
from texts import formatting, staff_phrases

A = AttendanceStatus
# The card keeps the homework to one line; the whole text is in the pupils' diary.
HOMEWORK_TEXT_LIMIT = 80
# The button's mark in the roll call, as a teacher writes it in the paper journal.
STATUS_CODE = {A.PRESENT: "✓", A.ABSENT: "н", A.LATE: "оп", A.ILL: "б", A.EXCUSED: "у/п"}
STATUS_CODE[A.EXEMPT] = "осв"
# One tap moves a pupil to the next status; an exemption goes back to "present".
CYCLE = (A.PRESENT, A.ABSENT, A.LATE, A.ILL, A.EXCUSED)
STATUS_PLURAL = {
    A.PRESENT: "на месте",
    A.ABSENT: "отсутствуют",
    A.LATE: "опоздали",
    A.ILL: "болеют",
    A.EXCUSED: "по уважительной причине",
    A.EXEMPT: "освобождены",
}
STATUS_ONE = {
    A.PRESENT: "на месте",
    A.ABSENT: "отсутствовал(а)",
    A.LATE: "опоздал(а)",
    A.ILL: "болеет",
    A.EXCUSED: "уважительная причина",
    A.EXEMPT: "освобождён(а)",
}


def next_status(status: AttendanceStatus) -> AttendanceStatus:
    if status not in CYCLE:
        return A.PRESENT
    return CYCLE[(CYCLE.index(status) + 1) % len(CYCLE)]


def short(full_name: str) -> str:
    """'Иванов Иван Петрович' -> 'Иванов И.': one button per pupil stays narrow."""
    parts = full_name.split()
    if len(parts) < 2:
        return full_name
    return f"{parts[0]} {parts[1][0]}."


def ordinal(number: int) -> str:
    return f"{number}-й урок"


def lesson_subject(lesson: TeacherLesson) -> str:
    return lesson.subject + (f" ({lesson.subgroup})" if lesson.subgroup else "")


def lesson_title(lesson: TeacherLesson) -> str:
    return f"{lesson.class_title} · {lesson_subject(lesson)}, {ordinal(lesson.number)}"


def lesson_when(lesson: TeacherLesson) -> str:
    parts = [formatting.day(lesson.date)]
    if lesson.starts_at and lesson.ends_at:
        parts.append(f"{formatting.clock(lesson.starts_at)}–{formatting.clock(lesson.ends_at)}")
    if lesson.room:
        parts.append(f"каб. {lesson.room}")
    line = ", ".join(parts)
    if lesson.is_substitution:
        line += " (замена)"
    if lesson.status == LessonStatus.CANCELLED:
        line += " — отменён"
    return line


def lesson_label(lesson: TeacherLesson) -> str:
    """A button: "1. 5А Математика ✓" (✓ once the roll call is taken)."""
    done = " ✓" if lesson.roll_call_done else ""
    return f"{lesson.number}. {lesson.class_title} {lesson.subject}{done}"


def marks_text(marks: Iterable[SheetMark]) -> str:
    return ", ".join(f"{m.value} ({m.work_type_short})" for m in marks)


def counts(statuses: Iterable[AttendanceStatus]) -> str:
    """ "на месте — 27, отсутствуют — 2, опоздали — 1": the statuses present in the list."""
    found = Counter(statuses)
    order = (*CYCLE, A.EXEMPT)
    return ", ".join(f"{STATUS_PLURAL[s]} — {found[s]}" for s in order if found[s])


def files_note(count: int) -> str:
    return staff_phrases.HOMEWORK_FILES.format(
        count=count, files=formatting.plural(count, staff_phrases.FILES)
    )


def homework_line(homework: LessonHomework | None) -> str:
    """ "Домашнее задание: № 12, стр. 40 · 📎 2 файла; и индивидуальные задания: 2"."""
    if homework is None:
        return staff_phrases.HOMEWORK_NONE
    parts = []
    if homework.texts:
        general = formatting.brief("; ".join(homework.texts), HOMEWORK_TEXT_LIMIT)
        parts.append(general + (f" · {files_note(homework.files)}" if homework.files else ""))
    if homework.individual:
        count = homework.individual
        if parts:
            individual = staff_phrases.HOMEWORK_INDIVIDUAL_TOO.format(count=count)
        else:
            individual = f"{count} {formatting.plural(count, staff_phrases.INDIVIDUAL_TASKS)}"
        if homework.individual_files:
            individual += f" · {files_note(homework.individual_files)}"
        parts.append(individual)
    return staff_phrases.HOMEWORK_LINE.format(what="; ".join(parts))
