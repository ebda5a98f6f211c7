"""The timetable as an Excel grid: subjects of the load, shortened as schools write them."""

import pytest
from sqlalchemy import select

from db.models import Lesson, SchoolClass, Subgroup, Subject, TeachingAssignment, TimetableEntry
from services.context import Ctx, Journal
from services.school_import.guess import guess_kind
from services.school_import.issues import ImportRefused
from services.school_import.report import ImportReport
from services.school_import.service import ImportKind, import_file
from tests.school_files.grid import GRID, timetable_grid, timetable_grid_across
from tests.tiny_school import TinySchool


async def run(journal: Journal, content: bytes, apply: bool) -> ImportReport:
    return await journal.run(import_file, ImportKind.TIMETABLE, "сетка.xlsx", content, apply=apply)


async def test_grid_makes_slots_and_lessons(journal: Journal, tiny: TinySchool) -> None:
    content = timetable_grid(GRID)
    assert guess_kind(content) == ImportKind.TIMETABLE
    report = await run(journal, content, apply=True)
    assert report.tallies["уроки в неделю"].added == 10

    async def check(ctx: Ctx) -> set[tuple[object, ...]]:
        rows = await ctx.session.execute(
            select(
                SchoolClass.letter,
                Subject.name,
                Subgroup.name,
                TimetableEntry.weekday,
                TimetableEntry.number,
                TimetableEntry.room,
            )
            .join(TeachingAssignment, TeachingAssignment.id == TimetableEntry.assignment_id)
            .join(SchoolClass, SchoolClass.id == TeachingAssignment.class_id)
            .join(Subject, Subject.id == TeachingAssignment.subject_id)
            .outerjoin(Subgroup, Subgroup.id == TeachingAssignment.subgroup_id)
        )
        return {tuple(r) for r in rows}

    slots = await journal.run(check)
    assert ("А", "Математика", None, 0, 1, "21") in slots
    assert ("Б", "Математика", None, 0, 1, "22") in slots
    assert ("А", "Русский язык", None, 0, 2, "12") in slots
    assert ("А", "Английский язык", "1 группа", 0, 3, "31") in slots
    assert ("А", "Английский язык", "2 группа", 0, 3, "32") in slots
    # No group named: the lesson is for both groups.
    assert ("А", "Английский язык", "1 группа", 1, 2, "") in slots
    assert ("А", "Английский язык", "2 группа", 1, 2, "") in slots

    async def tuesdays(ctx: Ctx) -> int:
        days = await ctx.session.scalars(
            select(Lesson.date).where(Lesson.assignment_id == tiny.assignments["5А-eng1"])
        )
        return len({d for d in days if d.weekday() == 1})

    assert await journal.run(tuesdays) > 20
    assert not (await run(journal, content, apply=True)).has_changes


async def test_grid_errors_name_the_cell(journal: Journal, tiny: TinySchool) -> None:
    rows = [
        ("Понедельник", 1, "Химия 40", None),
        (None, 2, "Англ. яз. (3 гр.)", None),
        ("Воскресенье", 1, "Математика", None),
    ]
    with pytest.raises(ImportRefused) as refused:
        await run(journal, timetable_grid(rows), apply=True)
    text = refused.value.message
    assert (
        "лист «Расписание», строка 3, столбец C (5А): «Химия»: такого предмета нет в нагрузке 5А"
        in text
    )
    assert "строка 4, столбец C (5А): «Англ. яз. (3 гр.)»: в 5А нет такой группы" in text
    assert "строка 5, столбец A (День): день «Воскресенье»" in text


async def _slots(journal: Journal) -> set[tuple[object, ...]]:
    async def read(ctx: Ctx) -> set[tuple[object, ...]]:
        rows = await ctx.session.execute(
            select(
                SchoolClass.letter,
                Subject.name,
                Subgroup.name,
                TimetableEntry.weekday,
                TimetableEntry.number,
                TimetableEntry.room,
            )
            .join(TeachingAssignment, TeachingAssignment.id == TimetableEntry.assignment_id)
            .join(SchoolClass, SchoolClass.id == TeachingAssignment.class_id)
            .join(Subject, Subject.id == TeachingAssignment.subject_id)
            .outerjoin(Subgroup, Subgroup.id == TeachingAssignment.subgroup_id)
        )
        return {tuple(r) for r in rows}

    return await journal.run(read)


@pytest.mark.parametrize("merged", [True, False])
async def test_a_grid_drawn_the_other_way_round_gives_the_same_timetable(
    journal: Journal, tiny: TinySchool, merged: bool
) -> None:
    across = timetable_grid_across(GRID, merged=merged)
    assert guess_kind(across) == ImportKind.TIMETABLE
    checked = await run(journal, across, apply=False)
    assert checked.tallies["уроки в неделю"].added == 10
    await run(journal, across, apply=True)
    transposed = await _slots(journal)
    assert len(transposed) == 10
    # The usual grid of the same timetable changes nothing, and reads the same slots.
    assert not (await run(journal, timetable_grid(GRID), apply=True)).has_changes
    assert await _slots(journal) == transposed
    assert ("А", "Английский язык", "2 группа", 0, 3, "32") in transposed


async def test_errors_of_a_grid_drawn_the_other_way_round_name_the_cell(
    journal: Journal, tiny: TinySchool
) -> None:
    rows = [
        ("Понедельник", 1, "Математика", "Математика"),
        (None, 2, "Химия 40", None),
        (None, "два", None, None),
        ("Воскресенье", 1, "Математика", None),
    ]
    content = timetable_grid_across(rows, ("5А", "5Ю-бис"))
    with pytest.raises(ImportRefused) as refused:
        await run(journal, content, apply=True)
    text = refused.value.message
    assert (
        "лист «Расписание», строка 4, столбец C (Понедельник, 2-й урок): «Химия»: "
        "такого предмета нет в нагрузке 5А"
    ) in text
    assert "строка 3, столбец D (Понедельник): номер урока «два»: нужно число" in text
    assert "строка 2, столбец E (День): день «Воскресенье»" in text
    assert "строка 5, столбец A (Класс): класс «5Ю-бис»: напишите, например, 5А" in text
