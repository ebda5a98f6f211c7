"""Every role against every read: who may read whose journal, and which subjects of it.

One test per database walks the whole table (the shared fixtures rebuild the school for every
test, which is slow on PostgreSQL), and reports every cell that went wrong at once."""

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from db.enums import AttendanceStatus
from services.attendance.reading import pupil_attendance
from services.context import Ctx, Journal
from services.errors import AccessDenied, JournalError
from services.lessons.homework_reading import homework_for
from services.marks.reading import final_marks, period_marks, recent_marks
from services.messages.announcements_reading import announcements_for
from services.people.access import NO_ACCESS_TO_CLASS, NO_ACCESS_TO_PUPIL
from services.people.actor import Actor
from services.people.family import my_pupils
from services.reports.quality import NOT_YOUR_SUBJECT, class_results
from services.schedule.reading import STAFF_ONLY, pupil_schedule, teacher_schedule
from tests import read_rows
from tests.tiny_school import TODAY, TinySchool

TOMORROW = date(2026, 11, 19)
ALL = {"Математика", "Русский язык", "Английский язык"}
MISSING_PUPIL = 987_654_321


async def _journal_of_a1(ctx: Ctx, t: TinySchool) -> None:
    """a1 has a mark, an absence, homework and a final mark in each of the three subjects."""
    for lesson in ("math-today", "rus-today", "eng1-today"):
        await read_rows.mark(ctx, t, lesson, "a1", 4)
        await read_rows.attendance(ctx, t, lesson, "a1", AttendanceStatus.LATE)
        await read_rows.homework(ctx, t, lesson, f"Задание ({lesson})", TOMORROW)
    for subject in ("math", "rus", "eng"):
        await read_rows.final_mark(ctx, t, "a1", subject, "q2", "4")
    await read_rows.mark(ctx, t, "eng2-today", "a3", 5)
    await read_rows.homework(ctx, t, "eng2-today", "Задание второй группы", TOMORROW)
    await read_rows.other_school(ctx, t)


PupilRead = Callable[[Journal, Actor, int], Awaitable[set[str]]]


async def _recent(j: Journal, actor: Actor, pupil: int) -> set[str]:
    return {m.subject for m in await j.run(recent_marks, actor, pupil, 50)}


async def _period(j: Journal, actor: Actor, pupil: int) -> set[str]:
    result = await j.run(period_marks, actor, pupil)
    marked = {m.subject for s in result.subjects for m in s.marks}
    assert marked <= {s.subject for s in result.subjects}
    return {s.subject for s in result.subjects}


async def _finals(j: Journal, actor: Actor, pupil: int) -> set[str]:
    return {f.subject for f in await j.run(final_marks, actor, pupil)}


async def _homework(j: Journal, actor: Actor, pupil: int) -> set[str]:
    found = await j.run(homework_for, actor, pupil, TOMORROW, TOMORROW)
    assert "Задание второй группы" not in {h.text for h in found}
    return {h.subject for h in found}


async def _schedule(j: Journal, actor: Actor, pupil: int) -> set[str]:
    days = await j.run(pupil_schedule, actor, pupil, TODAY, TODAY)
    lessons = [v for d in days for v in d.lessons]
    assert all(v.subgroup in (None, "1 группа") for v in lessons)
    return {v.subject for v in lessons}


async def _attendance(j: Journal, actor: Actor, pupil: int) -> set[str]:
    return {v.subject for v in await j.run(pupil_attendance, actor, pupil)}


PUPIL_READS: dict[str, PupilRead] = {
    "recent_marks": _recent,
    "period_marks": _period,
    "final_marks": _finals,
    "homework_for": _homework,
    "pupil_schedule": _schedule,
    "pupil_attendance": _attendance,
}

# Who reading a1 (5А, English group 1) sees which subjects; None: refused.
SEES_A1: dict[str, set[str] | None] = {
    "admin": ALL,
    "director": ALL,
    "deputy": ALL,
    "math": ALL,  # class teacher of 5А
    "rus": {"Русский язык"},  # class teacher of 5Б, teaches Russian in 5А
    "eng1": {"Английский язык"},  # a1's English group
    "eng2": None,  # the other English group
    "primary": None,  # class teacher of another class
    "a1": ALL,
    "a2": None,
    "g1": ALL,
    "g2": ALL,
    "g3": None,  # guardian of another pupil
    "medic": None,
    "x-admin": None,  # administrator of another school
}

# class_results on 5А: without a subject, and for English.
CLASS_5A: dict[str, tuple[str | None, str | None]] = {
    "admin": (None, None),
    "director": (None, None),
    "deputy": (None, None),
    "math": (None, None),
    "rus": (None, NOT_YOUR_SUBJECT),
    "eng1": (None, None),
    "eng2": (None, None),
    "primary": (NO_ACCESS_TO_CLASS, NO_ACCESS_TO_CLASS),
    "a1": (NO_ACCESS_TO_CLASS, NO_ACCESS_TO_CLASS),
    "a2": (NO_ACCESS_TO_CLASS, NO_ACCESS_TO_CLASS),
    "g1": (NO_ACCESS_TO_CLASS, NO_ACCESS_TO_CLASS),
    "g2": (NO_ACCESS_TO_CLASS, NO_ACCESS_TO_CLASS),
    "g3": (NO_ACCESS_TO_CLASS, NO_ACCESS_TO_CLASS),
    "medic": (NO_ACCESS_TO_CLASS, NO_ACCESS_TO_CLASS),
    "x-admin": (NO_ACCESS_TO_CLASS, NO_ACCESS_TO_CLASS),
}

MY_PUPILS = {"a1": ["a1"], "a2": ["a2"], "g1": ["a1", "b1"], "g2": ["a1"], "g3": ["a2"]}
NOT_STAFF = {"a1", "a2", "g1", "g2", "g3"}
GIVES_TODAY = {
    "math": ("math-today", "5Б-math-today", "math-later-today"),
    "rus": ("rus-today",),
    "eng1": ("eng1-today",),
    "eng2": ("eng2-today",),
    "primary": ("1А-read-today",),
    "x-admin": ("x-math",),
}


async def _outcome(call: Awaitable[Any]) -> tuple[str, Any]:
    try:
        return "ok", await call
    except AccessDenied as refused:
        return "denied", refused.message
    except JournalError as other:
        return type(other).__name__, other.message


async def test_every_role_against_every_read(journal: Journal, tiny: TinySchool) -> None:
    await journal.run(_journal_of_a1, tiny)
    wrong: list[str] = []

    def expect(cell: str, got: tuple[str, Any], want: tuple[str, Any]) -> None:
        if got != want:
            wrong.append(f"{cell}: got {got!r}, want {want!r}")

    for who, sees in SEES_A1.items():
        actor = await read_rows.actor_of(journal, tiny, who)
        for name, read in PUPIL_READS.items():
            got = await _outcome(read(journal, actor, tiny.people["a1"]))
            want = ("ok", sees) if sees is not None else ("denied", NO_ACCESS_TO_PUPIL)
            expect(f"{who} {name}(a1)", got, want)
            # Nothing tells a refused reader whether a pupil exists, or in which school.
            for target in (MISSING_PUPIL, tiny.people["x-pupil"]):
                got = await _outcome(read(journal, actor, target))
                if who == "x-admin" and target == tiny.people["x-pupil"]:
                    expect(f"{who} {name}(own pupil)", (got[0], None), ("ok", None))
                else:
                    expect(f"{who} {name}({target})", got, ("denied", NO_ACCESS_TO_PUPIL))

        whole, english = CLASS_5A[who]
        for subject, refusal in ((None, whole), (tiny.subjects["eng"], english)):
            got = await _outcome(
                journal.run(class_results, actor, tiny.classes["5А"], tiny.periods["q2"], subject)
            )
            got = (got[0], None) if got[0] == "ok" else got
            want = ("ok", None) if refusal is None else ("denied", refusal)
            expect(f"{who} class_results(5А, {subject})", got, want)

        got = await _outcome(journal.run(my_pupils, actor))
        want_ids = [tiny.people[p] for p in MY_PUPILS.get(who, [])]
        expect(f"{who} my_pupils", (got[0], [p.id for p in got[1]]), ("ok", want_ids))

        got = await _outcome(journal.run(announcements_for, actor))
        if got[0] == "ok":
            foreign = "Чужое объявление" in {a.title for a in got[1]}
            got = ("ok", foreign == (who == "x-admin"))
        expect(f"{who} announcements_for", got, ("ok", True))

        got = await _outcome(journal.run(teacher_schedule, actor, TODAY, TODAY))
        if got[0] == "ok":
            got = ("ok", {v.id for d in got[1] for v in d.lessons})
        own = {tiny.lessons[k] for k in GIVES_TODAY.get(who, ())}
        want = ("denied", STAFF_ONLY) if who in NOT_STAFF else ("ok", own)
        expect(f"{who} teacher_schedule", got, want)

    assert not wrong, "\n".join(wrong)


async def test_someone_elses_child_and_class(journal: Journal, tiny: TinySchool) -> None:
    await journal.run(_journal_of_a1, tiny)
    cases = [
        ("g1", "a2"),  # a guardian of two children asks for a third
        ("g3", "b1"),
        ("a1", "b1"),
        ("eng1", "a3"),  # the same class, the other English group
        ("eng1", "b1"),  # another class
        ("primary", "a1"),
        ("rus", "c1"),
        ("medic", "a1"),
    ]
    for who, pupil in cases:
        actor = await read_rows.actor_of(journal, tiny, who)
        for name, read in PUPIL_READS.items():
            got = await _outcome(read(journal, actor, tiny.people[pupil]))
            assert got == ("denied", NO_ACCESS_TO_PUPIL), (who, pupil, name, got)
    for who, class_key in [("eng1", "5Б"), ("primary", "5Б"), ("x-admin", "5А"), ("admin", "x-5А")]:
        actor = await read_rows.actor_of(journal, tiny, who)
        got = await _outcome(
            journal.run(class_results, actor, tiny.classes[class_key], tiny.periods["q2"])
        )
        assert got == ("denied", NO_ACCESS_TO_CLASS), (who, class_key, got)
