"""The wording of every notification, in Russian, apart from the rules that decide who gets one."""

from collections.abc import Sequence
from datetime import date, time

from db.enums import Gender
from services.views import ABSENCE_REASONS as ABSENCE_REASONS  # the alert's buttons
from texts.formatting import plural

WEEKDAYS = ("пн", "вт", "ср", "чт", "пт", "сб", "вс")
MONTHS = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip

READ_BUTTON = "Ознакомлен"
STATUS_WORDS = {
    "ill": "по болезни",
    "excused": "по уважительной причине",
    "exempt": "освобождён от урока",
}


def day(d: date) -> str:
    """'ср, 18 ноября'."""
    return f"{WEEKDAYS[d.weekday()]}, {d.day} {MONTHS[d.month - 1]}"


def day_short(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]}"


def clock(t: time) -> str:
    return f"{t.hour:02d}:{t.minute:02d}"


def who(first_name: str, class_title: str) -> str:
    return f"{first_name} ({class_title})" if class_title else first_name


def lesson_line(number: int, subject: str, starts: time | None, on: date) -> str:
    """'Математика, 09:25, ср, 18 ноября'."""
    parts = [subject] + ([clock(starts)] if starts else []) + [day(on)]
    return ", ".join(parts)


def absent(pupil: str, number: int, lesson: str) -> str:
    return f"{pupil} отсутствует на {number}-м уроке — {lesson}"


def late(pupil: str, number: int, lesson: str, gender: Gender | None = None) -> str:
    came = {Gender.MALE: "опоздал", Gender.FEMALE: "опоздала", None: "опоздал(а)"}[gender]
    return f"{pupil} {came} на {number}-й урок — {lesson}"


def absence_withdrawn(pupil: str, number: int, lesson: str) -> str:
    return f"{pupil} на {number}-м уроке: отметка об отсутствии снята — {lesson}"


def absence_excused(pupil: str, number: int, lesson: str, status: str) -> str:
    word = STATUS_WORDS.get(status, "по уважительной причине")
    return f"{pupil}, {number}-й урок: пропуск отмечен как {word} — {lesson}"


def reason_already_given(reason: str) -> str:
    return f"Причина на этот день уже сообщена: {reason}."


def mark_new(pupil: str, value: int, subject: str, work: str, on: date, poor: bool) -> str:
    head = "Низкая оценка" if poor else "Новая оценка"
    return f"{head}: {pupil} — {value} по предмету «{subject}» ({work}), {day_short(on)}"


def mark_changed(pupil: str, old: int, new: int, subject: str, on: date) -> str:
    return f"Оценка исправлена: {pupil} — «{subject}» за {day_short(on)}: было {old}, стало {new}"


def mark_deleted(pupil: str, value: int, subject: str, on: date) -> str:
    return f"Оценка удалена: {pupil} — {value} по предмету «{subject}» за {day_short(on)}"


def lesson_change(class_title: str, on: date, number: int, subject: str, what: str) -> str:
    return f"Изменение в расписании {class_title} на {day(on)}: {number}-й урок, {subject} — {what}"


SUBSTITUTION_DAYS_SHOWN = 10


def _taken_lesson(number: int, class_title: str, subject: str, room: str = "") -> str:
    return f"{number}-й урок — {class_title}, {subject}" + (f", каб. {room}" if room else "")


def substituted_lesson(
    on: date,
    number: int,
    bells: tuple[time, time] | None,
    class_title: str,
    subject: str,
    room: str,
) -> str:
    """'пт, 20 ноября, 2-й урок (09:25–10:10) — 5А, Математика, каб. 21'."""
    when = f"{number}-й урок" + (f" ({clock(bells[0])}–{clock(bells[1])})" if bells else "")
    return f"{day(on)}, {when} — {class_title}, {subject}" + (f", каб. {room}" if room else "")


def _sentence(text: str) -> str:
    """A full stop, unless the text ends in one already (initials: 'М. А.')."""
    return text if text.endswith(".") else f"{text}."


def substitution_for_lesson(teacher: str, note: str, lesson: str) -> str:
    """teacher in the genitive; lesson as substituted_lesson words it."""
    head = f"Замена: вы ведёте урок {teacher}" + (f" ({note})" if note else "")
    return f"{_sentence(head)}\n{lesson}"


def substitution_ended(teacher: str, acting: str, lesson: str) -> str:
    """teacher in the genitive, acting (who teaches it now) in the nominative or empty."""
    if acting:
        return f"Замена отменена: урок {teacher} ведёт {acting}, а не вы.\n{lesson}"
    return f"{_sentence(f'Замена отменена: вы не ведёте урок {teacher}')}\n{lesson}"


def substituted_lesson_changed(teacher: str, what: str, lesson: str) -> str:
    """teacher in the genitive; what happened as the families hear it ('отменён')."""
    return f"Урок {teacher}, который вы заменяете, — {what}.\n{lesson}"


def substitution_for_days(
    teacher: str, note: str, lessons: Sequence[tuple[date, int, str, str]]
) -> str:
    """teacher in the genitive; lessons (date, number, class, subject) in order."""
    first, last = lessons[0][0], lessons[-1][0]
    span = day_short(first) if first == last else f"с {day_short(first)} по {day_short(last)}"
    lines = [f"Замена: вы ведёте уроки {teacher} {span}" + (f" ({note})" if note else "") + "."]
    by_day: dict[date, list[str]] = {}
    for on, number, class_title, subject in lessons:
        by_day.setdefault(on, []).append(_taken_lesson(number, class_title, subject))
    shown = list(by_day.items())[:SUBSTITUTION_DAYS_SHOWN]
    lines += [f"{day(on)}: " + "; ".join(parts) for on, parts in shown]
    rest = len(lessons) - sum(len(parts) for _, parts in shown)
    if rest:
        lines.append(
            f"…и ещё {rest} {plural(rest, ('урок', 'урока', 'уроков'))} — они в «Моём расписании»."
        )
    return "\n".join(lines)


def moved_to(on: date, number: int) -> str:
    return f"перенесён на {day(on)}, {number}-й урок"


def announcement(title: str, text: str) -> str:
    return f"Объявление: {title}\n\n{text}"


def reason_for_teacher(guardian: str, pupil: str, number: int, on: date, reason: str) -> str:
    return f"{guardian} сообщает: {pupil} — пропуск {number}-го урока {day(on)}. Причина: {reason}"


def digest_heading() -> str:
    return "Пока действовали тихие часы:"


ANNOUNCEMENT_READ = "Отмечено: вы ознакомились с объявлением."
