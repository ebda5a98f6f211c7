import json
from collections.abc import Awaitable, Callable
from datetime import date

import pytest
from sqlalchemy import select

from db.enums import AnnouncementScope, AttendanceStatus
from db.models import AuditEntry, Mark, OutboxEvent
from services.attendance.roll_call import correct_attendance, save_roll_call
from services.context import Ctx, Journal
from services.errors import JournalError, RuleViolation
from services.lessons.notes import set_homework, set_topic
from services.marks.finals import set_final_mark
from services.marks.marking import change_mark, delete_mark, record_mark
from services.messages.announcing import publish_announcement
from services.people.actor import Actor
from services.schedule.changes import cancel_lesson, change_room, move_lesson, substitute_teacher
from tests.conftest import FakeClock
from tests.tiny_school import TinySchool
from tests.write_support import actor, count, dump, events, moscow, put_marks

LESSON_BASE = {
    "lesson_id",
    "change",
    "class_id",
    "subgroup_id",
    "subject_id",
    "date",
    "number",
    "note",
    "changed_by",
}
MARK_KEYS = {
    "mark_id",
    "pupil_id",
    "lesson_id",
    "subject_id",
    "value",
    "work_type",
    "lesson_date",
    "author_id",
}
EXPECTED_KEYS = {
    "mark.recorded": MARK_KEYS,
    "mark.changed": MARK_KEYS | {"old_value", "old_work_type", "changed_by"},
    "mark.deleted": MARK_KEYS | {"deleted_by"},
    "attendance.recorded": {
        "lesson_id",
        "pupil_id",
        "status",
        "previous_status",
        "lesson_date",
        "lesson_number",
        "subject_id",
        "author_id",
    },
    "topic.set": {"lesson_id", "class_id", "subgroup_id", "subject_id", "date", "author_id"},
    "homework.set": {
        "homework_id",
        "lesson_id",
        "class_id",
        "subgroup_id",
        "subject_id",
        "due_date",
        "is_individual",
        "pupil_ids",
        "author_id",
        "files",
    },
    "final_mark.set": {
        "final_mark_id",
        "pupil_id",
        "subject_id",
        "period_id",
        "value",
        "previous_value",
        "author_id",
    },
    "announcement.published": {"announcement_id"},
}
LESSON_CHANGE_EXTRA = {
    "cancelled": set(),
    "substituted": {
        "teacher_id",
        "substitute_teacher_id",
        "previous_substitute_id",
        "told_in_summary",
    },
    "room": {"room", "previous_room"},
    "moved": {"from_date", "from_number"},
}


async def test_a_write_that_fails_later_leaves_no_row_and_no_event(
    journal: Journal, tiny: TinySchool
) -> None:
    math = await actor(journal, tiny, "math")

    async def mark_then_fail(ctx: Ctx, who: Actor) -> None:
        await record_mark(ctx, who, tiny.lessons["math-today"], tiny.people["a1"], 5, "answer")
        await save_roll_call(ctx, who, tiny.lessons["math-today"], {tiny.people["a2"]: "ill"})
        await set_homework(ctx, who, tiny.lessons["math-today"], "№ 5")
        raise RuleViolation("Сбой после записи.")

    before = await journal.run(dump)
    with pytest.raises(RuleViolation):
        await journal.run(mark_then_fail, math)
    assert await journal.run(dump) == before
    assert await count(journal, OutboxEvent) == 0


async def test_refused_writes_leave_nothing(
    journal: Journal, tiny: TinySchool, clock: FakeClock
) -> None:
    math, deputy = await actor(journal, tiny, "math"), await actor(journal, tiny, "deputy")
    lessons, people, run = tiny.lessons, tiny.people, journal.run
    q2, maths, school = tiny.periods["q2"], tiny.subjects["math"], AnnouncementScope.SCHOOL
    refused: list[Callable[[], Awaitable[object]]] = [
        lambda: run(record_mark, math, lessons["math-today"], people["a1"], 9, "answer"),
        lambda: run(record_mark, math, lessons["math-later-today"], people["a1"], 5, "answer"),
        lambda: run(save_roll_call, math, lessons["math-today"], {people["b1"]: "ill"}),
        lambda: run(set_topic, math, lessons["math-today"], ""),
        lambda: run(set_homework, math, lessons["math-today"], "№", pupil_ids=[people["b1"]]),
        lambda: run(set_final_mark, math, people["a1"], maths, q2, "5"),
        lambda: run(move_lesson, deputy, lessons["math-fri"], date(2026, 11, 19), 1),
        lambda: run(publish_announcement, math, title="", text="т", scope=school),
    ]
    before = await journal.run(dump)
    for attempt in refused:
        with pytest.raises(JournalError):
            await attempt()
    assert await journal.run(dump) == before


async def test_accepted_writes_emit_the_contracts_payloads(
    journal: Journal, tiny: TinySchool, clock: FakeClock
) -> None:
    math, deputy = await actor(journal, tiny, "math"), await actor(journal, tiny, "deputy")
    today, fri = tiny.lessons["math-today"], tiny.lessons["math-fri"]
    a1, a2 = tiny.people["a1"], tiny.people["a2"]
    mark_id = await journal.run(record_mark, math, today, a1, 4, "control")
    await journal.run(change_mark, math, mark_id, value=5)
    await journal.run(delete_mark, math, mark_id)
    await journal.run(save_roll_call, math, today, {a2: AttendanceStatus.ILL}, {a2: "ОРВИ"})
    await journal.run(correct_attendance, math, today, a2, AttendanceStatus.EXCUSED)
    await journal.run(set_topic, math, today, "Дроби")
    await journal.run(set_homework, math, today, "№ 5", pupil_ids=[a1])
    await journal.run(substitute_teacher, deputy, fri, tiny.people["rus"])
    await journal.run(change_room, deputy, fri, "31")
    await journal.run(move_lesson, deputy, fri, date(2026, 11, 19), 2)
    await journal.run(cancel_lesson, deputy, tiny.lessons["math-later-today"], "Субботник")
    await journal.run(
        publish_announcement, deputy, title="Т", text="Т", scope=AnnouncementScope.SCHOOL
    )
    await put_marks(journal, tiny, "math-mon", "a1", [5] * 5)
    clock.now = moscow(2026, 12, 25, 12)
    await journal.run(set_final_mark, math, a1, tiny.subjects["math"], tiny.periods["q2"], "5")

    outbox = await events(journal)
    assert [e.kind for e in outbox] == [
        "mark.recorded",
        "mark.changed",
        "mark.deleted",
        "attendance.recorded",
        "attendance.recorded",
        "topic.set",
        "homework.set",
        "lesson.changed",
        "lesson.changed",
        "lesson.changed",
        "lesson.changed",
        "announcement.published",
        "final_mark.set",
    ]
    for event in outbox:
        assert event.school_id == tiny.school_id
        assert json.loads(json.dumps(event.payload)) == event.payload
        if event.kind == "lesson.changed":
            expected = LESSON_BASE | LESSON_CHANGE_EXTRA[event.payload["change"]]
        else:
            expected = EXPECTED_KEYS[event.kind]
        assert set(event.payload) == expected, event.kind
    recorded = outbox[0].payload
    assert recorded == {
        "mark_id": mark_id,
        "pupil_id": a1,
        "lesson_id": today,
        "subject_id": tiny.subjects["math"],
        "value": 4,
        "work_type": "control",
        "lesson_date": "2026-11-18",
        "author_id": tiny.people["math"],
    }
    assert outbox[4].payload == {
        "lesson_id": today,
        "pupil_id": a2,
        "status": "excused",
        "previous_status": "ill",
        "lesson_date": "2026-11-18",
        "lesson_number": 1,
        "subject_id": tiny.subjects["math"],
        "author_id": tiny.people["math"],
    }
    assert [e.payload["change"] for e in outbox[7:11]] == [
        "substituted",
        "room",
        "moved",
        "cancelled",
    ]
    assert outbox[0].created_at == moscow(2026, 11, 18, 12)


async def test_personal_data_writes_are_audited(journal: Journal, tiny: TinySchool) -> None:
    math = await actor(journal, tiny, "math")
    today, a1 = tiny.lessons["math-today"], tiny.people["a1"]
    mark_id = await journal.run(record_mark, math, today, a1, 4, "answer")
    await journal.run(change_mark, math, mark_id, value=3)
    await journal.run(delete_mark, math, mark_id)
    await journal.run(save_roll_call, math, today, {a1: AttendanceStatus.ABSENT})
    await journal.run(set_homework, math, today, "№ 5", pupil_ids=[a1])
    entries = await journal.run(_audit_of, a1)
    assert entries == [
        ("mark.recorded", tiny.people["math"]),
        ("mark.changed", tiny.people["math"]),
        ("mark.deleted", tiny.people["math"]),
        ("attendance.changed", tiny.people["math"]),
        ("homework.individual", tiny.people["math"]),
    ]
    assert await count(journal, Mark) == 1


async def _audit_of(ctx: Ctx, pupil_id: int) -> list[tuple[str, int | None]]:
    rows = await ctx.session.scalars(
        select(AuditEntry).where(AuditEntry.subject_person_id == pupil_id).order_by(AuditEntry.id)
    )
    return [(r.action, r.actor_id) for r in rows.all()]
