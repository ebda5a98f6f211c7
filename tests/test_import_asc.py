"""The timetable from an aSc Timetables XML export, and the lessons to the year's end."""

import itertools
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from db.enums import AttendanceStatus
from db.models import (
    Attendance,
    BellSlot,
    Lesson,
    SchoolClass,
    Subgroup,
    Subject,
    TeachingAssignment,
    TimetableEntry,
)
from services.context import Ctx, Journal
from services.school_import.issues import ImportRefused
from services.school_import.report import ImportReport
from services.school_import.service import ImportKind, import_file
from tests.school_files.asc import MON, Teacher, export, tiny_school_export
from tests.school_files.asc import Lesson as AscLesson
from tests.tiny_school import TinySchool

TIMETABLE = ImportKind.TIMETABLE


async def run(journal: Journal, content: bytes, apply: bool) -> ImportReport:
    return await journal.run(import_file, TIMETABLE, "расписание.xml", content, apply=apply)


async def count(journal: Journal, model: type) -> int:
    async def go(ctx: Ctx) -> int:
        return int(await ctx.session.scalar(select(func.count()).select_from(model)) or 0)

    return await journal.run(go)


async def test_dry_run_writes_nothing(journal: Journal, tiny: TinySchool) -> None:
    lessons = await count(journal, Lesson)
    report = await run(journal, tiny_school_export(), apply=False)
    assert await count(journal, Lesson) == lessons
    assert await count(journal, TimetableEntry) == 0
    assert report.tallies["классы"].added == 1  # 6В
    assert report.tallies["сотрудники"].added == 1  # Бегунов, named in full
    assert report.tallies["уроки до конца года"].added > 100
    assert report.tallies["звонки"].added == 7  # shift 1's 7th and shift 2's six


async def test_timetable_written_as_the_school_made_it(journal: Journal, tiny: TinySchool) -> None:
    async def attend(ctx: Ctx) -> None:
        # Friday's planned maths lesson is not in the new timetable, but holds attendance.
        ctx.session.add(
            Attendance(
                lesson_id=tiny.lessons["math-fri"],
                pupil_id=tiny.people["a1"],
                lesson_date=date(2026, 11, 20),
                status=AttendanceStatus.ILL,
                author_id=tiny.people["math"],
                updated_at=datetime(2026, 11, 18, tzinfo=UTC),
            )
        )

    await journal.run(attend)
    report = await run(journal, tiny_school_export(), apply=True)
    text = report.render()
    assert "класс 6В" in text

    async def check(ctx: Ctx) -> None:
        s = ctx.session
        six_v = (await s.scalars(select(SchoolClass).where(SchoolClass.letter == "В"))).one()
        assert six_v.shift == 2
        bells = await s.scalars(
            select(BellSlot).where(BellSlot.shift == 2).order_by(BellSlot.number)
        )
        assert [f"{b.number} {b.starts_at:%H:%M}" for b in bells][:2] == ["1 13:30", "2 14:25"]
        entries = (
            await s.execute(
                select(
                    SchoolClass.grade,
                    SchoolClass.letter,
                    Subject.name,
                    Subgroup.name,
                    TimetableEntry.weekday,
                    TimetableEntry.number,
                    TimetableEntry.room,
                    TimetableEntry.weeks,
                )
                .join(TeachingAssignment, TeachingAssignment.id == TimetableEntry.assignment_id)
                .join(SchoolClass, SchoolClass.id == TeachingAssignment.class_id)
                .join(Subject, Subject.id == TeachingAssignment.subject_id)
                .outerjoin(Subgroup, Subgroup.id == TeachingAssignment.subgroup_id)
            )
        ).all()
        rows = {tuple(r) for r in entries}
        # A double lesson: two consecutive slots; exported as one card, still two.
        assert (5, "А", "Физическая культура", None, 4, 4, "Спортзал", "") in rows
        assert (5, "А", "Физическая культура", None, 4, 5, "Спортзал", "") in rows
        assert (6, "В", "Математика", None, 2, 2, "21", "") in rows
        assert (6, "В", "Математика", None, 2, 3, "21", "") in rows
        # Split into groups both ways: a slot for each group, with its own room.
        assert (5, "А", "Английский язык", "1 группа", 0, 3, "31", "") in rows
        assert (5, "А", "Английский язык", "2 группа", 0, 3, "32", "") in rows
        assert (5, "Б", "Английский язык", "1 группа", 1, 4, "31", "") in rows
        assert (5, "Б", "Английский язык", "2 группа", 1, 4, "32", "") in rows
        assert (5, "Б", "Информатика", None, 3, 6, "40", "10") in rows
        # The existing 5А groups and load were found, not doubled.
        eng = await s.scalars(
            select(TeachingAssignment).where(
                TeachingAssignment.subgroup_id == tiny.subgroups["eng2"]
            )
        )
        assert eng.one().teacher_id == tiny.people["eng2"]
        days = set(
            await s.scalars(
                select(Lesson.date).where(Lesson.assignment_id == tiny.assignments["5А-math"])
            )
        )
        assert date(2026, 11, 20) in days  # kept: it holds attendance
        assert date(2026, 11, 23) in days and max(days) == date(2027, 5, 26)
        assert not any(date(2026, 12, 29) <= d <= date(2027, 1, 11) for d in days)
        informatics = sorted(
            await s.scalars(
                select(Lesson.date)
                .join(Subject, Subject.id == Lesson.subject_id)
                .where(Subject.name == "Информатика")
            )
        )
        gaps = {(b - a).days for a, b in itertools.pairwise(informatics)}
        assert min(gaps) == 14  # every other Thursday

    await journal.run(check)
    lessons = await count(journal, Lesson)
    again = await run(journal, tiny_school_export(), apply=True)
    assert not again.has_changes, again.render()
    assert await count(journal, Lesson) == lessons


async def test_errors_name_the_element(journal: Journal, tiny: TinySchool) -> None:
    lessons = [
        AscLesson(["5Ъ"], "Математика", ["Числова Мария Андреевна"], [(MON, 1)]),
        AscLesson(["5А"], "Математика", ["Неизвестная Н. Н."], [(MON, 2)]),
    ]
    content = export(
        ["5А", "5Ъ"],
        [Teacher("Числова Мария Андреевна", "Мария", "Числова"), Teacher("Неизвестная Н. Н.")],
        lessons,
        ["Математика"],
    )
    with pytest.raises(ImportRefused) as refused:
        await run(journal, content, apply=True)
    text = refused.value.message
    assert "элемент <class id=" in text and "не понимаю класс «5Ъ»" in text
    assert "учитель «Неизвестная Н. Н.» не найден среди сотрудников" in text
    with pytest.raises(ImportRefused) as refused:
        await run(journal, b"<html>nope</html>", apply=False)
    assert "это не XML-выгрузка aSc Timetables" in refused.value.message
    with pytest.raises(ImportRefused) as refused:
        await run(journal, content.replace(b'period="2" days', b'period="99" days'), apply=False)
    assert "урока номер «99» нет в <periods>" in refused.value.message


async def test_progress_is_told_for_the_command_lines_bar(
    journal: Journal, tiny: TinySchool
) -> None:
    told: list[tuple[str, int, int]] = []

    def progress(stage: str, done: int, total: int) -> None:
        told.append((stage, done, total))

    await journal.run(
        import_file, TIMETABLE, "р.xml", tiny_school_export(), apply=True, progress=progress
    )
    assert told[0][0] == "Проверка файла"
    stage, done, total = told[-1]
    assert stage == "Уроки до конца года" and done == total > 100


async def test_an_xml_with_entities_is_refused_unread(journal: Journal, tiny: TinySchool) -> None:
    bomb = (
        b'<?xml version="1.0"?>\n<!--' + b"x" * 5000 + b'-->\n<!DOCTYPE t [<!ENTITY a "aaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;">]>\n<timetable>&b;</timetable>'
    )
    with pytest.raises(ImportRefused) as refused:
        await run(journal, bomb, apply=False)
    assert "DOCTYPE или ENTITY" in refused.value.message


async def test_two_teachers_of_a_whole_class_are_told_and_the_first_keeps_it(
    journal: Journal, tiny: TinySchool
) -> None:
    """aSc lets a lesson name two teachers without groups; the journal keeps one teacher a
    class and subject, so the dry run says which and how to give each their group."""
    teachers = [
        Teacher("Числова Мария Андреевна", "Мария", "Числова"),
        Teacher("Словесников Иван Ильич", "Иван", "Словесников"),
    ]
    lessons = [
        AscLesson(
            ["5А"],
            "Математика",
            ["Числова Мария Андреевна", "Словесников Иван Ильич"],
            [(MON, 1)],
        )
    ]
    content = export(["5А"], teachers, lessons, ["Математика"])
    report = await run(journal, content, apply=False)
    assert (
        "у урока «Математика» несколько учителей (Числова Мария Андреевна, Словесников Иван "
        "Ильич), а класс не разделён на группы: урок записан за первым — Числова Мария "
        "Андреевна; чтобы каждый вёл свою группу, разделите класс на группы в aSc"
    ) in report.render()
    await run(journal, content, apply=True)

    async def teacher_of_the_slot(ctx: Ctx) -> int:
        found = await ctx.session.scalars(
            select(TeachingAssignment.teacher_id)
            .join(TimetableEntry, TimetableEntry.assignment_id == TeachingAssignment.id)
            .join(SchoolClass, SchoolClass.id == TeachingAssignment.class_id)
            .where(SchoolClass.letter == "А", TimetableEntry.weekday == 0)
        )
        return found.one()

    assert await journal.run(teacher_of_the_slot) == tiny.people["math"]
