"""The paper-journal layout: "пн, 24 ноября", "5 (к/р)", "2. 09:25–10:10 Математика, каб. 21"."""

from collections.abc import Sequence
from datetime import date, time

from db.enums import LessonStatus
from services.marks.grading import Forecast
from services.views import GraduateBrief, LessonView, MarkView, PupilBrief
from texts import phrases
from texts.declension import guess_gender

WEEKDAYS = ("пн", "вт", "ср", "чт", "пт", "сб", "вс")
WEEKDAYS_FULL = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")
MONTHS_GENITIVE = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
# Feminine cardinal numbers: "одна пятёрка", "две пятёрки".
FEMININE_NUMBERS = (
    *("ноль", "одна", "две", "три", "четыре", "пять"),
    *("шесть", "семь", "восемь", "девять", "десять"),
)
MARK_NAMES = {
    2: ("двойка", "двойки", "двоек"),
    3: ("тройка", "тройки", "троек"),
    4: ("четвёрка", "четвёрки", "четвёрок"),
    5: ("пятёрка", "пятёрки", "пятёрок"),
}


def plural(n: int, forms: tuple[str, str, str]) -> str:
    """forms: for 1, for 2-4, for 5 and more (оценка, оценки, оценок)."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return forms[0]
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return forms[1]
    return forms[2]


def count_feminine(n: int, forms: tuple[str, str, str]) -> str:
    word = FEMININE_NUMBERS[n] if 0 <= n < len(FEMININE_NUMBERS) else str(n)
    return f"{word} {plural(n, forms)}"


def brief(text: str, limit: int) -> str:
    """The text on one line, cut at a word boundary when longer than `limit`."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,.;:—-") + "…"


def with_reason(status: str, reason: str | None) -> str:
    """ "пропуск — ездили к врачу", but "опоздание на 10 минут" rather than "опоздание —
    Опоздание на 10 минут" when the reason already says what happened."""
    if not reason:
        return status
    if reason.casefold().startswith(status.casefold()):
        return reason[:1].lower() + reason[1:]
    return f"{status} — {reason}"


def day(d: date) -> str:
    return f"{WEEKDAYS[d.weekday()]}, {d.day} {MONTHS_GENITIVE[d.month - 1]}"


def day_long(d: date) -> str:
    return f"{WEEKDAYS_FULL[d.weekday()].capitalize()}, {d.day} {MONTHS_GENITIVE[d.month - 1]}"


def day_span(start: date, end: date) -> str:
    end_text = f"{end.day} {MONTHS_GENITIVE[end.month - 1]}"
    if start.month == end.month:
        return f"{start.day}–{end_text}"
    return f"{start.day} {MONTHS_GENITIVE[start.month - 1]} – {end_text}"


def grades_of(grades: Sequence[int]) -> str:
    """(1,) -> "1-х классов", (1, 2, 3) -> "1-х, 2-х и 3-х классов"."""
    words = [f"{g}-х" for g in grades]
    joined = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " и " + words[-1]
    return f"{joined} классов"


def clock(t: time) -> str:
    return f"{t.hour:02d}:{t.minute:02d}"


def decimal(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def whose(pupil: PupilBrief) -> str:
    return f"{pupil.first_name}, {pupil.class_title}"


def graduate(g: GraduateBrief) -> str:
    """ "Вера, выпускница 2027": the year they finished school in."""
    gender = g.gender or guess_gender(g.first_name)
    if gender is None:
        who = phrases.GRADUATE_ANY
    else:
        who = phrases.GRADUATE_FEMALE if gender == "f" else phrases.GRADUATE_MALE
    return f"{g.first_name}, {who} {g.graduated_on.year}"


def mark(m: MarkView) -> str:
    return f"{m.value} ({m.work_type_short})" if m.work_type_short else str(m.value)


def marks_row(marks: Sequence[MarkView]) -> str:
    return ", ".join(mark(m) for m in marks)


def forecast(f: Forecast) -> str:
    if f.average is None or f.predicted is None:
        return "оценок пока нет"
    parts = [f"средний балл {decimal(f.average)}, выходит {f.predicted}"]
    if f.next_mark is not None and f.fives_to_next is not None:
        fives = count_feminine(f.fives_to_next, MARK_NAMES[5])
        parts.append(f"ещё {fives} — и выйдет {f.next_mark}")
    if not f.enough_marks:
        parts.append(f"мало оценок для аттестации: {f.marks_count} из {f.marks_required}")
    return "; ".join(parts)


def lesson_line(lesson: LessonView, *, with_class: bool = False) -> str:
    when = ""
    if lesson.starts_at and lesson.ends_at:
        when = f" {clock(lesson.starts_at)}–{clock(lesson.ends_at)}"
    subject = lesson.subject + (f" ({lesson.subgroup})" if lesson.subgroup else "")
    if with_class and lesson.class_title:
        subject = f"{lesson.class_title} {subject}"
    line = f"{lesson.number}.{when} {subject}"
    if lesson.status == LessonStatus.CANCELLED:
        return f"{line} — отменён" + (f" ({lesson.change_note})" if lesson.change_note else "")
    if lesson.original_room is not None and lesson.original_room != lesson.room:
        line += f", каб. {lesson.original_room or '—'} → {lesson.room or '—'}"
    elif lesson.room:
        line += f", каб. {lesson.room}"
    notes = []
    if lesson.substitute_teacher is not None:
        notes.append(f"замена: {lesson.substitute_teacher}")
    if lesson.moved_from_date is not None:
        moved = f"перенесён с {day(lesson.moved_from_date)}"
        if lesson.moved_from_number is not None:
            moved += f", {lesson.moved_from_number}-й урок"
        notes.append(moved)
    if lesson.change_note:
        notes.append(lesson.change_note)
    return line + "".join(f" — {n}" for n in notes)
