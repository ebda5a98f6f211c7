from datetime import timedelta
from typing import Any

import pytest

from db.enums import AttendanceStatus, ChangeAction, LessonStatus
from db.models import Attendance, AttendanceChange, AuditEntry, Lesson
from services.attendance.roll_call import correct_attendance, lesson_roster, save_roll_call
from services.context import Journal
from services.errors import AccessDenied, NotFound, RuleViolation
from services.marks.marking import record_mark
from services.write_views import RollCallResult
from tests.conftest import FakeClock
from tests.tiny_school import TinySchool
from tests.write_support import actor, count, events, get, rows, update

ABSENT, ILL, PRESENT = AttendanceStatus.ABSENT, AttendanceStatus.ILL, AttendanceStatus.PRESENT


async def roll_call(
    journal: Journal,
    tiny: TinySchool,
    who: str,
    lesson: str,
    statuses: dict[str, Any],
    reasons: dict[str, str] | None = None,
) -> RollCallResult:
    return await journal.run(
        save_roll_call,
        await actor(journal, tiny, who),
        tiny.lessons[lesson],
        {tiny.people[k]: v for k, v in statuses.items()},
        {tiny.people[k]: v for k, v in (reasons or {}).items()},
    )


async def test_roll_call_records_absences_only_and_marks_the_lesson(
    journal: Journal, tiny: TinySchool
) -> None:
    result = await roll_call(journal, tiny, "rus", "rus-today", {"a2": ABSENT}, {"a2": " нет "})
    assert result.counts[PRESENT] == 2 and result.counts[ABSENT] == 1
    assert result.changed_pupil_ids == (tiny.people["a2"],)
    lesson = await get(journal, Lesson, tiny.lessons["rus-today"])
    assert lesson.roll_call_done and lesson.status == LessonStatus.HELD
    [record] = await rows(journal, Attendance)
    assert (record.pupil_id, record.status, record.reason) == (tiny.people["a2"], ABSENT, "нет")
    [change] = await rows(journal, AttendanceChange)
    assert (change.action, change.old_value, change.new_value) == (
        ChangeAction.CREATED,
        None,
        "absent: нет",
    )
    [event] = await events(journal, "attendance.recorded")
    assert event.payload["pupil_id"] == tiny.people["a2"]
    assert (event.payload["status"], event.payload["previous_status"]) == ("absent", "present")
    assert await count(journal, AuditEntry, AuditEntry.action == "attendance.changed") == 1


async def test_pupils_left_out_are_present_on_a_second_save(
    journal: Journal, tiny: TinySchool
) -> None:
    await roll_call(journal, tiny, "rus", "rus-today", {"a2": ABSENT})
    result = await roll_call(journal, tiny, "rus", "rus-today", {"a3": "late"})
    assert set(result.changed_pupil_ids) == {tiny.people["a2"], tiny.people["a3"]}
    statuses = {r.pupil_id: r.status for r in await rows(journal, Attendance)}
    assert statuses == {tiny.people["a2"]: PRESENT, tiny.people["a3"]: AttendanceStatus.LATE}
    changes = await rows(journal, AttendanceChange)
    assert [(c.old_value, c.new_value) for c in changes][-2:] == [
        ("absent", "present"),
        (None, "late"),
    ]
    back = [e.payload for e in await events(journal, "attendance.recorded")][1]
    assert (back["status"], back["previous_status"]) == ("present", "absent")


async def test_saving_the_same_roll_call_again_emits_nothing(
    journal: Journal, tiny: TinySchool
) -> None:
    await roll_call(journal, tiny, "rus", "rus-today", {"a2": ABSENT})
    result = await roll_call(journal, tiny, "rus", "rus-today", {"a2": ABSENT})
    assert result.changed_pupil_ids == ()
    assert len(await events(journal, "attendance.recorded")) == 1
    assert await count(journal, AttendanceChange) == 1
    # A new reason is kept in the history, but the status did not change: no new event.
    await roll_call(journal, tiny, "rus", "rus-today", {"a2": ABSENT}, {"a2": "уехал"})
    assert len(await events(journal, "attendance.recorded")) == 1
    assert await count(journal, AttendanceChange) == 2


async def test_every_status_is_accepted(journal: Journal, tiny: TinySchool) -> None:
    for status in AttendanceStatus:
        result = await roll_call(journal, tiny, "math", "math-today", {"a1": status})
        assert result.counts[status] >= 1


async def test_unknown_status_is_refused(journal: Journal, tiny: TinySchool) -> None:
    with pytest.raises(RuleViolation, match="Неизвестная"):
        await roll_call(journal, tiny, "math", "math-today", {"a1": "sleeping"})
    assert await count(journal, Attendance) == 0


async def test_roll_call_only_after_the_lesson_starts(
    journal: Journal, tiny: TinySchool, clock: FakeClock
) -> None:
    with pytest.raises(RuleViolation, match="ещё не начался"):
        await roll_call(journal, tiny, "math", "math-later-today", {"a1": ABSENT})
    lesson = await get(journal, Lesson, tiny.lessons["math-later-today"])
    assert not lesson.roll_call_done
    # The 10-minute rule reminds, it does not block: a late roll call the next day is saved.
    clock.now += timedelta(days=1)
    await roll_call(journal, tiny, "math", "math-later-today", {"a1": ABSENT})


async def test_no_roll_call_for_a_cancelled_lesson(journal: Journal, tiny: TinySchool) -> None:
    with pytest.raises(RuleViolation, match="отменён"):
        await roll_call(journal, tiny, "rus", "rus-tue-cancelled", {})


async def test_roll_call_for_pupils_of_the_lesson_only(journal: Journal, tiny: TinySchool) -> None:
    for teacher, lesson, pupil in (
        ("math", "math-today", "b1"),
        ("eng1", "eng1-today", "a3"),
        ("math", "math-today", "g1"),
    ):
        with pytest.raises(RuleViolation, match="не занимаются"):
            await roll_call(journal, tiny, teacher, lesson, {pupil: ABSENT})
    assert await count(journal, Attendance) == 0


async def test_reason_is_limited_to_300_characters(journal: Journal, tiny: TinySchool) -> None:
    with pytest.raises(RuleViolation, match="300"):
        await roll_call(journal, tiny, "math", "math-today", {"a1": ILL}, {"a1": "я" * 301})
    await roll_call(journal, tiny, "math", "math-today", {"a1": ILL}, {"a1": "я" * 300})


async def test_only_the_acting_teacher_calls_the_roll(journal: Journal, tiny: TinySchool) -> None:
    for who in ("director", "deputy", "admin", "rus", "eng2", "a1", "g2"):
        with pytest.raises(AccessDenied):
            await roll_call(journal, tiny, who, "eng1-today", {"a1": ABSENT})
    assert not (await get(journal, Lesson, tiny.lessons["eng1-today"])).roll_call_done


async def test_roster_lists_the_subgroup_with_statuses_and_marks(
    journal: Journal, tiny: TinySchool
) -> None:
    eng1 = await actor(journal, tiny, "eng1")
    lesson_id = tiny.lessons["eng1-today"]
    await journal.run(record_mark, eng1, lesson_id, tiny.people["a2"], 5, "control")
    await roll_call(journal, tiny, "eng1", "eng1-today", {"a1": ILL}, {"a1": "справка"})
    roster = await journal.run(lesson_roster, eng1, lesson_id)
    assert [p.id for p in roster.pupils] == [tiny.people["a1"], tiny.people["a2"]]
    assert [(p.status, p.reason, p.marks) for p in roster.pupils] == [
        (ILL, "справка", ()),
        (PRESENT, "", ("5 (к/р)",)),
    ]
    assert roster.lesson.subgroup == "1 группа" and roster.lesson.roll_call_done
    assert roster.lesson.marks_allowed
    # The class teacher may look; the other group's teacher may not.
    await journal.run(lesson_roster, await actor(journal, tiny, "math"), lesson_id)
    with pytest.raises(AccessDenied):
        await journal.run(lesson_roster, await actor(journal, tiny, "eng2"), lesson_id)
    with pytest.raises(NotFound):
        await journal.run(lesson_roster, eng1, 999_999)


async def test_class_teacher_corrects_within_two_weeks(
    journal: Journal, tiny: TinySchool, clock: FakeClock
) -> None:
    await roll_call(journal, tiny, "rus", "rus-today", {"a2": ABSENT})
    math = await actor(journal, tiny, "math")  # the class teacher of 5А
    lesson_id, a2 = tiny.lessons["rus-today"], tiny.people["a2"]
    await journal.run(
        correct_attendance, math, lesson_id, a2, AttendanceStatus.EXCUSED, "заявление"
    )
    record = (await rows(journal, Attendance))[0]
    assert (record.status, record.reason, record.author_id) == (
        AttendanceStatus.EXCUSED,
        "заявление",
        tiny.people["math"],
    )
    change = (await rows(journal, AttendanceChange))[-1]
    assert (change.old_value, change.new_value) == ("absent", "excused: заявление")
    assert len(await events(journal, "attendance.recorded")) == 2
    clock.now += timedelta(days=15)
    with pytest.raises(RuleViolation, match="14 дней"):
        await journal.run(correct_attendance, math, lesson_id, a2, ILL)
    # The lesson's own teacher still may.
    await journal.run(correct_attendance, await actor(journal, tiny, "rus"), lesson_id, a2, ILL)


async def test_others_do_not_correct_attendance(journal: Journal, tiny: TinySchool) -> None:
    for who in ("rus", "primary", "director", "deputy", "g3", "a2", "medic"):
        with pytest.raises(AccessDenied):
            await journal.run(
                correct_attendance,
                await actor(journal, tiny, who),
                tiny.lessons["math-today"],
                tiny.people["a2"],
                ABSENT,
            )
    assert await count(journal, Attendance) == 0


async def test_correction_rules(journal: Journal, tiny: TinySchool) -> None:
    math = await actor(journal, tiny, "math")
    a1 = tiny.people["a1"]
    with pytest.raises(RuleViolation, match="300"):
        await journal.run(correct_attendance, math, tiny.lessons["math-today"], a1, ILL, "я" * 301)
    with pytest.raises(RuleViolation, match="ещё не начался"):
        await journal.run(correct_attendance, math, tiny.lessons["math-later-today"], a1, ILL)
    with pytest.raises(RuleViolation, match="не занимается"):
        await journal.run(
            correct_attendance, math, tiny.lessons["math-today"], tiny.people["b1"], ILL
        )
    with pytest.raises(RuleViolation, match="отменён"):
        await journal.run(correct_attendance, math, tiny.lessons["rus-tue-cancelled"], a1, ILL)
    assert await count(journal, Attendance) == 0


async def test_the_substitute_calls_the_roll_not_the_original_teacher(
    journal: Journal, tiny: TinySchool
) -> None:
    await update(
        journal, Lesson, tiny.lessons["rus-today"], substitute_teacher_id=tiny.people["eng2"]
    )
    with pytest.raises(AccessDenied):
        await roll_call(journal, tiny, "rus", "rus-today", {"a1": ABSENT})
    await roll_call(journal, tiny, "eng2", "rus-today", {"a1": ABSENT})
    [event] = await events(journal, "attendance.recorded")
    assert event.payload["author_id"] == tiny.people["eng2"]
