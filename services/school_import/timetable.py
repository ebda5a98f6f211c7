"""Writing a weekly timetable: bells, classes and their shifts, the load, the weekly slots,
then the dated lessons to the year's end. The slots of the classes the file covers are
replaced by the file's; lessons that hold marks or attendance are never touched."""

from datetime import date

from sqlalchemy import delete, select

from db.enums import StaffRole
from db.models import (
    Person,
    School,
    SchoolClass,
    SchoolYear,
    StaffPosition,
    TeachingAssignment,
    TimetableEntry,
)
from services.context import Ctx
from services.school_import.bells import check_bells, write_bells
from services.school_import.bulk import insert_rows
from services.school_import.issues import Issues
from services.school_import.load import LOAD, SchoolBooks
from services.school_import.materialise import Slot, materialise
from services.school_import.report import ImportReport
from services.school_import.school import classes_of_year
from services.school_import.timetable_plan import ClassKey, LoadKey, PlannedSlot, TimetablePlan

WEEKLY = "уроки в неделю"
CLASSES = "классы"
STAFF = "сотрудники"
WEEKDAYS = ("пн", "вт", "ср", "чт", "пт", "сб", "вс")


async def write_timetable(
    ctx: Ctx,
    school: School,
    year: SchoolYear,
    plan: TimetablePlan,
    report: ImportReport,
    issues: Issues,
    start: date,
    apply: bool,
) -> None:
    s = ctx.session
    check_bells(plan.bells, issues)
    issues.raise_if_any(report.filename)
    await write_bells(ctx, school, plan.bells, report, apply)
    classes = await classes_of_year(ctx, year.id)
    for key in sorted({sl.key.school_class for sl in plan.slots} - set(classes)):
        c = SchoolClass(
            school_id=school.id,
            year_id=year.id,
            grade=key[0],
            letter=key[1],
            shift=plan.shifts.get(key, 1),
        )
        classes[key] = c
        report.added(CLASSES, f"класс {c.title}")
        if apply:
            s.add(c)
    for key, shift in plan.shifts.items():
        c = classes[key]
        if c.id is not None and c.shift != shift:
            report.changed(CLASSES, f"{c.title}: {c.shift} смена → {shift}")
            if apply:
                c.shift = shift
    if apply:
        await s.flush()
    books = SchoolBooks(ctx, school, apply, report)
    await books.load([c.id for c in classes.values() if c.id is not None])
    assignments = await _assignments(ctx, classes)
    ids = await _load(ctx, school, plan, classes, books, assignments, report, issues, apply)
    issues.raise_if_any(report.filename)
    covered = {classes[k].id for k in {sl.key.school_class for sl in plan.slots}} - {None}
    old_entries = list(
        await s.scalars(
            select(TimetableEntry)
            .join(TeachingAssignment, TeachingAssignment.id == TimetableEntry.assignment_id)
            .where(TeachingAssignment.class_id.in_(covered))
        )
    )
    old = {(e.assignment_id, e.weekday, e.number): e for e in old_entries}
    slots: list[Slot] = []
    new_entries = []
    for sl in plan.slots:
        assignment = ids[sl.key.match]
        c = classes[sl.key.school_class]
        slots.append(
            Slot(
                assignment.id or -id(assignment),
                c.id or -id(c),
                assignment.subject_id or 0,
                assignment.subgroup_id,
                assignment.teacher_id or 0,
                sl.weekday,
                sl.number,
                sl.room,
                sl.weeks,
                sl.terms,
                c.grade,
            )
        )
        found = old.pop((assignment.id, sl.weekday, sl.number), None) if assignment.id else None
        if found is None:
            report.added(WEEKLY)
            new_entries.append(sl)
        elif (found.room, found.weeks, found.terms) != (sl.room, sl.weeks, sl.terms):
            report.changed(
                WEEKLY, f"{c.title}, {WEEKDAYS[sl.weekday]}, {sl.number} урок: {_change(found, sl)}"
            )
            if apply:
                found.room, found.weeks, found.terms = sl.room, sl.weeks, sl.terms
        else:
            report.unchanged(WEEKLY)
    if old:
        report.tally(WEEKLY).changed += len(old)
        report.changes.append(f"~ уроков в неделю убрано из сетки: {len(old)}")
    governed = {e.assignment_id for e in old_entries}
    if apply:
        if old:
            await s.execute(
                delete(TimetableEntry).where(TimetableEntry.id.in_([e.id for e in old.values()]))
            )
        await insert_rows(
            ctx,
            TimetableEntry,
            [
                {
                    "assignment_id": ids[sl.key.match].id,
                    "weekday": sl.weekday,
                    "number": sl.number,
                    "room": sl.room,
                    "weeks": sl.weeks,
                    "terms": sl.terms,
                }
                for sl in new_entries
            ],
        )
    await materialise(
        ctx, year, slots, start, report, apply, governed | {sl.assignment_id for sl in slots}
    )


def weeks_words(bits: str) -> str:
    """aSc's weeks as people say them: "10" is every odd week of the year."""
    if not bits or "1" not in bits or set(bits) == {"1"}:
        return "каждую неделю"
    if bits == "10":
        return "по нечётным неделям"
    if bits == "01":
        return "по чётным неделям"
    weeks = ", ".join(str(i) for i, bit in enumerate(bits, 1) if bit == "1")
    return f"по неделям {weeks} из каждых {len(bits)}"


def terms_words(bits: str) -> str:
    if not bits or "1" not in bits or set(bits) == {"1"}:
        return "весь год"
    return "в периодах " + ", ".join(str(i) for i, bit in enumerate(bits, 1) if bit == "1")


def _change(found: TimetableEntry, sl: PlannedSlot) -> str:
    parts = []
    if found.room != sl.room:
        parts.append(f"кабинет {found.room or '—'} → {sl.room or '—'}")
    if found.weeks != sl.weeks:
        parts.append(f"{weeks_words(found.weeks)} → {weeks_words(sl.weeks)}")
    if found.terms != sl.terms:
        parts.append(f"{terms_words(found.terms)} → {terms_words(sl.terms)}")
    return ", ".join(parts)


async def _assignments(
    ctx: Ctx, classes: dict[ClassKey, SchoolClass]
) -> dict[tuple[int, int, int | None], TeachingAssignment]:
    rows = await ctx.session.scalars(
        select(TeachingAssignment).where(
            TeachingAssignment.class_id.in_([c.id for c in classes.values() if c.id is not None])
        )
    )
    return {(a.class_id, a.subject_id, a.subgroup_id): a for a in rows}


async def _load(
    ctx: Ctx,
    school: School,
    plan: TimetablePlan,
    classes: dict[ClassKey, SchoolClass],
    books: SchoolBooks,
    assignments: dict[tuple[int, int, int | None], TeachingAssignment],
    report: ImportReport,
    issues: Issues,
    apply: bool,
) -> dict[tuple[ClassKey, str, str], TeachingAssignment]:
    """The assignment of each load the slots name, added or updated from the plan's load."""
    result: dict[tuple[ClassKey, str, str], TeachingAssignment] = {}
    new_teachers: dict[str, Person] = {}
    keys: dict[tuple[ClassKey, str, str], LoadKey] = {sl.key.match: sl.key for sl in plan.slots}
    if plan.loads is not None:
        keys.update({m: load.key for m, load in plan.loads.items()})
    await books.prepare([(classes[k.school_class], k.subject, k.subgroup) for k in keys.values()])
    for match, key in keys.items():
        c = classes[key.school_class]
        subject = await books.subject(key.subject)
        group = await books.subgroup(c, subject, key.subgroup) if key.subgroup else None
        found = (
            assignments.get((c.id, subject.id, group.id if group else None))
            if c.id is not None and subject.id is not None and (group is None or group.id)
            else None
        )
        load = plan.loads.get(match) if plan.loads is not None else None
        if load is None:
            if found is None:
                issues.error(
                    next(sl.where for sl in plan.slots if sl.key.match == match),
                    f"{c.title}, {key.subject}: такого предмета нет в нагрузке класса "
                    "(загрузите сначала нагрузку: journal import load)",
                )
                continue
            result[match] = found
            continue
        teacher_id = load.teacher_id
        if teacher_id is None and load.new_teacher is not None:
            person = new_teachers.get(load.new_teacher.key)
            if person is None:
                person = Person(
                    school_id=school.id,
                    last_name=load.new_teacher.last,
                    first_name=load.new_teacher.first,
                    middle_name=load.new_teacher.middle,
                    phone="",
                    email="",
                )
                new_teachers[load.new_teacher.key] = person
                report.added(STAFF, f"{load.new_teacher.full}: учитель")
                if apply:
                    ctx.session.add(person)
                    await ctx.session.flush()
                    ctx.session.add(StaffPosition(person_id=person.id, role=StaffRole.TEACHER))
            teacher_id = person.id
        where = f"{c.title}, {subject.name}" + (f" ({group.name})" if group else "")
        if found is None:
            found = TeachingAssignment(
                class_id=c.id,
                subject_id=subject.id,
                subgroup_id=group.id if group else None,
                teacher_id=teacher_id,
                hours_per_week=load.hours,
            )
            report.added(LOAD, f"{where}: {load.hours} ч.")
            if apply:
                ctx.session.add(found)
                await ctx.session.flush()
        elif (found.teacher_id, found.hours_per_week) != (teacher_id, load.hours):
            report.changed(
                LOAD, f"{where}: учитель или часы ({found.hours_per_week} ч. → {load.hours} ч.)"
            )
            if apply and teacher_id is not None:
                found.teacher_id, found.hours_per_week = teacher_id, load.hours
        else:
            report.unchanged(LOAD)
        result[match] = found
    return result
