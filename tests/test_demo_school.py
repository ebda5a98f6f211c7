"""The demo school: deterministic, clash-free, and shaped like a real school's journal."""

import io
import os
import time as clock
from collections import Counter, defaultdict
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.cli import main
from bot.seeding import drop_sqlite_file
from db.base import Base
from db.demo import DemoSummary, build_demo
from db.demo.build import moscow_today
from db.demo.calendar import calendar_for, shows_content
from db.demo.describe import describe_schools
from db.engine import make_engine, make_session_factory
from db.enums import AnnouncementScope, AttendanceStatus, LessonStatus, PeriodKind, StaffRole
from db.models import (
    Announcement,
    Attendance,
    BellSlot,
    Enrollment,
    FinalMark,
    GuardianLink,
    Homework,
    HomeworkTarget,
    Lesson,
    Mark,
    Period,
    Person,
    School,
    SchoolClass,
    StaffPosition,
    Subgroup,
    SubgroupMember,
    Subject,
    TeachingAssignment,
    TimetableEntry,
    WorkType,
)
from tests.database_copies import KeptDatabases

SMALL = 150
FIXED_TODAY = date(2026, 11, 18)  # a Wednesday in the second quarter


async def _build(
    engine: AsyncEngine, kept: KeptDatabases[DemoSummary], today: date | None = FIXED_TODAY
) -> DemoSummary:
    """The demo school of seed 7: built by the first test of each database, copied for others."""

    async def build() -> DemoSummary:
        return await build_demo(make_session_factory(engine), pupils=SMALL, seed=7, today=today)

    return await kept.built(engine, f"demo {SMALL} {today or moscow_today()}", build)


async def _sqlite(path: Path) -> AsyncEngine:
    engine = make_engine(f"sqlite+aiosqlite:///{path}")
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    return engine


async def _row_counts(factory: async_sessionmaker[AsyncSession]) -> dict[str, int]:
    async with factory() as s:
        return {
            t.name: int(await s.scalar(select(func.count()).select_from(t)) or 0)
            for t in Base.metadata.sorted_tables
        }


async def _first_pupils(factory: async_sessionmaker[AsyncSession]) -> list[str]:
    async with factory() as s:
        rows = await s.execute(
            select(Person.last_name, Person.first_name, Person.middle_name)
            .join(Enrollment, Enrollment.pupil_id == Person.id)
            .order_by(Person.id)
            .limit(20)
        )
        return [" ".join(r) for r in rows]


async def test_same_seed_and_day_give_the_same_school(tmp_path: Path) -> None:
    results = []
    for name in ("a", "b"):
        engine = await _sqlite(tmp_path / f"{name}.sqlite3")
        factory = make_session_factory(engine)
        await build_demo(factory, pupils=SMALL, seed=11, today=FIXED_TODAY)
        results.append((await _row_counts(factory), await _first_pupils(factory)))
        await engine.dispose()
    assert results[0] == results[1]
    assert len(results[0][1]) == 20 and results[0][0]["marks"] > 0
    engine = await _sqlite(tmp_path / "other.sqlite3")
    factory = make_session_factory(engine)
    await build_demo(factory, pupils=SMALL, seed=12, today=FIXED_TODAY)
    assert await _first_pupils(factory) != results[0][1]
    await engine.dispose()


def test_calendar_always_has_a_study_day_today_and_tomorrow() -> None:
    start = date(2026, 1, 1)
    for offset in range(3 * 365):
        today = start + timedelta(days=offset)
        calendar = calendar_for(today)
        assert shows_content(calendar, today), today
        assert calendar.shift_days % 7 == 0
    # A day inside a real quarter keeps the real calendar.
    assert calendar_for(FIXED_TODAY).shift_days == 0
    assert calendar_for(date(2027, 1, 3)).shift_days != 0  # winter holidays


async def test_timetable_has_no_clashes(
    engine: AsyncEngine, kept_databases: KeptDatabases[DemoSummary]
) -> None:
    await _build(engine, kept_databases)
    async with make_session_factory(engine)() as s:
        rows = (
            await s.execute(
                select(
                    TimetableEntry.weekday,
                    TimetableEntry.number,
                    TimetableEntry.room,
                    TeachingAssignment.teacher_id,
                    TeachingAssignment.class_id,
                    TeachingAssignment.subgroup_id,
                    TeachingAssignment.subject_id,
                    SchoolClass.shift,
                )
                .join(TeachingAssignment, TeachingAssignment.id == TimetableEntry.assignment_id)
                .join(SchoolClass, SchoolClass.id == TeachingAssignment.class_id)
            )
        ).all()
        bells = {
            (b.shift, b.number): (b.starts_at, b.ends_at)
            for b in (await s.scalars(select(BellSlot))).all()
        }
    assert rows
    teachers = Counter((r.teacher_id, r.weekday, r.number, r.shift) for r in rows)
    rooms = Counter((r.room, r.weekday, r.number, r.shift) for r in rows)
    assert max(teachers.values()) == 1
    assert max(rooms.values()) == 1
    cells: dict[tuple[int, int, int], list] = defaultdict(list)
    for r in rows:
        cells[(r.class_id, r.weekday, r.number)].append(r)
    for together in cells.values():
        if any(r.subgroup_id for r in together):  # English: both subgroups at once
            assert len(together) == 2
        if len(together) > 1:  # only the two subgroups of one subject share a class's cell
            assert all(r.subgroup_id for r in together)
            assert len({r.subgroup_id for r in together}) == len(together)
            assert len({r.subject_id for r in together}) == 1
    # Shifts overlap in time: nobody teaches in two bell slots that overlap.
    by_teacher_day: dict[tuple[int, int], list] = defaultdict(list)
    for r in rows:
        by_teacher_day[(r.teacher_id, r.weekday)].append(bells[(r.shift, r.number)])
    for slots in by_teacher_day.values():
        slots.sort()
        assert all(a[1] <= b[0] for a, b in pairwise(slots))


async def test_dated_lessons_keep_teachers_and_rooms_apart(
    engine: AsyncEngine, kept_databases: KeptDatabases[DemoSummary]
) -> None:
    await _build(engine, kept_databases)
    async with make_session_factory(engine)() as s:
        lessons = (
            await s.execute(
                select(
                    Lesson.date,
                    Lesson.number,
                    Lesson.room,
                    Lesson.teacher_id,
                    Lesson.substitute_teacher_id,
                    Lesson.class_id,
                    Lesson.subgroup_id,
                    SchoolClass.shift,
                )
                .join(SchoolClass, SchoolClass.id == Lesson.class_id)
                .where(Lesson.status != LessonStatus.CANCELLED)
            )
        ).all()
    acting = Counter(
        (r.substitute_teacher_id or r.teacher_id, r.date, r.number, r.shift) for r in lessons
    )
    rooms = Counter((r.room, r.date, r.number, r.shift) for r in lessons)
    classes = Counter((r.class_id, r.date, r.number, r.subgroup_id) for r in lessons)
    assert max(acting.values()) == 1
    assert max(rooms.values()) == 1
    assert max(classes.values()) == 1


async def test_journal_records_follow_the_rules(
    engine: AsyncEngine, kept_databases: KeptDatabases[DemoSummary]
) -> None:
    summary = await _build(engine, kept_databases)
    today = FIXED_TODAY
    async with make_session_factory(engine)() as s:
        school = await s.scalar(select(School))
        assert school is not None
        unmarked = school.unmarked_grade_set()
        assert unmarked == {1}
        marks = (
            await s.execute(
                select(Mark, Lesson.status, Lesson.date, Lesson.subject_id, SchoolClass.grade)
                .join(Lesson, Lesson.id == Mark.lesson_id)
                .join(SchoolClass, SchoolClass.id == Lesson.class_id)
            )
        ).all()
        work_types = set((await s.scalars(select(WorkType.id))).all())
        homework_grades = (
            await s.scalars(
                select(SchoolClass.grade).join(Homework, Homework.class_id == SchoolClass.id)
            )
        ).all()
        missed = await s.scalar(
            select(func.count())
            .select_from(Attendance)
            .where(
                Attendance.status.in_(
                    [AttendanceStatus.ABSENT, AttendanceStatus.ILL, AttendanceStatus.EXCUSED]
                )
            )
        )
        pupil_lessons = await _pupil_lessons(s, today)
        finals = (
            await s.execute(
                select(Period.kind, Period.number, SchoolClass.grade)
                .select_from(FinalMark)
                .join(Period, Period.id == FinalMark.period_id)
                .join(Enrollment, Enrollment.pupil_id == FinalMark.pupil_id)
                .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
            )
        ).all()
        scopes = set((await s.scalars(select(Announcement.scope))).all())
        held_without_topic = await s.scalar(
            select(func.count())
            .select_from(Lesson)
            .where(Lesson.status == LessonStatus.HELD, Lesson.topic == "")
        )
    assert marks and summary.schools[0].marks == len(marks)
    for mark, status, lesson_date, subject_id, grade in marks:
        assert status == LessonStatus.HELD and lesson_date < today
        assert mark.lesson_date == lesson_date and mark.subject_id == subject_id
        assert mark.work_type_id in work_types and 2 <= mark.value <= 5
        assert grade not in unmarked
    assert homework_grades and not set(homework_grades) & unmarked
    assert held_without_topic == 0
    # The first quarter is over on FIXED_TODAY: its final marks are set, nothing later's.
    assert {(kind, number) for kind, number, _ in finals} == {(PeriodKind.QUARTER, 1)}
    assert {grade for *_, grade in finals} == set(range(2, 10))
    assert scopes == set(AnnouncementScope)
    assert 0.03 <= (missed or 0) / pupil_lessons <= 0.08
    shares = Counter(m.value for m, *_ in marks)
    total = sum(shares.values())
    assert 0.2 <= shares[5] / total <= 0.4 and 0.3 <= shares[4] / total <= 0.5
    assert 0.14 <= shares[3] / total <= 0.3 and 0.03 <= shares[2] / total <= 0.14


async def _pupil_lessons(s: AsyncSession, today: date) -> int:
    held = (
        await s.execute(
            select(Lesson.class_id, Lesson.subgroup_id).where(Lesson.status == LessonStatus.HELD)
        )
    ).all()
    class_sizes = Counter(
        (await s.scalars(select(Enrollment.class_id).where(Enrollment.is_active))).all()
    )
    group_sizes = Counter((await s.scalars(select(SubgroupMember.subgroup_id))).all())
    return sum(group_sizes[g] if g else class_sizes[c] for c, g in held)


async def test_homework_is_due_at_the_next_lesson(
    engine: AsyncEngine, kept_databases: KeptDatabases[DemoSummary]
) -> None:
    await _build(engine, kept_databases)
    async with make_session_factory(engine)() as s:
        homework = (
            await s.execute(
                select(Homework, Lesson.date, Lesson.assignment_id).join(
                    Lesson, Lesson.id == Homework.lesson_id
                )
            )
        ).all()
        lesson_days = set((await s.execute(select(Lesson.assignment_id, Lesson.date))).all())
        targets = Counter((await s.scalars(select(HomeworkTarget.homework_id))).all())
    assert homework
    for hw, set_on, assignment in homework:
        assert set_on <= FIXED_TODAY < hw.due_date or set_on < hw.due_date
        assert (assignment, hw.due_date) in lesson_days
        assert hw.is_individual == (hw.id in targets)
    assert any(hw.is_individual for hw, *_ in homework)
    assert all(1 <= n <= 2 for n in targets.values())
    assert any(hw.due_date == FIXED_TODAY + timedelta(days=1) for hw, *_ in homework)


async def test_schedule_changes_show_in_the_past_and_tomorrow(
    engine: AsyncEngine, kept_databases: KeptDatabases[DemoSummary]
) -> None:
    await _build(engine, kept_databases)
    tomorrow = FIXED_TODAY + timedelta(days=1)
    async with make_session_factory(engine)() as s:
        changed = (await s.scalars(select(Lesson).where(Lesson.change_note != ""))).all()
    cancelled = [x for x in changed if x.status == LessonStatus.CANCELLED]
    substituted = [x for x in changed if x.substitute_teacher_id]
    assert any(x.date < FIXED_TODAY for x in cancelled + substituted)
    assert any(x.date == tomorrow for x in cancelled + substituted)
    assert any(x.moved_from_date for x in changed)
    assert any(x.original_room for x in changed)
    assert {x.date for x in changed if x.date > FIXED_TODAY} >= {tomorrow}
    # The note is the reason only: the schedule line itself says «замена: …», «отменён» and
    # «перенесён с …», so a note repeating it would read twice.
    repeats = [
        x.change_note
        for x in changed
        if x.change_note.lower().startswith(("замена", "урок отменён", "перенесён"))
    ]
    assert repeats == []


async def test_fifth_grader_has_lessons_today_tomorrow_and_this_week(
    engine: AsyncEngine, kept_databases: KeptDatabases[DemoSummary]
) -> None:
    today = moscow_today()
    await _build(engine, kept_databases, today=None)
    week = [today - timedelta(days=today.weekday()) + timedelta(days=i) for i in range(7)]
    async with make_session_factory(engine)() as s:
        fifth = await s.scalar(select(SchoolClass.id).where(SchoolClass.grade == 5).limit(1))
        days = set(
            (
                await s.scalars(
                    select(Lesson.date).where(
                        Lesson.class_id == fifth, Lesson.status != LessonStatus.CANCELLED
                    )
                )
            ).all()
        )
    assert days & set(week)
    if today.weekday() < 5:
        assert today in days
        assert today + timedelta(days=1) in days  # Saturday too: grades 5-11 study six days
    else:
        assert {d for d in days if d > today}


async def test_families_staff_and_subgroups(
    engine: AsyncEngine, kept_databases: KeptDatabases[DemoSummary]
) -> None:
    summary = await _build(engine, kept_databases)
    async with make_session_factory(engine)() as s:
        links = (await s.execute(select(GuardianLink.guardian_id, GuardianLink.pupil_id))).all()
        names = dict(
            (await s.execute(select(Person.id, Person.last_name))).all()  # type: ignore[arg-type]
        )
        english = await s.scalar(select(Subject.id).where(Subject.name.like("%английский%")))
        groups = (await s.execute(select(Subgroup.class_id, Subgroup.id))).all()
        members = (
            await s.execute(select(SubgroupMember.subgroup_id, SubgroupMember.pupil_id))
        ).all()
        enrolled = (await s.execute(select(Enrollment.class_id, Enrollment.pupil_id))).all()
        grades = dict((await s.execute(select(SchoolClass.id, SchoolClass.grade))).all())
        roles = Counter((await s.scalars(select(StaffPosition.role))).all())
        loads = (
            await s.execute(
                select(
                    TeachingAssignment.teacher_id, func.sum(TeachingAssignment.hours_per_week)
                ).group_by(TeachingAssignment.teacher_id)
            )
        ).all()
        english_teachers = (
            await s.execute(
                select(TeachingAssignment.class_id, TeachingAssignment.teacher_id).where(
                    TeachingAssignment.subject_id == english
                )
            )
        ).all()
    children: dict[int, list[int]] = defaultdict(list)
    guardians: Counter[int] = Counter()
    for guardian, pupil in links:
        children[guardian].append(pupil)
        guardians[pupil] += 1
    assert {len(c) for c in children.values()} <= {1, 2, 3}
    assert max(len(c) for c in children.values()) >= 2
    assert {1, 2} <= set(guardians.values())
    pupils = {p for _, p in enrolled}
    assert set(guardians) == pupils
    for kids in children.values():
        assert len({_masculine(names[k]) for k in kids}) == 1, [names[k] for k in kids]
    by_class: dict[int, list[int]] = defaultdict(list)
    for class_id, group_id in groups:
        by_class[class_id].append(group_id)
    assert set(by_class) == {c for c, g in grades.items() if g >= 2}
    group_members: dict[int, set[int]] = defaultdict(set)
    for group_id, pupil in members:
        group_members[group_id].add(pupil)
    class_pupils: dict[int, set[int]] = defaultdict(set)
    for class_id, pupil in enrolled:
        class_pupils[class_id].add(pupil)
    for class_id, ids in by_class.items():
        assert len(ids) == 2
        first, second = (group_members[g] for g in ids)
        assert first and second and not first & second
        assert first | second == class_pupils[class_id]
    teachers_of: dict[int, set[int]] = defaultdict(set)
    for class_id, teacher in english_teachers:
        teachers_of[class_id].add(teacher)
    assert all(len(t) == 2 for t in teachers_of.values())
    assert (roles[StaffRole.DIRECTOR], roles[StaffRole.DEPUTY]) == (1, 2)
    assert (roles[StaffRole.ADMIN], roles[StaffRole.MEDIC]) == (1, 1)
    assert roles[StaffRole.TEACHER] == len(loads)
    assert max(hours for _, hours in loads) <= 28
    school = summary.schools[0]
    assert school.pupils == SMALL == sum(c.pupils for c in school.classes)
    assert all(c.class_teacher_id for c in school.classes)


def _masculine(surname: str) -> str:
    for feminine, masculine in (("ская", "ский"), ("цкая", "цкий"), ("ая", "ой")):
        if surname.endswith(feminine):
            return surname[: -len(feminine)] + masculine
    if surname.endswith(("ова", "ева", "ёва", "ина", "ына")):
        return surname[:-1]
    return surname


async def test_ids_continue_and_the_database_describes_the_build(
    engine: AsyncEngine, kept_databases: KeptDatabases[DemoSummary]
) -> None:
    summary = await _build(engine, kept_databases)
    async with make_session_factory(engine)() as s:
        assert await describe_schools(s) == list(summary.schools)
        school_id = await s.scalar(select(School.id))
        highest = await s.scalar(select(func.max(Person.id)))
        person = Person(school_id=school_id, last_name="Новенький", first_name="Пётр")
        s.add(person)
        await s.commit()
        assert person.id > (highest or 0)


async def test_600_pupils_build_in_under_30_seconds(tmp_path: Path) -> None:
    engine = await _sqlite(tmp_path / "timed.sqlite3")
    started = clock.perf_counter()
    summary = await build_demo(make_session_factory(engine), pupils=600)
    elapsed = clock.perf_counter() - started
    await engine.dispose()
    print(f"\n600 pupils built in {elapsed:.1f} s")
    busy = os.getloadavg()[0] > (os.cpu_count() or 1)
    assert elapsed < (60 if busy else 30), f"{elapsed:.1f} s (load {os.getloadavg()[0]:.1f})"
    assert summary.total("pupils") == 600 and len(summary.schools) == 1


async def test_large_sizes_spread_over_schools_in_several_time_zones(tmp_path: Path) -> None:
    engine = await _sqlite(tmp_path / "two.sqlite3")
    summary = await build_demo(make_session_factory(engine), pupils=1300, today=FIXED_TODAY)
    await engine.dispose()
    assert len(summary.schools) == 2 and summary.total("pupils") == 1300
    assert len({s.timezone for s in summary.schools}) == 2
    assert all(550 <= s.pupils <= 1250 for s in summary.schools)


@pytest.mark.parametrize("pupils", [5])
async def test_too_few_pupils_are_refused(tmp_path: Path, pupils: int) -> None:
    engine = await _sqlite(tmp_path / "tiny.sqlite3")
    with pytest.raises(ValueError):
        await build_demo(make_session_factory(engine), pupils=pupils)
    await engine.dispose()


def test_seed_and_demo_commands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.sqlite3'}"
    seed = ["seed", "--pupils", "60", "--database-url", url]
    assert main(seed) == 0
    assert "Учеников" in capsys.readouterr().out
    assert main(seed) == 1
    assert "--force" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("Оценки\n"))
    assert main(["demo", "--database-url", url]) == 0
    shown = capsys.readouterr().out
    assert "Вы вошли как" in shown and "Последние оценки" in shown
    assert main([*seed, "--force"]) == 0


def test_force_drops_only_sqlite_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert not drop_sqlite_file("postgresql+asyncpg://journal@db.example/journal")
    assert "dropdb journal" in capsys.readouterr().err
