"""Every role against every write: the allowed succeed, the rest are refused and change nothing."""

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime

import pytest

from db.enums import AnnouncementScope, AttendanceStatus
from db.models import Lesson
from services.attendance.roll_call import correct_attendance, save_roll_call
from services.context import Ctx, Journal
from services.errors import AccessDenied, JournalError, NotFound
from services.lessons.notes import set_homework, set_topic
from services.marks.finals import set_final_mark
from services.marks.marking import change_mark, delete_mark, record_mark
from services.messages.announcing import mark_announcement_read, publish_announcement
from services.people.actor import Actor
from services.schedule.changes import cancel_lesson, change_room, move_lesson, substitute_teacher
from tests.conftest import FakeClock
from tests.tiny_school import TinySchool
from tests.write_support import WRITTEN_TABLES, actor, dump, moscow, put_marks, update

# Role in the table -> the tiny school's person. The operations below aim at 5А's English
# lesson of group 1 ("eng1-today") unless they say otherwise.
ROLES = {
    "admin": "admin",
    "director": "director",
    "deputy": "deputy",
    "class teacher of 5А": "math",
    "class teacher of another class": "primary",
    "lesson's teacher": "eng1",
    "other English group's teacher / substitute on rus-today": "eng2",
    "another subject's teacher / original teacher of rus-today": "rus",
    "pupil": "a1",
    "guardian": "g2",
    "medic": "medic",
}
CLASS_TEACHER = "class teacher of 5А"
TEACHER = "lesson's teacher"
SUBSTITUTE = "other English group's teacher / substitute on rus-today"
RUS = "another subject's teacher / original teacher of rus-today"
SCHEDULERS = frozenset({"admin", "deputy"})
BOARD = frozenset({"deputy", "director"})
MISSING = 999_999
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


@dataclass
class World:
    tiny: TinySchool
    mark_id: int = 0
    announcement_id: int = 0


Call = Callable[[Ctx, Actor, World], Awaitable[object]]


@dataclass(frozen=True)
class Op:
    name: str
    call: Call
    allowed: frozenset[str]
    refusals: tuple[type[JournalError], ...] = (AccessDenied,)
    now: datetime | None = None
    notes: list[str] = field(default_factory=list)


def lesson(w: World, key: str) -> int:
    return w.tiny.lessons[key]


def person(w: World, key: str) -> int:
    return w.tiny.people[key]


ABSENT, ILL = AttendanceStatus.ABSENT, AttendanceStatus.ILL
CLASS, SCHOOL = AnnouncementScope.CLASS, AnnouncementScope.SCHOOL
ONLY_TEACHER, ONLY_SUBSTITUTE = frozenset({TEACHER}), frozenset({SUBSTITUTE})
NOBODY: frozenset[str] = frozenset()
EITHER = (AccessDenied, NotFound)

OPS = [
    Op(
        "record_mark",
        lambda c, a, w: record_mark(c, a, lesson(w, "eng1-today"), person(w, "a2"), 5, "answer"),
        ONLY_TEACHER,
    ),
    Op("change_mark", lambda c, a, w: change_mark(c, a, w.mark_id, value=3), ONLY_TEACHER),
    Op("delete_mark", lambda c, a, w: delete_mark(c, a, w.mark_id), ONLY_TEACHER),
    Op(
        "save_roll_call",
        lambda c, a, w: save_roll_call(c, a, lesson(w, "eng1-today"), {person(w, "a2"): ABSENT}),
        ONLY_TEACHER,
    ),
    Op(
        "correct_attendance",
        lambda c, a, w: correct_attendance(c, a, lesson(w, "eng1-today"), person(w, "a2"), ILL),
        frozenset({TEACHER, CLASS_TEACHER}),
    ),
    Op(
        "set_topic",
        lambda c, a, w: set_topic(c, a, lesson(w, "eng1-today"), "Past Simple"),
        ONLY_TEACHER,
    ),
    Op(
        "set_homework",
        lambda c, a, w: set_homework(c, a, lesson(w, "eng1-today"), "Ex. 5"),
        ONLY_TEACHER,
    ),
    Op(
        "set_homework individual",
        lambda c, a, w: set_homework(
            c, a, lesson(w, "eng1-today"), "Ex. 7", pupil_ids=[person(w, "a1")]
        ),
        ONLY_TEACHER,
    ),
    Op(
        "set_final_mark",
        lambda c, a, w: set_final_mark(
            c, a, person(w, "a1"), w.tiny.subjects["eng"], w.tiny.periods["q2"], "5"
        ),
        ONLY_TEACHER,
        now=moscow(2026, 12, 25, 12),
    ),
    # A substituted lesson: only the substitute writes, not the lesson's own teacher.
    Op(
        "record_mark on a substituted lesson",
        lambda c, a, w: record_mark(c, a, lesson(w, "rus-today"), person(w, "a1"), 4, "answer"),
        ONLY_SUBSTITUTE,
    ),
    Op(
        "save_roll_call on a substituted lesson",
        lambda c, a, w: save_roll_call(c, a, lesson(w, "rus-today"), {person(w, "a3"): ABSENT}),
        ONLY_SUBSTITUTE,
    ),
    Op(
        "correct_attendance on a substituted lesson",
        lambda c, a, w: correct_attendance(c, a, lesson(w, "rus-today"), person(w, "a3"), ILL),
        frozenset({SUBSTITUTE, CLASS_TEACHER}),
    ),
    Op(
        "set_topic on a substituted lesson",
        lambda c, a, w: set_topic(c, a, lesson(w, "rus-today"), "Падежи"),
        ONLY_SUBSTITUTE,
    ),
    Op(
        "set_homework on a substituted lesson",
        lambda c, a, w: set_homework(c, a, lesson(w, "rus-today"), "Упр. 12"),
        ONLY_SUBSTITUTE,
    ),
    # Another class's lesson, given by the maths teacher.
    Op(
        "record_mark in 5Б",
        lambda c, a, w: record_mark(c, a, lesson(w, "5Б-math-today"), person(w, "b1"), 5, "answer"),
        frozenset({CLASS_TEACHER}),
    ),
    Op(
        "save_roll_call in 5Б",
        lambda c, a, w: save_roll_call(c, a, lesson(w, "5Б-math-today"), {person(w, "b2"): ILL}),
        frozenset({CLASS_TEACHER}),
    ),
    # A lesson id that does not exist.
    Op(
        "record_mark, no such lesson",
        lambda c, a, w: record_mark(c, a, MISSING, person(w, "a1"), 5, "answer"),
        NOBODY,
        (NotFound,),
    ),
    Op(
        "save_roll_call, no such lesson",
        lambda c, a, w: save_roll_call(c, a, MISSING, {}),
        NOBODY,
        (NotFound,),
    ),
    Op(
        "correct_attendance, no such lesson",
        lambda c, a, w: correct_attendance(c, a, MISSING, person(w, "a1"), ILL),
        NOBODY,
        (NotFound,),
    ),
    Op(
        "set_topic, no such lesson",
        lambda c, a, w: set_topic(c, a, MISSING, "Тема"),
        NOBODY,
        (NotFound,),
    ),
    Op(
        "set_homework, no such lesson",
        lambda c, a, w: set_homework(c, a, MISSING, "№"),
        NOBODY,
        (NotFound,),
    ),
    Op(
        "change_mark, no such mark",
        lambda c, a, w: change_mark(c, a, MISSING, value=5),
        NOBODY,
        (NotFound,),
    ),
    Op(
        "cancel_lesson, no such lesson",
        lambda c, a, w: cancel_lesson(c, a, MISSING),
        NOBODY,
        EITHER,
    ),
    # The schedule.
    Op(
        "cancel_lesson",
        lambda c, a, w: cancel_lesson(c, a, lesson(w, "math-fri"), "Экскурсия"),
        SCHEDULERS,
    ),
    Op(
        "substitute_teacher",
        lambda c, a, w: substitute_teacher(c, a, lesson(w, "math-fri"), person(w, "primary")),
        SCHEDULERS,
    ),
    Op("change_room", lambda c, a, w: change_room(c, a, lesson(w, "math-fri"), "31"), SCHEDULERS),
    Op(
        "move_lesson",
        lambda c, a, w: move_lesson(c, a, lesson(w, "math-fri"), date(2026, 11, 19), 2),
        SCHEDULERS,
    ),
    # The notice board.
    Op(
        "announce to 5А",
        lambda c, a, w: publish_announcement(
            c, a, title="Собрание", text="В четверг", scope=CLASS, class_id=w.tiny.classes["5А"]
        ),
        BOARD | {CLASS_TEACHER},
    ),
    Op(
        "announce to 5Б",
        lambda c, a, w: publish_announcement(
            c, a, title="Собрание", text="В пятницу", scope=CLASS, class_id=w.tiny.classes["5Б"]
        ),
        BOARD | {RUS},
    ),
    Op(
        "announce school-wide",
        lambda c, a, w: publish_announcement(c, a, title="Каникулы", text="С 28.12", scope=SCHOOL),
        BOARD,
    ),
    Op(
        "announce to grade 5",
        lambda c, a, w: publish_announcement(
            c, a, title="Олимпиада", text="Во вторник", scope=AnnouncementScope.GRADE, grade=5
        ),
        BOARD,
    ),
    Op(
        "mark_announcement_read (for guardians and pupils)",
        lambda c, a, w: mark_announcement_read(c, a, w.announcement_id),
        frozenset({"pupil", "guardian"}),
    ),
]


async def build_world(journal: Journal, tiny: TinySchool) -> World:
    w = World(tiny)
    await update(
        journal, Lesson, tiny.lessons["rus-today"], substitute_teacher_id=tiny.people["eng2"]
    )
    eng1, deputy = await actor(journal, tiny, "eng1"), await actor(journal, tiny, "deputy")
    w.mark_id = await journal.run(
        record_mark, eng1, tiny.lessons["eng1-today"], tiny.people["a1"], 4, "answer"
    )
    await put_marks(journal, tiny, "eng1-today", "a1", [5, 5, 5, 5])
    w.announcement_id = await journal.run(
        publish_announcement, deputy, title="Новости", text="Текст", scope=SCHOOL
    )
    return w


class Undone(Exception):
    """Rolls back an accepted write so the next role meets the same journal."""


async def accept_then_undo(ctx: Ctx, op: Op, who: Actor, w: World) -> None:
    before = await dump(ctx, WRITTEN_TABLES)
    await op.call(ctx, who, w)
    await ctx.session.flush()
    if await dump(ctx, WRITTEN_TABLES) == before:
        raise AssertionError("accepted, but nothing was written")
    raise Undone


@pytest.mark.parametrize("op", OPS, ids=[op.name for op in OPS])
async def test_every_role_against_the_operation(
    journal: Journal, tiny: TinySchool, clock: FakeClock, op: Op
) -> None:
    w = await build_world(journal, tiny)
    if op.now is not None:
        clock.now = op.now
    assert op.allowed <= set(ROLES), op.allowed - set(ROLES)
    problems = []
    # Accepted writes are rolled back and refused ones write nothing: the journal stays as built.
    before = await journal.run(dump, WRITTEN_TABLES)
    for role, key in ROLES.items():
        who = await actor(journal, tiny, key)
        if role in op.allowed:
            try:
                await journal.run(accept_then_undo, op, who, w)
            except Undone:
                pass
            except JournalError as refusal:
                problems.append(f"{role}: refused ({refusal.message}), expected to succeed")
        else:
            try:
                await journal.run(op.call, who, w)
            except op.refusals as refusal:
                if not CYRILLIC.search(refusal.message):
                    problems.append(f"{role}: refusal without a Russian message")
            except JournalError as refusal:
                problems.append(f"{role}: {type(refusal).__name__} ({refusal.message})")
            else:
                problems.append(f"{role}: allowed, expected a refusal")
        if await journal.run(dump, WRITTEN_TABLES) != before:
            problems.append(f"{role}: the journal changed")
    assert problems == []
