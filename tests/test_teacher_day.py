from datetime import date, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from db.enums import AttendanceStatus, LessonStatus
from db.models import Lesson
from handlers.staff.lesson import card_text
from services.attendance.roll_call import save_roll_call
from services.context import Journal
from services.errors import AccessDenied, RuleViolation
from services.lessons.homework_files import NewFile
from services.lessons.notes import set_homework, set_topic
from services.lessons.teacher_day import (
    MAX_DAYS_BACK,
    current_lesson,
    lesson_sheet,
    work_types,
    writable_lessons,
)
from services.marks.marking import record_mark
from services.staff_views import LessonHomework
from tests import read_rows
from tests.conftest import FakeClock
from tests.test_homework_files import JPEG, PDF
from tests.tiny_school import TODAY, TinySchool
from tests.write_support import actor, moscow, update
from texts import staff_formatting


async def now_lesson(journal: Journal, tiny: TinySchool, who: str) -> int | None:
    found = await journal.run(current_lesson, await actor(journal, tiny, who))
    return None if found is None else found.id


async def open_ids(journal: Journal, tiny: TinySchool, who: str, day: date = TODAY) -> list[int]:
    return [x.id for x in await journal.run(writable_lessons, await actor(journal, tiny, who), day)]


async def test_current_lesson_is_the_one_running_now(
    journal: Journal, tiny: TinySchool, clock: FakeClock
) -> None:
    clock.now = moscow(2026, 11, 18, 10, 45)
    lesson = await journal.run(current_lesson, await actor(journal, tiny, "math"))
    assert lesson is not None and lesson.id == tiny.lessons["5Б-math-today"]
    assert (lesson.class_title, lesson.number, lesson.room) == ("5Б", 3, "21")
    assert lesson.started and not lesson.is_substitution
    assert str(lesson.starts_at) == "10:30:00" and str(lesson.ends_at) == "11:15:00"


async def test_between_lessons_the_next_one_of_today(journal: Journal, tiny: TinySchool) -> None:
    # 12:00: maths 1 and 3 are over, maths 5 begins at 12:30.
    lesson = await journal.run(current_lesson, await actor(journal, tiny, "math"))
    assert lesson is not None and lesson.id == tiny.lessons["math-later-today"]
    assert not lesson.started


async def test_after_the_last_lesson_there_is_none(
    journal: Journal, tiny: TinySchool, clock: FakeClock
) -> None:
    clock.now = moscow(2026, 11, 18, 14, 0)
    assert await now_lesson(journal, tiny, "math") is None


async def test_today_is_the_schools_date_not_utcs(
    journal: Journal, tiny: TinySchool, clock: FakeClock
) -> None:
    # 22:30 UTC on the 18th is 01:30 on the 19th in Moscow: Thursday's Russian comes next.
    clock.now = moscow(2026, 11, 19, 1, 30)
    assert clock.now.date() == TODAY
    assert await now_lesson(journal, tiny, "rus") == tiny.lessons["rus-thu"]


async def test_a_substitute_gets_the_lesson_and_its_teacher_does_not(
    journal: Journal, tiny: TinySchool, clock: FakeClock
) -> None:
    await update(
        journal, Lesson, tiny.lessons["rus-today"], substitute_teacher_id=tiny.people["eng1"]
    )
    clock.now = moscow(2026, 11, 18, 9, 30)
    lesson = await journal.run(current_lesson, await actor(journal, tiny, "eng1"))
    assert lesson is not None and lesson.id == tiny.lessons["rus-today"] and lesson.is_substitution
    assert await now_lesson(journal, tiny, "rus") is None
    assert tiny.lessons["rus-today"] not in await open_ids(journal, tiny, "rus")


async def test_cancelled_lessons_are_neither_now_nor_open(
    journal: Journal, tiny: TinySchool
) -> None:
    await update(journal, Lesson, tiny.lessons["math-later-today"], status=LessonStatus.CANCELLED)
    assert await now_lesson(journal, tiny, "math") is None
    assert tiny.lessons["math-later-today"] not in await open_ids(journal, tiny, "math")
    assert await open_ids(journal, tiny, "rus", TODAY - timedelta(days=1)) == []


async def test_pupils_and_guardians_have_no_teachers_day(
    journal: Journal, tiny: TinySchool
) -> None:
    for who in ("a1", "g1"):
        with pytest.raises(AccessDenied):
            await journal.run(current_lesson, await actor(journal, tiny, who))
        with pytest.raises(AccessDenied):
            await journal.run(writable_lessons, await actor(journal, tiny, who), TODAY)
        with pytest.raises(AccessDenied):
            await journal.run(work_types, await actor(journal, tiny, who))


async def test_open_lessons_of_today_in_order_with_their_state(
    journal: Journal, tiny: TinySchool
) -> None:
    math = await actor(journal, tiny, "math")
    await journal.run(set_topic, math, tiny.lessons["math-today"], "Дроби")
    await journal.run(set_homework, math, tiny.lessons["5Б-math-today"], "№ 12")
    found = await journal.run(writable_lessons, math, TODAY)
    assert [x.id for x in found] == [
        tiny.lessons["math-today"],
        tiny.lessons["5Б-math-today"],
        tiny.lessons["math-later-today"],
    ]
    assert [x.started for x in found] == [True, True, False]
    assert [(x.has_topic, x.has_homework) for x in found] == [
        (True, False),
        (False, True),
        (False, False),
    ]
    assert all(x.marks_allowed for x in found)


async def test_the_current_period_is_open_and_older_days_are_refused(
    journal: Journal, tiny: TinySchool
) -> None:
    assert await open_ids(journal, tiny, "math", TODAY - timedelta(days=2)) == [
        tiny.lessons["math-mon"]
    ]
    assert await open_ids(journal, tiny, "math", TODAY - timedelta(days=MAX_DAYS_BACK)) == []
    # Older days of the 2nd quarter (from 5 November) stay open, as late entries.
    assert await open_ids(journal, tiny, "math", TODAY - timedelta(days=MAX_DAYS_BACK + 1)) == []
    assert await open_ids(journal, tiny, "math", date(2026, 11, 5)) == []
    with pytest.raises(RuleViolation, match=r"открыты уроки текущего периода — с 05\.11\.2026"):
        await open_ids(journal, tiny, "math", date(2026, 11, 4))


async def test_future_lessons_are_listed_as_not_started(journal: Journal, tiny: TinySchool) -> None:
    math = await actor(journal, tiny, "math")
    [friday] = await journal.run(writable_lessons, math, TODAY + timedelta(days=2))
    assert friday.id == tiny.lessons["math-fri"] and not friday.started


async def test_unmarked_grade_lessons_say_so(journal: Journal, tiny: TinySchool) -> None:
    [reading] = await journal.run(writable_lessons, await actor(journal, tiny, "primary"), TODAY)
    assert not reading.marks_allowed
    sheet = await journal.run(lesson_sheet, await actor(journal, tiny, "primary"), reading.id)
    assert sheet.marks_note is not None and "безотметочное" in sheet.marks_note
    assert not any(p.may_mark for p in sheet.pupils)


async def test_sheet_lists_pupils_with_status_and_marks_with_ids(
    journal: Journal, tiny: TinySchool
) -> None:
    math = await actor(journal, tiny, "math")
    lesson_id = tiny.lessons["math-today"]
    await journal.run(save_roll_call, math, lesson_id, {tiny.people["a3"]: AttendanceStatus.ABSENT})
    mark_id = await journal.run(record_mark, math, lesson_id, tiny.people["a1"], 5, "control")
    sheet = await journal.run(lesson_sheet, math, lesson_id)
    assert sheet.can_write and sheet.marks_note is None and sheet.lesson.roll_call_done
    assert [p.id for p in sheet.pupils] == [tiny.people[k] for k in ("a1", "a2", "a3")]
    a1, a2, a3 = sheet.pupils
    [mark] = a1.marks
    assert (mark.id, mark.value, mark.work_type, mark.work_type_short) == (
        mark_id,
        5,
        "control",
        "к/р",
    )
    assert a2.marks == () and a3.status == AttendanceStatus.ABSENT
    # The absent pupil did no work on this date: no mark button for them.
    assert (a1.may_mark, a2.may_mark, a3.may_mark) == (True, True, False)


async def test_the_card_shows_the_homework_with_its_files(
    journal: Journal, tiny: TinySchool, engine: AsyncEngine
) -> None:
    math = await actor(journal, tiny, "math")
    lesson_id = tiny.lessons["math-today"]
    with read_rows.count_queries(engine) as statements:
        sheet = await journal.run(lesson_sheet, math, lesson_id)
    assert sheet.lesson.homework is None and not sheet.lesson.has_homework
    assert "Домашнее задание: не записано" in card_text(sheet)
    bare = len(statements)
    page = NewFile("photo", "page.jpg", "", JPEG)
    sheet_file = NewFile("document", "Карточка.pdf", "application/pdf", PDF)
    await journal.run(set_homework, math, lesson_id, "№ 12, стр. 40", files=[page, sheet_file])
    await journal.run(set_homework, math, lesson_id, "Карточка 3", pupil_ids=[tiny.people["a2"]])
    with read_rows.count_queries(engine) as statements:
        sheet = await journal.run(lesson_sheet, math, lesson_id)
    # The homework, its files and the individual tasks come in the statement that was there.
    assert len(statements) == bare, statements
    assert sheet.lesson.homework == LessonHomework(("№ 12, стр. 40",), 2, 1, 0)
    assert sheet.lesson.has_homework
    line = "Домашнее задание: № 12, стр. 40 · 📎 2 файла; и индивидуальные задания: 1"
    assert line in card_text(sheet).splitlines()
    [listed] = [x for x in await journal.run(writable_lessons, math, TODAY) if x.id == lesson_id]
    assert listed.homework == sheet.lesson.homework


async def test_homework_line_counts_files_and_tasks_in_russian() -> None:
    def line(texts: tuple[str, ...], *counts: int) -> str:
        return staff_formatting.homework_line(LessonHomework(texts, *counts))

    assert line(("Упр. 5",), 0, 0, 0) == "Домашнее задание: Упр. 5"
    assert line(("Упр. 5",), 1, 0, 0) == "Домашнее задание: Упр. 5 · 📎 1 файл"
    assert line(("Упр. 5",), 5, 0, 0) == "Домашнее задание: Упр. 5 · 📎 5 файлов"
    assert line(("Упр. 5", "Стр. 7"), 0, 0, 0) == "Домашнее задание: Упр. 5; Стр. 7"
    assert line((), 0, 1, 0) == "Домашнее задание: 1 индивидуальное задание"
    assert line((), 0, 2, 3) == "Домашнее задание: 2 индивидуальных задания · 📎 3 файла"
    assert line(("Упр. 5",), 0, 5, 0) == ("Домашнее задание: Упр. 5; и индивидуальные задания: 5")
    long = line(("Прочитать рассказ «Муму»\nи ответить на вопросы " + "очень " * 20,), 2, 0, 0)
    what = long.removeprefix("Домашнее задание: ").removesuffix(" · 📎 2 файла")
    assert (
        "\n" not in long
        and what.endswith("…")
        and len(what) <= staff_formatting.HOMEWORK_TEXT_LIMIT
    )
    assert what.startswith("Прочитать рассказ «Муму» и ответить на вопросы очень")


async def test_sheet_of_a_subgroup_lesson_has_only_its_pupils(
    journal: Journal, tiny: TinySchool
) -> None:
    sheet = await journal.run(
        lesson_sheet, await actor(journal, tiny, "eng1"), tiny.lessons["eng1-today"]
    )
    assert [p.id for p in sheet.pupils] == [tiny.people["a1"], tiny.people["a2"]]
    assert sheet.lesson.subgroup == "1 группа"


async def test_no_marks_before_the_lesson_starts(journal: Journal, tiny: TinySchool) -> None:
    sheet = await journal.run(
        lesson_sheet, await actor(journal, tiny, "math"), tiny.lessons["math-later-today"]
    )
    assert sheet.can_write and sheet.marks_note is not None and "не начался" in sheet.marks_note
    assert not any(p.may_mark for p in sheet.pupils)


async def test_class_teacher_looks_at_a_colleagues_lesson_without_writing(
    journal: Journal, tiny: TinySchool
) -> None:
    sheet = await journal.run(
        lesson_sheet, await actor(journal, tiny, "math"), tiny.lessons["rus-today"]
    )
    assert not sheet.can_write and sheet.marks_note is not None
    assert not any(p.may_mark for p in sheet.pupils)


async def test_other_teachers_may_not_open_the_sheet(journal: Journal, tiny: TinySchool) -> None:
    for who in ("eng2", "deputy", "g1"):
        with pytest.raises(AccessDenied):
            await journal.run(
                lesson_sheet, await actor(journal, tiny, who), tiny.lessons["rus-today"]
            )


async def test_work_types_of_the_school_in_their_order(journal: Journal, tiny: TinySchool) -> None:
    found = await journal.run(work_types, await actor(journal, tiny, "math"))
    assert [(w.code, w.short_name) for w in found] == [
        ("answer", "отв"),
        ("homework", "д/з"),
        ("independent", "с/р"),
        ("lab", "л/р"),
        ("control", "к/р"),
    ]
    assert found[-1].weight == 2.0
