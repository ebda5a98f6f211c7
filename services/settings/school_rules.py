"""What the regulations leave to each school, kept as its settings rather than constants:
the grades kept without marks (001 §3.7 has grade 1, 003 §3.7.3 grades 1-2), the minimum marks
for a final (001 §5.2), the roll-call deadline (004 row 8), the topic and homework deadlines per
shift (001 §4.4.6), how soon written and control work marks are due (004 rows 11-12), when
final marks are due (003 §3.8.1: 2 days after the period; 004 row 13: 5 working days) and how
long before a period's end the journal checks that every pupil has enough marks. The reports
(services.reports) and the teachers' reminders read them from here."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from db.models import School
from services import events
from services.context import Ctx
from services.errors import AccessDenied, NotFound, RuleViolation
from services.marks.grading import parse_min_marks_rule
from services.people.actor import Actor, Role
from services.plain_text import kept_text

# Which work types count as written work (004 row 12) and as control work (004 row 11), by the
# work type's code (db WorkType.code): the regulations name the kinds, not the school's codes.
CONTROL_WORK_CODES = frozenset({"control"})
WRITTEN_WORK_CODES = frozenset(
    {"independent", "lab", "practical", "test", "dictation", "essay", "written"}
)
NOT_YOURS = "Настройки школы меняют администратор журнала, директор и заместитель директора."
UNKNOWN = "Такой настройки нет."
_HHMM = re.compile(r"([01]?[0-9]|2[0-3])[:.]([0-5][0-9])")


@dataclass(frozen=True)
class SchoolRules:
    unmarked_grades: frozenset[int]
    min_marks_rule: str
    roll_call_minutes: int
    notes_deadline_first_shift: time
    notes_deadline_second_shift: time
    written_marks_days: int
    control_marks_days: int
    finals_deadline_days: int
    finals_deadline_working_days: bool
    marks_check_days_before_end: int

    def notes_deadline(self, shift: int) -> time:
        return self.notes_deadline_second_shift if shift >= 2 else self.notes_deadline_first_shift

    def finals_deadline(self, period_end: date) -> date:
        """The last day final marks of a period ending on `period_end` are due."""
        if not self.finals_deadline_working_days:
            return period_end + timedelta(days=self.finals_deadline_days)
        day, left = period_end, self.finals_deadline_days
        while left > 0:
            day += timedelta(days=1)
            if day.weekday() < 5:  # a five-day week; public holidays are not in the journal
                left -= 1
        return day

    def marks_check_from(self, period_end: date) -> date:
        """From this day on, a pupil short of marks for the period's final is flagged."""
        return period_end - timedelta(days=self.marks_check_days_before_end)

    def mark_due(self, work_code: str, lesson_day: date) -> date | None:
        """The last day a mark of this work type is on time; None: no deadline of its own."""
        if work_code in CONTROL_WORK_CODES:
            return lesson_day + timedelta(days=self.control_marks_days)
        if work_code in WRITTEN_WORK_CODES:
            return lesson_day + timedelta(days=self.written_marks_days)
        return None


def _time(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def rules_of(school: School) -> SchoolRules:
    return SchoolRules(
        unmarked_grades=school.unmarked_grade_set(),
        min_marks_rule=school.min_marks_rule,
        roll_call_minutes=school.roll_call_minutes,
        notes_deadline_first_shift=_time(school.notes_deadline_first_shift),
        notes_deadline_second_shift=_time(school.notes_deadline_second_shift),
        written_marks_days=school.written_marks_days,
        control_marks_days=school.control_marks_days,
        finals_deadline_days=school.finals_deadline_days,
        finals_deadline_working_days=school.finals_deadline_working_days,
        marks_check_days_before_end=school.marks_check_days_before_end,
    )


async def school_rules(ctx: Ctx, school_id: int) -> SchoolRules:
    school = await ctx.session.get(School, school_id)
    if school is None:
        raise NotFound("Школа не найдена.")
    return rules_of(school)


# Parsers: the text a person typed -> the column's value, or RuleViolation with a hint.
def _grades(text: str) -> str:
    parts = [p for p in re.split(r"[,\s;]+", text.strip()) if p]
    if text.strip() in ("", "0", "нет"):
        return ""
    grades: set[int] = set()
    for part in parts:
        low, _, high = part.partition("-")
        if not low.isdigit() or (high and not high.isdigit()):
            raise RuleViolation("Классы без отметок — номера через запятую: «1» или «1, 2».")
        grades.update(range(int(low), int(high or low) + 1))
    if not grades <= set(range(1, 12)):
        raise RuleViolation("Классы без отметок — от 1 до 11.")
    return ",".join(str(g) for g in sorted(grades))


def _min_marks(text: str) -> str:
    cleaned = re.sub(r"\s+", "", text)
    try:
        steps = parse_min_marks_rule(cleaned)
    except ValueError:
        raise RuleViolation(
            "Минимум отметок — пары «часов в неделю:отметок», например «2:3,3:5,5:7»."
        ) from None
    if any(h < 1 or m < 1 for h, m in steps):
        raise RuleViolation("И часы, и отметки — не меньше 1.")
    return ",".join(f"{h}:{m}" for h, m in steps)


def _whole(low: int, high: int, unit: str) -> Callable[[str], int]:
    def parse(text: str) -> int:
        cleaned = text.strip()
        if not cleaned.isdigit() or not low <= int(cleaned) <= high:
            raise RuleViolation(f"Нужно число {unit} от {low} до {high}.")
        return int(cleaned)

    return parse


def _clock(text: str) -> str:
    match = _HHMM.fullmatch(text.strip())
    if match is None:
        raise RuleViolation("Время — в виде ЧЧ:ММ, например 15:00.")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def _yes_no(text: str) -> bool:
    cleaned = text.strip().lower()
    if cleaned in ("да", "рабочие", "рабочих", "1", "yes"):
        return True
    if cleaned in ("нет", "календарные", "календарных", "0", "no"):
        return False
    raise RuleViolation("Ответьте «рабочие» или «календарные».")


@dataclass(frozen=True)
class Setting:
    name: str  # the School column
    title: str
    source: str  # where the regulations speak of it
    parse: Callable[[str], Any]


SETTINGS: tuple[Setting, ...] = (
    Setting("unmarked_grades", "Классы без отметок", "001 §3.7, 003 §3.7.3", _grades),
    Setting("min_marks_rule", "Минимум отметок для итоговой", "001 §5.2", _min_marks),
    Setting("roll_call_minutes", "Перекличка, минут от начала урока", "004 п. 8",
            _whole(1, 45, "минут")),
    Setting("notes_deadline_first_shift", "Темы и д/з, 1 смена, до", "001 §4.4.6", _clock),
    Setting("notes_deadline_second_shift", "Темы и д/з, 2 смена, до", "001 §4.4.6", _clock),
    Setting("written_marks_days", "Отметки за письменные работы, дней", "004 п. 12",
            _whole(1, 30, "дней")),
    Setting("control_marks_days", "Отметки за контрольные работы, дней", "004 п. 11",
            _whole(1, 30, "дней")),
    Setting("finals_deadline_days", "Итоговые отметки после конца периода, дней",
            "003 §3.8.1, 004 п. 13", _whole(0, 30, "дней")),
    Setting("finals_deadline_working_days", "Считать эти дни рабочими", "004 п. 13", _yes_no),
    Setting("marks_check_days_before_end", "Проверка числа отметок до конца периода, дней",
            "001 §5.2, 004 §7.3", _whole(1, 60, "дней")),
    Setting("graduate_access_days", "Архив для выпускников и их родителей, дней после года",
            "001 §4.1.9-10", _whole(0, 730, "дней")),
)  # fmt: skip
_BY_NAME = {s.name: s for s in SETTINGS}


def setting_value(school: School, name: str) -> str:
    """The setting as a person reads and types it."""
    value = getattr(school, name)
    if isinstance(value, bool):
        return "рабочие" if value else "календарные"
    if name == "unmarked_grades":
        return ", ".join(g for g in value.split(",") if g) or "нет"
    return str(value)


async def school_settings(ctx: Ctx, actor: Actor) -> list[tuple[Setting, str]]:
    """Every setting with its value, for the staff (the rules are not personal data)."""
    if not actor.is_staff:
        raise AccessDenied(NOT_YOURS)
    school = await ctx.session.get(School, actor.school_id)
    if school is None:
        raise NotFound("Школа не найдена.")
    return [(s, setting_value(school, s.name)) for s in SETTINGS]


async def change_setting(ctx: Ctx, actor: Actor, name: str, text: str) -> str:
    """Sets one setting from what was typed; returns its new value as read back."""
    if not actor.has(Role.ADMIN, Role.DIRECTOR, Role.DEPUTY):
        raise AccessDenied(NOT_YOURS)
    setting = _BY_NAME.get(name)
    if setting is None:
        raise NotFound(UNKNOWN)
    school = await ctx.session.get(School, actor.school_id)
    if school is None:
        raise NotFound("Школа не найдена.")
    value = setting.parse(kept_text(text))
    old = setting_value(school, name)
    setattr(school, name, value)
    new = setting_value(school, name)
    if old != new:
        events.audit(ctx, actor, "school_setting.changed", None, setting=name, old=old, new=new)
    return new
