"""Opening the next school year from the current one: its periods and holidays a year later,
the classes one grade up (grade 1 again for new first-graders; the 11th finish), each with its
class teacher, teaching load, subgroups and weekly timetable carried over for editing. Pupils
come in with the promotion (services.year_end.promotion)."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from db.models import (
    Holiday,
    Period,
    SchoolClass,
    SchoolYear,
    Subgroup,
    TeachingAssignment,
    TimetableEntry,
)
from services import events
from services.context import Ctx
from services.errors import RuleViolation
from services.people.actor import Actor
from services.year_end.common import (
    LAST_GRADE,
    copy_of,
    require_admin,
    year_after,
    year_of_school,
)


@dataclass(frozen=True)
class NextYear:
    year_id: int
    classes: int
    loads: int
    timetable_slots: int


def _a_year_later(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


async def open_next_year(ctx: Ctx, actor: Actor, year_id: int, name: str = "") -> NextYear:
    require_admin(actor)
    year = await year_of_school(ctx, actor, year_id)
    if await year_after(ctx, year) is not None:
        raise RuleViolation(f"Следующий за {year.name} учебный год уже открыт.")
    starts, ends = _a_year_later(year.starts_on), _a_year_later(year.ends_on)
    name = " ".join(name.split()) or f"{starts.year}/{ends.year}"
    new = SchoolYear(school_id=year.school_id, name=name[:20], starts_on=starts, ends_on=ends)
    ctx.session.add(new)
    await ctx.session.flush()
    s = ctx.session
    for period in (await s.scalars(select(Period).where(Period.year_id == year.id))).all():
        s.add(
            copy_of(
                period,
                year_id=new.id,
                starts_on=_a_year_later(period.starts_on),
                ends_on=_a_year_later(period.ends_on),
            )
        )
    for holiday in (await s.scalars(select(Holiday).where(Holiday.year_id == year.id))).all():
        s.add(
            copy_of(
                holiday,
                year_id=new.id,
                starts_on=_a_year_later(holiday.starts_on),
                ends_on=_a_year_later(holiday.ends_on),
                carried_over=True,  # until the school's file for the year lists it
            )
        )
    old_classes = (
        await s.scalars(
            select(SchoolClass)
            .where(SchoolClass.year_id == year.id)
            .order_by(SchoolClass.grade, SchoolClass.letter)
        )
    ).all()
    made: dict[tuple[int, str], SchoolClass] = {}
    sources: list[tuple[SchoolClass, SchoolClass]] = []
    for old in old_classes:
        # The class moves up a grade with its teachers; the first grade opens again, its load
        # (a first grade's curriculum) from this year's first grade, with no class teacher yet.
        targets = []
        if old.grade < LAST_GRADE:
            targets.append((old.grade + 1, old.class_teacher_id))
        if old.grade == 1:
            targets.append((1, None))
        for grade, teacher in targets:
            if (grade, old.letter) in made:
                continue
            cls = copy_of(old, year_id=new.id, grade=grade, class_teacher_id=teacher)
            s.add(cls)
            made[(grade, old.letter)] = cls
            sources.append((old, cls))
    await s.flush()
    loads = slots = 0
    for old, cls in sources:
        carried = await carry_load(ctx, old, cls, timetable=True)
        loads, slots = loads + carried[0], slots + carried[1]
    events.audit(
        ctx,
        actor,
        "year.opened",
        year_id=new.id,
        name=new.name,
        from_year_id=year.id,
        classes=len(sources),
        loads=loads,
    )
    return NextYear(new.id, len(sources), loads, slots)


async def carry_load(
    ctx: Ctx, old: SchoolClass, new: SchoolClass, *, timetable: bool
) -> tuple[int, int]:
    """The old class's subgroups and teaching load (and, with `timetable`, its weekly
    timetable) copied to the new class, for editing: (load lines, timetable lessons)."""
    s = ctx.session
    groups: dict[int, int] = {}
    for group in (await s.scalars(select(Subgroup).where(Subgroup.class_id == old.id))).all():
        twin = copy_of(group, class_id=new.id)
        s.add(twin)
        await s.flush()
        groups[group.id] = twin.id
    assignments = (
        await s.scalars(select(TeachingAssignment).where(TeachingAssignment.class_id == old.id))
    ).all()
    loads = slots = 0
    for a in assignments:
        twin_a = copy_of(
            a,
            class_id=new.id,
            subgroup_id=groups.get(a.subgroup_id) if a.subgroup_id else None,
        )
        s.add(twin_a)
        await s.flush()
        loads += 1
        if not timetable:
            continue
        entries = await s.scalars(
            select(TimetableEntry).where(TimetableEntry.assignment_id == a.id)
        )
        for entry in entries.all():
            s.add(copy_of(entry, assignment_id=twin_a.id))
            slots += 1
    return loads, slots
