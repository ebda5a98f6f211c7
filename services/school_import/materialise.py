"""Dated lessons for the rest of the year from the weekly timetable.

A lesson already there for the same load, day and number stays as it is. A lesson the new
timetable no longer has is removed only if nothing happened to it: one with marks,
attendance, homework, a topic, a roll call or a change made by the deputy stays."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, select

from db.enums import LessonStatus
from db.models import (
    Attendance,
    Holiday,
    Homework,
    Lesson,
    Mark,
    Period,
    SchoolClass,
    SchoolYear,
    TeachingAssignment,
    TimetableEntry,
)
from services.context import Ctx
from services.school_import.bulk import insert_rows
from services.school_import.calendar import StudyCalendar, bit_on
from services.school_import.progress import report_progress
from services.school_import.report import ImportReport

LESSONS = "уроки до конца года"
CHUNK = 2000


@dataclass(frozen=True)
class Slot:
    assignment_id: int
    class_id: int
    subject_id: int
    subgroup_id: int | None
    teacher_id: int
    weekday: int
    number: int
    room: str
    weeks: str = ""
    terms: str = ""
    grade: int = 0  # for a class a dry run has not written: it has no id yet


async def slots_of_year(ctx: Ctx, year_id: int) -> list[Slot]:
    rows = await ctx.session.execute(
        select(TeachingAssignment, TimetableEntry)
        .join(TimetableEntry, TimetableEntry.assignment_id == TeachingAssignment.id)
        .join(SchoolClass, SchoolClass.id == TeachingAssignment.class_id)
        .where(SchoolClass.year_id == year_id)
    )
    return [
        Slot(
            a.id,
            a.class_id,
            a.subject_id,
            a.subgroup_id,
            a.teacher_id,
            e.weekday,
            e.number,
            e.room,
            e.weeks,
            e.terms,
        )
        for a, e in rows
    ]


async def materialise(
    ctx: Ctx,
    year: SchoolYear,
    slots: list[Slot],
    start: date,
    report: ImportReport,
    apply: bool,
    governed: set[int] | None = None,
) -> None:
    """governed: the loads whose lessons follow the timetable (those in it, and those it
    dropped); the lessons of any other load are not touched."""
    s = ctx.session
    governed = governed if governed is not None else {sl.assignment_id for sl in slots}
    calendar = StudyCalendar.of(
        year,
        list(await s.scalars(select(Period).where(Period.year_id == year.id))),
        list(await s.scalars(select(Holiday).where(Holiday.year_id == year.id))),
    )
    classes = {
        c.id: c for c in await s.scalars(select(SchoolClass).where(SchoolClass.year_id == year.id))
    }
    by_class: dict[int, list[Slot]] = defaultdict(list)
    for slot in slots:
        by_class[slot.class_id].append(slot)
    wanted: dict[tuple[int, date, int], Slot] = {}
    for class_id, class_slots in by_class.items():
        six_days = any(sl.weekday == 5 for sl in class_slots)
        by_weekday: dict[int, list[Slot]] = defaultdict(list)
        for sl in class_slots:
            by_weekday[sl.weekday].append(sl)
        grade = classes[class_id].grade if class_id in classes else class_slots[0].grade
        for day, term in calendar.study_days(grade, start, six_days):
            week = calendar.week_of(day)
            for sl in by_weekday.get(day.weekday(), ()):
                if bit_on(sl.weeks, week) and bit_on(sl.terms, term):
                    wanted[(sl.assignment_id, day, sl.number)] = sl
    existing = (
        await s.execute(
            select(
                Lesson.id,
                Lesson.assignment_id,
                Lesson.date,
                Lesson.number,
                Lesson.room,
                Lesson.status,
                Lesson.substitute_teacher_id,
                Lesson.moved_from_date,
                Lesson.topic,
                Lesson.roll_call_done,
            ).where(
                Lesson.class_id.in_(list(classes)),
                # A dry run's new loads have stand-in negative ids: no lessons yet.
                Lesson.assignment_id.in_([g for g in governed if g > 0]),
                Lesson.date >= start,
            )
        )
    ).all()
    held = await _lessons_with_records(ctx, list(classes), start)
    remove, kept, same = [], 0, 0
    for lesson_id, assignment_id, day, number, _room, status, sub, moved, topic, roll in existing:
        if wanted.pop((assignment_id, day, number), None) is not None:
            same += 1
        elif lesson_id in held or status != LessonStatus.PLANNED or sub or moved or topic or roll:
            kept += 1
        else:
            remove.append(lesson_id)
    tally = report.tally(LESSONS)
    tally.added += len(wanted)
    tally.unchanged += same + kept
    if remove:
        tally.changed += len(remove)
        report.changes.append(f"~ уроков прежнего расписания убрано: {len(remove)}")
    if kept:
        report.changes.append(
            "= уроков прежнего расписания с отметками, посещаемостью или заменами "
            f"оставлено: {kept}"
        )
    if not apply:
        return
    for i in range(0, len(remove), CHUNK):
        await s.execute(delete(Lesson).where(Lesson.id.in_(remove[i : i + CHUNK])))
    rows = [_row(key, sl) for key, sl in wanted.items()]
    for i in range(0, len(rows), CHUNK):
        report_progress("Уроки до конца года", i, len(rows))
        await insert_rows(ctx, Lesson, rows[i : i + CHUNK])
    report_progress("Уроки до конца года", len(rows), len(rows))


def _row(key: tuple[int, date, int], sl: Slot) -> dict[str, Any]:
    return {
        "assignment_id": sl.assignment_id,
        "class_id": sl.class_id,
        "subject_id": sl.subject_id,
        "subgroup_id": sl.subgroup_id,
        "teacher_id": sl.teacher_id,
        "date": key[1],
        "number": key[2],
        "room": sl.room,
        "status": LessonStatus.PLANNED,
        "change_note": "",
        "topic": "",
        "roll_call_done": False,
    }


async def _lessons_with_records(ctx: Ctx, class_ids: list[int], start: date) -> set[int]:
    held: set[int] = set()
    for model in (Mark, Attendance, Homework):
        held.update(
            await ctx.session.scalars(
                select(model.lesson_id)
                .join(Lesson, Lesson.id == model.lesson_id)
                .where(Lesson.class_id.in_(class_ids), Lesson.date >= start)
                .distinct()
            )
        )
    return held
