"""One record saved from two chats at once (issue 14, item 4): the writes are serialised, the
history stays true, and neither chat gets "Что-то пошло не так". Each "chat" runs through an
engine of its own, as two bot workers would."""

import asyncio
import itertools
from datetime import date, timedelta
from typing import Any

from db.engine import make_engine, make_session_factory
from db.enums import AttendanceStatus
from db.models import Attendance, AttendanceChange, FinalMark, Mark, MarkChange
from services.attendance.roll_call import save_roll_call
from services.context import Ctx, Journal
from services.marks.finals import set_final_mark
from services.marks.marking import change_mark, record_mark
from tests.conftest import FakeClock
from tests.tiny_school import TinySchool
from tests.write_support import actor, count, get, moscow, rows

TRIALS = 3


async def _journals(
    database_url: str, clock: FakeClock, n: int = 2
) -> tuple[list[Any], list[Journal]]:
    engines = [make_engine(database_url) for _ in range(n)]
    return engines, [Journal(make_session_factory(e), clock) for e in engines]


async def test_one_mark_changed_from_two_chats_at_once(
    journal: Journal, tiny: TinySchool, database_url: str, clock: FakeClock
) -> None:
    teacher = await actor(journal, tiny, "math")
    mark_id = await journal.run(
        record_mark, teacher, tiny.lessons["math-today"], tiny.people["a1"], 3, "answer"
    )
    engines, journals = await _journals(database_url, clock)
    try:
        for trial in range(TRIALS):
            await asyncio.gather(
                journals[0].run(change_mark, teacher, mark_id, value=4 + trial % 2),
                journals[1].run(change_mark, teacher, mark_id, value=2),
            )
            await journal.run(change_mark, teacher, mark_id, value=3)
    finally:
        for e in engines:
            await e.dispose()
    history = await rows(journal, MarkChange, MarkChange.mark_id == mark_id)
    changes = [(c.old_value, c.new_value) for c in history if c.old_value is not None]
    # Each change starts from what the one before it left: the history is a chain.
    for before, after in itertools.pairwise(changes):
        assert after[0] == before[1], changes
    assert (await get(journal, Mark, mark_id)).value == 3


async def test_a_roll_call_saved_twice_at_once(
    journal: Journal, tiny: TinySchool, database_url: str, clock: FakeClock
) -> None:
    teacher = await actor(journal, tiny, "math")
    engines, journals = await _journals(database_url, clock)
    absent = {tiny.people["a2"]: AttendanceStatus.ABSENT}
    try:
        for trial in range(TRIALS):
            lesson = tiny.lessons["math-today"] if trial == 0 else tiny.lessons["math-mon"]
            clock.now += timedelta(minutes=1)
            await asyncio.gather(
                *(j.run(save_roll_call, teacher, lesson, absent) for j in journals)
            )
    finally:
        for e in engines:
            await e.dispose()
    records = await rows(journal, Attendance, Attendance.pupil_id == tiny.people["a2"])
    assert len(records) == 2 and all(r.status == AttendanceStatus.ABSENT for r in records)
    # Recorded once each, never "changed" from absent to absent.
    assert await count(journal, AttendanceChange) == 2


async def test_a_final_mark_saved_twice_at_once(
    journal: Journal, tiny: TinySchool, database_url: str, clock: FakeClock
) -> None:
    teacher = await actor(journal, tiny, "eng1")

    async def marks(ctx: Ctx) -> None:
        for day in range(8):
            ctx.session.add(
                Mark(
                    lesson_id=tiny.lessons["eng1-today"],
                    pupil_id=tiny.people["a1"],
                    subject_id=tiny.subjects["eng"],
                    value=5,
                    weight=1,
                    work_type_id=tiny.work_types["answer"],
                    author_id=teacher.person_id,
                    lesson_date=date(2026, 11, 10 + day),
                    created_at=clock.now,
                    updated_at=clock.now,
                )
            )

    await journal.run(marks)
    clock.now = moscow(2026, 12, 25, 12)
    engines, journals = await _journals(database_url, clock)
    args = (tiny.people["a1"], tiny.subjects["eng"], tiny.periods["q2"])
    try:
        await asyncio.gather(
            journals[0].run(set_final_mark, teacher, *args, "5"),
            journals[1].run(set_final_mark, teacher, *args, "4"),
        )
    finally:
        for e in engines:
            await e.dispose()
    finals = await rows(journal, FinalMark, FinalMark.pupil_id == tiny.people["a1"])
    assert len(finals) == 1 and finals[0].value in ("4", "5")
