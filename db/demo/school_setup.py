"""A school's frame: its name and time zone, the year with its periods, bells, subjects."""

import random
from datetime import date, datetime, time, timedelta

from db.demo.calendar import SchoolCalendar
from db.demo.curriculum import SUBJECTS
from db.demo.plan import SchoolPlan
from db.demo.rows import Ids
from db.enums import PeriodKind
from db.models import BellSlot, Holiday, Period, School, SchoolYear, Subject, WorkType

# Moscow first: a single demo school is in the capital's time zone.
PLACES = (
    ("Europe/Moscow", "Тула"),
    ("Asia/Yekaterinburg", "Екатеринбург"),
    ("Asia/Novosibirsk", "Новосибирск"),
    ("Asia/Vladivostok", "Владивосток"),
    ("Europe/Kaliningrad", "Калининград"),
    ("Europe/Samara", "Самара"),
    ("Asia/Omsk", "Омск"),
    ("Asia/Krasnoyarsk", "Красноярск"),
    ("Asia/Irkutsk", "Иркутск"),
    ("Europe/Moscow", "Казань"),
    ("Asia/Yakutsk", "Якутск"),
    ("Asia/Yekaterinburg", "Челябинск"),
    ("Europe/Volgograd", "Волгоград"),
    ("Asia/Magadan", "Магадан"),
    ("Asia/Barnaul", "Барнаул"),
    ("Asia/Kamchatka", "Петропавловск-Камчатский"),
    ("Europe/Moscow", "Ярославль"),
    ("Asia/Novokuznetsk", "Кемерово"),
)

WORK_TYPES = (
    ("answer", "Ответ на уроке", "отв", 1.0),
    ("homework", "Домашняя работа", "д/з", 1.0),
    ("independent", "Самостоятельная работа", "с/р", 1.5),
    ("lab", "Лабораторная работа", "л/р", 1.5),
    ("practical", "Практическая работа", "п/р", 1.5),
    ("control", "Контрольная работа", "к/р", 2.0),
    ("test", "Зачёт", "зач", 1.5),
)
# How many marks a final needs (001 §5.2): up to 2 hours a week 3, from 3 hours 5, from 5 7.
MIN_MARKS_RULE = "2:3,3:5,5:7"
LESSON_MINUTES = 45
FIRST_SHIFT_BREAKS = (10, 20, 20, 10, 10, 10)  # two long breaks for meals
SECOND_SHIFT_BREAKS = (10, 20, 10, 10, 10)


def _bells(start: time, breaks: tuple[int, ...]) -> list[tuple[time, time]]:
    moment = datetime.combine(date(2000, 1, 1), start)
    slots = []
    for gap in (*breaks, 0):
        end = moment + timedelta(minutes=LESSON_MINUTES)
        slots.append((moment.time(), end.time()))
        moment = end + timedelta(minutes=gap)
    return slots


def new_school(rng: random.Random, ids: Ids, index: int, calendar: SchoolCalendar) -> SchoolPlan:
    zone, city = PLACES[index % len(PLACES)]
    number = rng.randint(2, 60) + 60 * (index // len(PLACES))
    plan = SchoolPlan(
        index=index,
        school_id=ids.next(School),
        year_id=ids.next(SchoolYear),
        name=f"МБОУ «Средняя общеобразовательная школа № {number}», г. {city}",
        short_name=f"Школа № {number}, {city}",
        timezone=zone,
        # One school in three keeps grade 2 without marks too (003 §3.7.3).
        unmarked=frozenset({1, 2}) if index % 3 == 2 else frozenset({1}),
        calendar=calendar,
    )
    rows = plan.rows
    rows.add(School, {
        "id": plan.school_id, "name": plan.name, "short_name": plan.short_name,
        "timezone": zone, "unmarked_grades": ",".join(str(g) for g in sorted(plan.unmarked)),
        "min_marks_rule": MIN_MARKS_RULE, "poor_mark_threshold": 2,
    })  # fmt: skip
    rows.add(SchoolYear, {
        "id": plan.year_id, "school_id": plan.school_id, "name": calendar.year_name,
        "starts_on": calendar.year.starts_on, "ends_on": calendar.year.ends_on, "is_closed": False,
    })  # fmt: skip
    _periods(plan, ids)
    for holiday in calendar.holidays:
        rows.add(Holiday, {
            "id": ids.next(Holiday), "year_id": plan.year_id, "name": holiday.name,
            "starts_on": holiday.starts_on, "ends_on": holiday.ends_on,
        })  # fmt: skip
    for code, name, short, weight in WORK_TYPES:
        wt_id = ids.next(WorkType)
        plan.work_types[code] = (wt_id, weight, short)
        rows.add(WorkType, {
            "id": wt_id, "school_id": plan.school_id, "code": code, "name": name,
            "short_name": short, "weight": weight,
        })  # fmt: skip
    for info in SUBJECTS.values():
        plan.subjects[info.code] = subject_id = ids.next(Subject)
        rows.add(Subject, {
            "id": subject_id, "school_id": plan.school_id, "name": info.name,
            "short_name": info.short, "allows_exemption": info.allows_exemption,
        })  # fmt: skip
    return plan


def add_bells(plan: SchoolPlan, ids: Ids, rng: random.Random) -> None:
    shifts = {1: _bells(rng.choice((time(8, 0), time(8, 30))), FIRST_SHIFT_BREAKS)}
    if any(c.shift == 2 for c in plan.classes):
        shifts[2] = _bells(rng.choice((time(13, 40), time(14, 0))), SECOND_SHIFT_BREAKS)
    for shift, slots in shifts.items():
        for number, (starts, ends) in enumerate(slots, 1):
            plan.bells[(shift, number)] = (starts, ends)
            plan.rows.add(BellSlot, {
                "id": ids.next(BellSlot), "school_id": plan.school_id, "shift": shift,
                "number": number, "starts_at": starts, "ends_at": ends,
            })  # fmt: skip


def _periods(plan: SchoolPlan, ids: Ids) -> None:
    calendar = plan.calendar
    spans = [
        *((PeriodKind.QUARTER, n, q) for n, q in enumerate(calendar.quarters, 1)),
        *((PeriodKind.HALF_YEAR, n, h) for n, h in enumerate(calendar.half_years, 1)),
        (PeriodKind.YEAR, 1, calendar.year),
    ]
    for kind, number, span in spans:
        period_id = ids.next(Period)
        if kind == PeriodKind.QUARTER:
            plan.quarter_ids.append(period_id)
        elif kind == PeriodKind.HALF_YEAR:
            plan.half_year_ids.append(period_id)
        plan.rows.add(Period, {
            "id": period_id, "year_id": plan.year_id, "kind": kind, "number": number,
            "name": span.name, "starts_on": span.starts_on, "ends_on": span.ends_on,
        })  # fmt: skip
