from datetime import date

import pytest

from db.enums import ChangeAction, LessonStatus
from db.models import AuditEntry, Lesson, Mark, MarkChange, School
from services.context import Journal
from services.errors import AccessDenied, NotFound, RuleViolation
from services.marks.marking import change_mark, delete_mark, mark_history, record_mark
from tests.conftest import FakeClock
from tests.tiny_school import TinySchool
from tests.write_support import actor, add_second_grade, count, events, get, rows, update


async def mark_by(
    journal: Journal,
    tiny: TinySchool,
    who: str,
    lesson: str,
    pupil: str,
    value: object = 4,
    work_type: str = "answer",
) -> int:
    teacher = await actor(journal, tiny, who)
    return await journal.run(
        record_mark, teacher, tiny.lessons[lesson], tiny.people[pupil], value, work_type
    )  # type: ignore[arg-type]


async def test_mark_is_recorded_with_weight_history_event_and_audit(
    journal: Journal, tiny: TinySchool
) -> None:
    mark_id = await mark_by(journal, tiny, "math", "math-today", "a1", 5, "control")
    mark = await get(journal, Mark, mark_id)
    assert (mark.value, mark.weight, mark.lesson_date) == (5, 2.0, date(2026, 11, 18))
    assert mark.author_id == tiny.people["math"]
    [change] = await rows(journal, MarkChange, MarkChange.mark_id == mark_id)
    assert (change.action, change.old_value, change.new_value) == (
        ChangeAction.CREATED,
        None,
        "5 (к/р)",
    )
    assert change.changed_by == tiny.people["math"]
    [event] = await events(journal, "mark.recorded")
    assert event.payload["mark_id"] == mark_id
    assert await count(journal, AuditEntry, AuditEntry.subject_person_id == tiny.people["a1"]) == 1


async def test_mark_goes_on_the_lessons_date_not_today(journal: Journal, tiny: TinySchool) -> None:
    mark_id = await mark_by(journal, tiny, "math", "math-mon", "a1")
    assert (await get(journal, Mark, mark_id)).lesson_date == date(2026, 11, 16)


async def test_planned_lesson_that_began_becomes_held_when_marked(
    journal: Journal, tiny: TinySchool
) -> None:
    await mark_by(journal, tiny, "rus", "rus-today", "a1")
    assert (await get(journal, Lesson, tiny.lessons["rus-today"])).status == LessonStatus.HELD


async def test_no_mark_before_the_lesson_starts(
    journal: Journal, tiny: TinySchool, clock: FakeClock
) -> None:
    with pytest.raises(RuleViolation, match="ещё не начался"):
        await mark_by(journal, tiny, "math", "math-later-today", "a1")
    assert await count(journal, Mark) == 0
    clock.now = clock.now.replace(hour=9, minute=31)  # 12:31 in Moscow: lesson 5 began at 12:30
    await mark_by(journal, tiny, "math", "math-later-today", "a1")


async def test_no_mark_for_a_cancelled_lesson(journal: Journal, tiny: TinySchool) -> None:
    with pytest.raises(RuleViolation, match="отменён"):
        await mark_by(journal, tiny, "rus", "rus-tue-cancelled", "a1")


async def test_no_marks_in_the_first_grade(journal: Journal, tiny: TinySchool) -> None:
    with pytest.raises(RuleViolation, match="безотметочное"):
        await mark_by(journal, tiny, "primary", "1А-read-today", "c1")
    assert await count(journal, Mark) == 0


async def test_grades_without_marks_are_a_school_setting(
    journal: Journal, tiny: TinySchool
) -> None:
    pupil_id, lesson_id = await add_second_grade(journal, tiny)
    primary = await actor(journal, tiny, "primary")
    await journal.run(record_mark, primary, lesson_id, pupil_id, 5, "answer")
    await update(journal, School, tiny.school_id, unmarked_grades="1,2")
    with pytest.raises(RuleViolation, match="2-м классе"):
        await journal.run(record_mark, primary, lesson_id, pupil_id, 5, "answer")
    with pytest.raises(RuleViolation, match="1-м классе"):
        await mark_by(journal, tiny, "primary", "1А-read-today", "c1")
    assert await count(journal, Mark) == 1


async def test_mark_is_an_integer_from_one_to_five(journal: Journal, tiny: TinySchool) -> None:
    for value in (0, 6, -1, 4.5, True, "5"):
        with pytest.raises(RuleViolation, match="от 1 до 5"):
            await mark_by(journal, tiny, "math", "math-today", "a1", value)
    assert await count(journal, Mark) == 0
    for value in (1, 5):
        await mark_by(journal, tiny, "math", "math-today", "a1", value)


async def test_work_type_is_mandatory_and_must_exist(journal: Journal, tiny: TinySchool) -> None:
    for work_type in ("", "  ", "essay"):
        with pytest.raises(RuleViolation, match="ид"):
            await mark_by(journal, tiny, "math", "math-today", "a1", 4, work_type)
    assert await count(journal, Mark) == 0


async def test_only_pupils_of_the_lesson_get_marks(journal: Journal, tiny: TinySchool) -> None:
    for teacher, lesson, pupil in (("math", "math-today", "b1"), ("eng1", "eng1-today", "a3")):
        with pytest.raises(RuleViolation, match="не занимается"):
            await mark_by(journal, tiny, teacher, lesson, pupil)
    assert await count(journal, Mark) == 0


async def test_comment_is_kept_and_limited(journal: Journal, tiny: TinySchool) -> None:
    teacher = await actor(journal, tiny, "math")
    lesson, pupil = tiny.lessons["math-today"], tiny.people["a1"]
    mark_id = await journal.run(record_mark, teacher, lesson, pupil, 3, "answer", " Учи таблицу ")
    assert (await get(journal, Mark, mark_id)).comment == "Учи таблицу"
    with pytest.raises(RuleViolation, match="Комментарий"):
        await journal.run(record_mark, teacher, lesson, pupil, 3, "answer", "я" * 501)


async def test_only_the_lessons_teacher_records(journal: Journal, tiny: TinySchool) -> None:
    for who in ("director", "deputy", "admin", "a1", "g2", "rus", "medic"):
        with pytest.raises(AccessDenied):
            await mark_by(journal, tiny, who, "math-today", "a1")
    assert await count(journal, Mark) == 0


async def test_the_substitute_marks_and_the_original_teacher_does_not(
    journal: Journal, tiny: TinySchool
) -> None:
    await update(
        journal, Lesson, tiny.lessons["rus-today"], substitute_teacher_id=tiny.people["eng2"]
    )
    with pytest.raises(AccessDenied, match="не ваш урок"):
        await mark_by(journal, tiny, "rus", "rus-today", "a1")
    await mark_by(journal, tiny, "eng2", "rus-today", "a1")


async def test_change_keeps_history_updates_weight_and_emits(
    journal: Journal, tiny: TinySchool, clock: FakeClock
) -> None:
    mark_id = await mark_by(journal, tiny, "math", "math-today", "a1", 4, "answer")
    math = await actor(journal, tiny, "math")
    clock.now = clock.now.replace(hour=10)
    await journal.run(change_mark, math, mark_id, value=3, work_type="control")
    mark = await get(journal, Mark, mark_id)
    assert (mark.value, mark.weight, mark.updated_at) == (3, 2.0, clock.now)
    changes = await rows(journal, MarkChange, MarkChange.mark_id == mark_id)
    assert [(c.action, c.old_value, c.new_value) for c in changes] == [
        (ChangeAction.CREATED, None, "4 (отв)"),
        (ChangeAction.UPDATED, "4 (отв)", "3 (к/р)"),
    ]
    [event] = await events(journal, "mark.changed")
    assert (event.payload["value"], event.payload["old_value"]) == (3, 4)
    assert event.payload["work_type"] == "control"


async def test_change_validates_value_and_work_type(journal: Journal, tiny: TinySchool) -> None:
    mark_id = await mark_by(journal, tiny, "math", "math-today", "a1")
    math = await actor(journal, tiny, "math")
    with pytest.raises(RuleViolation):
        await journal.run(change_mark, math, mark_id, value=7)
    with pytest.raises(RuleViolation):
        await journal.run(change_mark, math, mark_id, work_type="nonsense")
    assert (await get(journal, Mark, mark_id)).value == 4


async def test_unchanged_mark_writes_no_history(journal: Journal, tiny: TinySchool) -> None:
    mark_id = await mark_by(journal, tiny, "math", "math-today", "a1")
    await journal.run(change_mark, await actor(journal, tiny, "math"), mark_id, value=4)
    assert await count(journal, MarkChange) == 1
    assert await events(journal, "mark.changed") == []


async def test_only_author_or_acting_teacher_edits(journal: Journal, tiny: TinySchool) -> None:
    mark_id = await mark_by(journal, tiny, "math", "math-today", "a1")
    for who in ("rus", "director", "deputy", "a1", "g2"):
        with pytest.raises(AccessDenied):
            await journal.run(change_mark, await actor(journal, tiny, who), mark_id, value=2)
        with pytest.raises(AccessDenied):
            await journal.run(delete_mark, await actor(journal, tiny, who), mark_id)
    await update(
        journal, Lesson, tiny.lessons["math-today"], substitute_teacher_id=tiny.people["eng2"]
    )
    # The substitute now acts on the lesson; the author keeps the right to fix their own mark.
    await journal.run(change_mark, await actor(journal, tiny, "eng2"), mark_id, value=3)
    await journal.run(change_mark, await actor(journal, tiny, "math"), mark_id, value=5)
    assert (await get(journal, Mark, mark_id)).value == 5


async def test_delete_is_soft_and_recorded(journal: Journal, tiny: TinySchool) -> None:
    mark_id = await mark_by(journal, tiny, "math", "math-today", "a1", 2, "control")
    math = await actor(journal, tiny, "math")
    await journal.run(delete_mark, math, mark_id)
    mark = await get(journal, Mark, mark_id)
    assert mark is not None and mark.is_deleted
    last = (await rows(journal, MarkChange, MarkChange.mark_id == mark_id))[-1]
    assert (last.action, last.old_value, last.new_value) == (ChangeAction.DELETED, "2 (к/р)", None)
    assert len(await events(journal, "mark.deleted")) == 1
    with pytest.raises(NotFound):
        await journal.run(delete_mark, math, mark_id)
    with pytest.raises(NotFound):
        await journal.run(change_mark, math, mark_id, value=5)


async def test_missing_mark_is_not_found(journal: Journal, tiny: TinySchool) -> None:
    math = await actor(journal, tiny, "math")
    with pytest.raises(NotFound):
        await journal.run(change_mark, math, 999_999, value=5)
    with pytest.raises(NotFound):
        await journal.run(mark_history, math, 999_999)


async def test_history_for_those_who_may_read_the_pupils_subject(
    journal: Journal, tiny: TinySchool
) -> None:
    mark_id = await mark_by(journal, tiny, "math", "math-today", "a1", 4)
    await journal.run(change_mark, await actor(journal, tiny, "math"), mark_id, value=5)
    for who in ("a1", "g1", "g2", "math", "director", "deputy"):
        history = await journal.run(mark_history, await actor(journal, tiny, who), mark_id)
        assert [(h.old_value, h.new_value) for h in history] == [
            (None, "4 (отв)"),
            ("4 (отв)", "5 (отв)"),
        ]
        assert history[0].changed_by == "Числова Мария Андреевна"
    # a2's guardian, a classmate, a teacher of another subject and the other English group's.
    for who in ("g3", "a2", "rus", "eng2", "g4", "primary"):
        with pytest.raises(AccessDenied):
            await journal.run(mark_history, await actor(journal, tiny, who), mark_id)


async def test_the_substitute_who_may_correct_a_mark_sees_its_history(
    journal: Journal, tiny: TinySchool
) -> None:
    mark_id = await mark_by(journal, tiny, "math", "math-today", "a1", 4)
    with pytest.raises(AccessDenied):
        await journal.run(mark_history, await actor(journal, tiny, "eng2"), mark_id)
    await update(
        journal, Lesson, tiny.lessons["math-today"], substitute_teacher_id=tiny.people["eng2"]
    )
    eng2 = await actor(journal, tiny, "eng2")
    await journal.run(change_mark, eng2, mark_id, value=5)
    history = await journal.run(mark_history, eng2, mark_id)
    assert [(h.changed_by, h.old_value, h.new_value) for h in history] == [
        ("Числова Мария Андреевна", None, "4 (отв)"),
        ("Лондонов Пётр Олегович", "4 (отв)", "5 (отв)"),
    ]
