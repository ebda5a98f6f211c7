from datetime import date

import pytest

from db.enums import LessonStatus
from db.models import Holiday, Lesson, Person
from services.context import Ctx, Journal
from services.errors import AccessDenied, NotFound, RuleViolation
from services.marks.marking import record_mark
from services.schedule.changes import cancel_lesson, change_room, move_lesson, substitute_teacher
from tests.tiny_school import TinySchool
from tests.write_support import actor, events, get, update

THU, FRI = date(2026, 11, 19), date(2026, 11, 20)


async def lesson(journal: Journal, tiny: TinySchool, key: str) -> Lesson:
    row: Lesson = await get(journal, Lesson, tiny.lessons[key])
    return row


async def test_deputy_or_admin_cancels_a_lesson(journal: Journal, tiny: TinySchool) -> None:
    deputy, admin = await actor(journal, tiny, "deputy"), await actor(journal, tiny, "admin")
    await journal.run(cancel_lesson, deputy, tiny.lessons["math-fri"], "Экскурсия")
    row = await lesson(journal, tiny, "math-fri")
    assert (row.status, row.change_note) == (LessonStatus.CANCELLED, "Экскурсия")
    [event] = await events(journal, "lesson.changed")
    assert event.payload["change"] == "cancelled" and event.payload["date"] == "2026-11-20"
    assert event.payload["class_id"] == tiny.classes["5А"]
    assert event.payload["changed_by"] == tiny.people["deputy"]
    await journal.run(cancel_lesson, admin, tiny.lessons["rus-thu"])
    assert (await lesson(journal, tiny, "rus-thu")).status == LessonStatus.CANCELLED


async def test_others_do_not_change_the_schedule(journal: Journal, tiny: TinySchool) -> None:
    lesson_id = tiny.lessons["math-fri"]
    for who in ("director", "math", "rus", "a1", "g2", "medic"):
        someone = await actor(journal, tiny, who)
        for op, args in (
            (cancel_lesson, ()),
            (substitute_teacher, (tiny.people["rus"],)),
            (change_room, ("31",)),
            (move_lesson, (THU, 2)),
        ):
            with pytest.raises(AccessDenied, match="заместитель директора"):
                await journal.run(op, someone, lesson_id, *args)  # type: ignore[arg-type]
    assert await events(journal) == []
    assert (await lesson(journal, tiny, "math-fri")).status == LessonStatus.PLANNED


async def test_cancel_refused_when_already_cancelled_or_recorded(
    journal: Journal, tiny: TinySchool
) -> None:
    deputy = await actor(journal, tiny, "deputy")
    with pytest.raises(RuleViolation, match="уже отменён"):
        await journal.run(cancel_lesson, deputy, tiny.lessons["rus-tue-cancelled"])
    math = await actor(journal, tiny, "math")
    await journal.run(record_mark, math, tiny.lessons["math-today"], tiny.people["a1"], 5, "answer")
    with pytest.raises(RuleViolation, match="отметки"):
        await journal.run(cancel_lesson, deputy, tiny.lessons["math-today"])
    with pytest.raises(NotFound):
        await journal.run(cancel_lesson, deputy, 999_999)


async def test_substitute_takes_over_and_can_be_undone(journal: Journal, tiny: TinySchool) -> None:
    deputy = await actor(journal, tiny, "deputy")
    lesson_id = tiny.lessons["math-fri"]
    await journal.run(substitute_teacher, deputy, lesson_id, tiny.people["rus"], "Болезнь")
    row = await lesson(journal, tiny, "math-fri")
    assert (row.substitute_teacher_id, row.acting_teacher_id) == (tiny.people["rus"],) * 2
    [event] = await events(journal, "lesson.changed")
    assert event.payload["change"] == "substituted"
    assert event.payload["substitute_teacher_id"] == tiny.people["rus"]
    assert event.payload["teacher_id"] == tiny.people["math"]
    with pytest.raises(RuleViolation, match="уже ведёт"):
        await journal.run(substitute_teacher, deputy, lesson_id, tiny.people["rus"])
    await journal.run(substitute_teacher, deputy, lesson_id, tiny.people["math"])
    assert (await lesson(journal, tiny, "math-fri")).substitute_teacher_id is None


async def test_substitute_must_be_free_at_that_time(journal: Journal, tiny: TinySchool) -> None:
    deputy = await actor(journal, tiny, "deputy")
    # The maths teacher has 5Б's lesson 3 today, at the time of the English lesson.
    with pytest.raises(RuleViolation, match=r"Числова .* в это время ведёт"):
        await journal.run(
            substitute_teacher, deputy, tiny.lessons["eng1-today"], tiny.people["math"]
        )
    # A lesson the teacher substitutes on keeps them busy too.
    await update(
        journal, Lesson, tiny.lessons["5Б-math-today"], substitute_teacher_id=tiny.people["primary"]
    )
    await journal.run(substitute_teacher, deputy, tiny.lessons["eng1-today"], tiny.people["math"])
    with pytest.raises(RuleViolation, match="в это время ведёт"):
        await journal.run(
            substitute_teacher, deputy, tiny.lessons["eng2-today"], tiny.people["primary"]
        )


async def test_substitute_must_be_active_staff_of_the_school(
    journal: Journal, tiny: TinySchool
) -> None:
    deputy = await actor(journal, tiny, "deputy")
    lesson_id = tiny.lessons["math-fri"]
    for not_staff in (tiny.people["a1"], tiny.people["g1"], 999_999):
        with pytest.raises(RuleViolation, match="работающий учитель"):
            await journal.run(substitute_teacher, deputy, lesson_id, not_staff)
    await update(journal, Person, tiny.people["rus"], is_active=False)
    with pytest.raises(RuleViolation, match="работающий учитель"):
        await journal.run(substitute_teacher, deputy, lesson_id, tiny.people["rus"])
    assert await events(journal) == []


async def test_room_change_keeps_the_original_room(journal: Journal, tiny: TinySchool) -> None:
    deputy = await actor(journal, tiny, "deputy")
    lesson_id = tiny.lessons["math-fri"]
    await journal.run(change_room, deputy, lesson_id, "22", "Ремонт")
    await journal.run(change_room, deputy, lesson_id, "23")
    row = await lesson(journal, tiny, "math-fri")
    assert (row.room, row.original_room) == ("23", "21")
    payload = (await events(journal, "lesson.changed"))[-1].payload
    assert (payload["change"], payload["room"], payload["previous_room"]) == ("room", "23", "22")
    await journal.run(change_room, deputy, lesson_id, "21")
    row = await lesson(journal, tiny, "math-fri")
    assert (row.room, row.original_room) == ("21", None)


async def test_room_must_be_free(journal: Journal, tiny: TinySchool) -> None:
    deputy = await actor(journal, tiny, "deputy")
    await journal.run(change_room, deputy, tiny.lessons["eng1-today"], "22")
    with pytest.raises(RuleViolation, match="Кабинет 22 в это время занят"):
        await journal.run(change_room, deputy, tiny.lessons["eng2-today"], "22")
    # A cancelled lesson frees its room.
    await update(journal, Lesson, tiny.lessons["eng1-today"], status=LessonStatus.CANCELLED)
    await journal.run(change_room, deputy, tiny.lessons["eng2-today"], "22")
    with pytest.raises(RuleViolation, match="Укажите кабинет"):
        await journal.run(change_room, deputy, tiny.lessons["math-fri"], "  ")


async def test_move_records_where_the_lesson_came_from(journal: Journal, tiny: TinySchool) -> None:
    deputy = await actor(journal, tiny, "deputy")
    await journal.run(move_lesson, deputy, tiny.lessons["math-fri"], THU, 2, "Олимпиада")
    row = await lesson(journal, tiny, "math-fri")
    assert (row.date, row.number, row.moved_from_date, row.moved_from_number) == (THU, 2, FRI, 2)
    [event] = await events(journal, "lesson.changed")
    assert (event.payload["change"], event.payload["date"], event.payload["from_date"]) == (
        "moved",
        "2026-11-19",
        "2026-11-20",
    )
    await journal.run(move_lesson, deputy, tiny.lessons["math-fri"], THU, 3)
    row = await lesson(journal, tiny, "math-fri")
    assert (row.moved_from_date, row.moved_from_number) == (FRI, 2)


async def test_move_needs_the_class_free(journal: Journal, tiny: TinySchool) -> None:
    deputy = await actor(journal, tiny, "deputy")
    with pytest.raises(RuleViolation, match="У класса"):
        await journal.run(move_lesson, deputy, tiny.lessons["math-fri"], THU, 1)


async def test_move_lets_two_groups_of_a_class_share_the_time(
    journal: Journal, tiny: TinySchool
) -> None:
    deputy = await actor(journal, tiny, "deputy")
    today = date(2026, 11, 18)
    await journal.run(move_lesson, deputy, tiny.lessons["eng2-today"], today, 6)
    await journal.run(change_room, deputy, tiny.lessons["eng1-today"], "22")
    await journal.run(move_lesson, deputy, tiny.lessons["eng1-today"], today, 6)
    with pytest.raises(RuleViolation, match="У класса"):
        await journal.run(move_lesson, deputy, tiny.lessons["math-later-today"], today, 6)


async def test_move_needs_the_teacher_free(journal: Journal, tiny: TinySchool) -> None:
    deputy = await actor(journal, tiny, "deputy")
    await journal.run(change_room, deputy, tiny.lessons["math-fri"], "31")
    with pytest.raises(RuleViolation, match="в это время ведёт"):
        await journal.run(move_lesson, deputy, tiny.lessons["5Б-math-today"], FRI, 2)


async def test_move_needs_the_room_free(journal: Journal, tiny: TinySchool) -> None:
    deputy = await actor(journal, tiny, "deputy")
    # 5Б and its maths teacher are free on Thursday at 1, room 21 has 5А's Russian.
    with pytest.raises(RuleViolation, match="Кабинет 21"):
        await journal.run(move_lesson, deputy, tiny.lessons["5Б-math-today"], THU, 1)


async def test_move_only_into_the_future_on_a_school_day(
    journal: Journal, tiny: TinySchool
) -> None:
    deputy = await actor(journal, tiny, "deputy")
    lesson_id = tiny.lessons["math-fri"]
    with pytest.raises(RuleViolation, match="ещё не наступило"):
        await journal.run(move_lesson, deputy, lesson_id, date(2026, 11, 18), 4)
    with pytest.raises(RuleViolation, match="звонков"):
        await journal.run(move_lesson, deputy, lesson_id, THU, 9)
    with pytest.raises(RuleViolation, match="и так"):
        await journal.run(move_lesson, deputy, lesson_id, FRI, 2)

    async def holiday(ctx: Ctx) -> None:
        ctx.session.add(Holiday(year_id=tiny.year_id, name="День", starts_on=THU, ends_on=THU))

    await journal.run(holiday)
    with pytest.raises(RuleViolation, match="каникулы"):
        await journal.run(move_lesson, deputy, lesson_id, THU, 2)
    math = await actor(journal, tiny, "math")
    await journal.run(record_mark, math, tiny.lessons["math-today"], tiny.people["a1"], 5, "answer")
    with pytest.raises(RuleViolation, match="отметки"):
        await journal.run(move_lesson, deputy, tiny.lessons["math-today"], FRI, 5)
    assert len(await events(journal, "lesson.changed")) == 0


async def test_a_holiday_of_other_grades_lets_a_lesson_move(
    journal: Journal, tiny: TinySchool
) -> None:
    monday = date(2026, 11, 23)

    async def first_graders_off(ctx: Ctx) -> None:
        ctx.session.add(
            Holiday(year_id=tiny.year_id, name="Доп.", starts_on=monday, ends_on=monday, grades="1")
        )

    await journal.run(first_graders_off)
    deputy = await actor(journal, tiny, "deputy")
    await journal.run(move_lesson, deputy, tiny.lessons["math-fri"], monday, 4)
    with pytest.raises(RuleViolation, match="каникулы"):
        await journal.run(move_lesson, deputy, tiny.lessons["1А-read-today"], monday, 4)
