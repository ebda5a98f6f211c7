from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.enums import AttendanceStatus, LessonStatus
from db.models import Lesson, TeachingAssignment
from notifications.jobs.digest import release_digests
from notifications.jobs.weekly_summary import weekly_summaries
from services.attendance.roll_call import save_roll_call
from services.context import Ctx, Journal
from services.lessons.notes import set_homework
from services.marks.marking import record_mark
from tests.conftest import FakeClock
from tests.notifications.support import held, link_accounts, queued, set_prefs, texts_by_account
from tests.tiny_school import TinySchool
from tests.write_support import actor, moscow

SATURDAY = moscow(2026, 11, 21, 15, 0)
IVAN_WEEK = (
    "Итоги недели 16–21 ноября — Иван (5А)\n\n"
    "Оценки за неделю и средний балл за 2 четверть:\n"
    "• Математика: 3 (к/р), 5 (отв); средний балл 3,75\n"
    "• Русский язык: 4 (д/з); средний балл 4,00\n\n"
    "Пропуски и опоздания:\n"
    "• ср, 18 ноября, 1-й урок (Математика): опоздание\n"
    "• ср, 18 ноября, 3-й урок (Английский язык): пропуск\n\n"
    "На следующую неделю задано 2 задания."
)
ANNA_WEEK = (
    "Итоги недели 16–21 ноября — Анна (5А)\n\n"
    "Оценки за неделю и средний балл за 2 четверть:\n"
    "• Математика: 2 (отв); средний балл 2,00\n\n"
    "Пропусков и опозданий нет.\n\n"
    "На следующую неделю задано 3 задания."
)
MARIA_WEEK = (
    "Итоги недели 16–21 ноября — Мария (5Б)\n\n"
    "Оценки за неделю и средний балл за 2 четверть:\n"
    "• Математика: 5 (отв); средний балл 5,00\n\n"
    "Пропусков и опозданий нет.\n\n"
    "На следующую неделю домашних заданий пока нет."
)
EVA_WEEK = "Итоги недели 16–21 ноября — Ева (1А)\n\nПропусков и опозданий нет."


async def last_weeks_lesson(journal: Journal, tiny: TinySchool) -> int:
    """A maths lesson of 5А on Tuesday 10 November, the week before."""

    async def op(ctx: Ctx) -> int:
        a = await ctx.session.get(TeachingAssignment, tiny.assignments["5А-math"])
        assert a is not None
        lesson = Lesson(
            assignment_id=a.id,
            class_id=a.class_id,
            subject_id=a.subject_id,
            teacher_id=a.teacher_id,
            date=date(2026, 11, 10),
            number=1,
            room="21",
            status=LessonStatus.HELD,
        )
        ctx.session.add(lesson)
        await ctx.session.flush()
        return lesson.id

    return await journal.run(op)


async def a_week_of_school(journal: Journal, tiny: TinySchool) -> None:
    math, rus, eng = [await actor(journal, tiny, k) for k in ("math", "rus", "eng1")]
    ivan, anna, maria = tiny.people["a1"], tiny.people["a2"], tiny.people["b1"]
    lessons = tiny.lessons
    await journal.run(record_mark, math, await last_weeks_lesson(journal, tiny), ivan, 4, "answer")
    await journal.run(record_mark, math, lessons["math-mon"], ivan, 3, "control")
    await journal.run(record_mark, math, lessons["math-today"], ivan, 5, "answer")
    await journal.run(record_mark, math, lessons["math-today"], anna, 2, "answer")
    await journal.run(record_mark, math, lessons["5Б-math-today"], maria, 5, "answer")
    await journal.run(record_mark, rus, lessons["rus-today"], ivan, 4, "homework")
    late, absent = AttendanceStatus.LATE, AttendanceStatus.ABSENT
    await journal.run(save_roll_call, math, lessons["math-today"], {ivan: late})
    await journal.run(save_roll_call, eng, lessons["eng1-today"], {ivan: absent})
    await journal.run(save_roll_call, math, lessons["5Б-math-today"], {})
    await journal.run(set_homework, math, lessons["math-today"], "№ 5", due_date=date(2026, 11, 19))
    await journal.run(set_homework, math, lessons["math-today"], "№ 7", due_date=date(2026, 11, 24))
    await journal.run(
        set_homework, rus, lessons["rus-today"], "упр. 3", due_date=date(2026, 11, 23)
    )
    await journal.run(
        set_homework,
        math,
        lessons["math-today"],
        "Карточка",
        pupil_ids=[anna],
        due_date=date(2026, 11, 25),
    )


async def test_each_family_gets_its_own_childrens_week_once(
    journal: Journal,
    tiny: TinySchool,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    acc = await link_accounts(journal, tiny, ["g1", "g2", "g3", "g4", "a1", "math"])
    await a_week_of_school(journal, tiny)
    for moment in (moscow(2026, 11, 20, 15, 0), moscow(2026, 11, 21, 13, 59)):
        clock.now = moment  # Friday, and Saturday before lessons are over
        assert await weekly_summaries(session_factory, clock) == 0
    clock.now = SATURDAY
    assert await weekly_summaries(session_factory, clock) == 5
    assert texts_by_account(await queued(journal)) == {
        acc["g1"]: [IVAN_WEEK, MARIA_WEEK],
        acc["g2"]: [IVAN_WEEK],
        acc["g3"]: [ANNA_WEEK],
        acc["g4"]: [EVA_WEEK],
    }
    clock.now = moscow(2026, 11, 21, 17, 30)
    assert await weekly_summaries(session_factory, clock) == 0
    clock.now = moscow(2026, 11, 28, 15, 0)  # a week without lessons: nothing to tell
    assert await weekly_summaries(session_factory, clock) == 0
    assert len(await queued(journal)) == 5


async def test_the_preference_is_per_child(
    journal: Journal,
    tiny: TinySchool,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    acc = await link_accounts(journal, tiny, ["g1", "g3"])
    await set_prefs(journal, acc["g1"], tiny.people["a1"], weekly_summary=True)
    await set_prefs(journal, acc["g1"], tiny.people["b1"], weekly_summary=False)
    await set_prefs(journal, acc["g3"], tiny.people["a2"], weekly_summary=False)
    await a_week_of_school(journal, tiny)
    clock.now = SATURDAY
    assert await weekly_summaries(session_factory, clock) == 1
    assert texts_by_account(await queued(journal)) == {acc["g1"]: [IVAN_WEEK]}


async def test_quiet_hours_hold_the_summary_until_they_end(
    journal: Journal,
    tiny: TinySchool,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    acc = await link_accounts(journal, tiny, ["g2"])
    await set_prefs(journal, acc["g2"], tiny.people["a1"], quiet_from="14:00", quiet_to="16:00")
    await a_week_of_school(journal, tiny)
    clock.now = SATURDAY
    assert await weekly_summaries(session_factory, clock) == 1
    assert await queued(journal) == []
    assert [(i.chat_account_id, i.text) for i in await held(journal)] == [(acc["g2"], IVAN_WEEK)]
    clock.now = moscow(2026, 11, 21, 15, 30)
    assert await weekly_summaries(session_factory, clock) == 0
    clock.now = moscow(2026, 11, 21, 16, 0)
    assert await release_digests(session_factory, clock) == 1
    clock.now = moscow(2026, 11, 21, 16, 5)
    assert await weekly_summaries(session_factory, clock) == 0
    assert texts_by_account(await queued(journal)) == {acc["g2"]: [IVAN_WEEK]}
