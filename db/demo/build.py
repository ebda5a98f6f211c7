"""The demo build: one school up to ~1,200 pupils, beyond that several in different time zones.

Everything comes from random.Random seeded with (seed, school, step), so the same seed and
`today` give the same journal. Rows are prepared in memory with their ids and written with
bulk inserts, a few commits per school to keep memory bounded at any size.
"""

import math
import random
import time
from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.demo.announcements import announcements
from db.demo.calendar import SchoolCalendar, calendar_for
from db.demo.changes import apply_changes
from db.demo.finals import final_marks
from db.demo.health import health_sheet
from db.demo.journal_fill import JournalFill
from db.demo.lessons import materialise
from db.demo.plan import SchoolPlan
from db.demo.population import add_classes, add_families, add_subgroups
from db.demo.rows import Ids, sync_sequences, write
from db.demo.school_setup import add_bells, new_school
from db.demo.staffing import staff_school
from db.demo.standing import assign_standings
from db.demo.summary import ClassSummary, DemoSummary, SchoolSummary
from db.demo.timetable import build_timetable
from db.models import TimetableEntry

ONE_SCHOOL_LIMIT = 1200
PUPILS_PER_SCHOOL = 1000
MIN_PUPILS = 11
STEPS = ("ученики и учителя", "расписание", "уроки и замены", "журнал", "итоги и объявления")

Progress = Callable[[str, int, int], None]


def moscow_today() -> date:
    return datetime.now(ZoneInfo("Europe/Moscow")).date()


def school_sizes(pupils: int, rng: random.Random) -> list[int]:
    if pupils <= ONE_SCHOOL_LIMIT:
        return [pupils]
    count = math.ceil(pupils / PUPILS_PER_SCHOOL)
    average = pupils / count
    # Sizes vary around the average, but stay within 600-1,200 pupils.
    spread = max(0.0, min(0.2, (average - 600) / average, (1200 - average) / average))
    weights = [rng.uniform(1 - spread, 1 + spread) for _ in range(count)]
    sizes = [int(pupils * w / sum(weights)) for w in weights]
    for i in range(pupils - sum(sizes)):
        sizes[i % count] += 1
    return sizes


async def build_demo(
    session_factory: async_sessionmaker[AsyncSession],
    *,
    pupils: int = 600,
    seed: int = 2026,
    today: date | None = None,
    progress: Progress | None = None,
    one_school: bool = False,
) -> DemoSummary:
    """one_school: all the pupils in one school (its 44 classes grow instead: a benchmark's
    whole-school reports over ten times the pupils and marks); otherwise schools of up to
    ONE_SCHOOL_LIMIT pupils."""
    if pupils < MIN_PUPILS:
        raise ValueError(f"a demo school needs at least {MIN_PUPILS} pupils, one a grade")
    started = time.perf_counter()
    today = today or moscow_today()
    calendar = calendar_for(today)
    sizes = [pupils] if one_school else school_sizes(pupils, random.Random(f"{seed}/sizes"))
    async with session_factory() as session:
        ids = await Ids.load(session)
    total = len(sizes) * len(STEPS)

    def report(index: int, step: int, name: str) -> None:
        if progress is not None:
            progress(f"{name}: {STEPS[step]}", index * len(STEPS) + step + 1, total)

    schools = []
    for index, size in enumerate(sizes):
        school = await _build_school(
            session_factory, ids, index, size, seed, today, calendar, report
        )
        schools.append(school)
    return DemoSummary(tuple(schools), time.perf_counter() - started)


async def _build_school(
    session_factory: async_sessionmaker[AsyncSession],
    ids: Ids,
    index: int,
    pupils: int,
    seed: int,
    today: date,
    calendar: SchoolCalendar,
    report: Callable[[int, int, str], None],
) -> SchoolSummary:
    def rng(step: str) -> random.Random:
        # str seeds are hashed with SHA-512: stable across runs and Python versions.
        return random.Random(f"{seed}/{index}/{step}")

    people = rng("people")
    plan = new_school(people, ids, index, calendar)
    add_classes(plan, ids, pupils)
    add_bells(plan, ids, people)
    add_families(plan, ids, people)
    add_subgroups(plan, ids, people)
    staff_school(plan, ids, people)
    assign_standings(plan, rng("standing"))
    report(index, 0, plan.short_name)
    build_timetable(plan, rng("timetable"))
    for e in plan.entries:
        plan.rows.add(TimetableEntry, {"id": ids.next(TimetableEntry), "assignment_id":
                                       e.assignment_id, "weekday": e.weekday,
                                       "number": e.number, "room": e.room})  # fmt: skip
    report(index, 1, plan.short_name)
    async with session_factory() as session:
        await write(session, plan.rows)
        await session.commit()
        journal = rng("journal")
        lessons = materialise(plan, ids, today)
        apply_changes(plan, lessons, today, journal)
        report(index, 2, plan.short_name)
        fill = JournalFill(
            plan, ids, lessons, today, journal,
            marks_rng=rng("marks"), attendance_rng=rng("attendance"),
        )  # fmt: skip
        for batch in fill.batches():
            # Written batch by batch, so memory holds one batch whatever the size of the school.
            await write(session, batch)
        report(index, 3, plan.short_name)
        await write(session, final_marks(plan, ids, today, rng("finals")))
        await write(session, announcements(plan, ids, today, rng("announcements")))
        await write(session, health_sheet(plan, ids, today, rng("health")))
        await sync_sequences(session, ids)
        await session.commit()
        report(index, 4, plan.short_name)
    return _summary(plan, fill.counts)


def _summary(plan: SchoolPlan, counts: dict[str, int]) -> SchoolSummary:
    classes = tuple(
        ClassSummary(
            c.id,
            c.title,
            c.grade,
            c.shift,
            len(c.pupils),
            c.class_teacher_id,
            plan.names.get(c.class_teacher_id or 0, ""),
        )
        for c in sorted(plan.classes, key=lambda c: (c.grade, c.letter))
    )
    return SchoolSummary(
        id=plan.school_id,
        name=plan.name,
        short_name=plan.short_name,
        timezone=plan.timezone,
        classes=classes,
        pupils=len(plan.pupils),
        guardians=plan.guardians,
        teachers=len(plan.teachers),
        lessons=counts["lessons"],
        marks=counts["marks"],
        absences=counts["absences"],
        homework=counts["homework"],
        admin_id=plan.admin_id,
        director_id=plan.director_id,
    )
