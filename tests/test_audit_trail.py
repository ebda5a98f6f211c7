"""The audit log keeps what gives or changes access and what others read (issue 14, item 9):
substitutions, cancellations, room changes, announcements, topics, homework for the class,
questions and answers; and the login-attempt records are purged after their window."""

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.scheduler import PERIODIC_JOBS
from db.engine import make_session_factory
from db.enums import AnnouncementScope, Platform
from db.models import AuditEntry, InviteAttempt
from notifications.jobs.housekeeping import purge_old_attempts
from services.context import Ctx, Journal
from services.invites.redeeming import ATTEMPT_WINDOW, purge_invite_attempts, redeem_invite
from services.lessons.notes import set_homework, set_topic
from services.marks.reading import final_marks, recent_marks
from services.messages.announcing import publish_announcement
from services.messages.direct import answer, send_question
from services.reports.final_grid import report_card
from services.schedule.changes import cancel_lesson, change_room, substitute_teacher
from tests.conftest import FakeClock
from tests.tiny_school import TINY_NOW, TinySchool
from tests.write_support import actor, count, rows


async def test_the_writes_others_read_or_that_change_access_are_audited(
    journal: Journal, tiny: TinySchool
) -> None:
    deputy = await actor(journal, tiny, "deputy")
    teacher = await actor(journal, tiny, "math")
    guardian = await actor(journal, tiny, "g2")
    rus = tiny.lessons["rus-today"]
    await journal.run(substitute_teacher, deputy, rus, tiny.people["eng2"], "болеет")
    await journal.run(change_room, deputy, tiny.lessons["rus-thu"], "12")
    await journal.run(cancel_lesson, deputy, tiny.lessons["math-fri"])
    await journal.run(
        publish_announcement,
        deputy,
        title="Педсовет",
        text="В 15:00",
        scope=AnnouncementScope.SCHOOL,
    )
    await journal.run(set_topic, teacher, tiny.lessons["math-today"], "Дроби")
    await journal.run(set_homework, teacher, tiny.lessons["math-today"], "№ 5")
    question = await journal.run(
        send_question, guardian, tiny.people["a1"], tiny.people["math"], "Вопрос"
    )
    await journal.run(answer, teacher, question, "Ответ")

    entries = await rows(journal, AuditEntry)
    by_action = {e.action: e for e in entries}
    substituted = by_action["lesson.substituted"]
    assert substituted.actor_id == deputy.person_id
    assert substituted.details["lesson_id"] == rus
    assert substituted.details["substitute_teacher_id"] == tiny.people["eng2"]
    assert by_action["lesson.room"].details["room"] == "12"
    assert by_action["lesson.cancelled"].details["lesson_id"] == tiny.lessons["math-fri"]
    assert by_action["announcement.published"].details["scope"] == "school"
    assert by_action["topic.set"].details["lesson_id"] == tiny.lessons["math-today"]
    assert by_action["homework.set"].actor_id == teacher.person_id
    asked = by_action["question.sent"]
    assert (asked.actor_id, asked.subject_person_id) == (guardian.person_id, tiny.people["a1"])
    answered = by_action["question.answered"]
    assert (answered.actor_id, answered.details["question_id"]) == (teacher.person_id, question)


async def _purge(ctx: Ctx) -> int:
    return await purge_invite_attempts(ctx)


async def test_code_attempts_are_purged_after_their_window(
    journal: Journal, tiny: TinySchool, clock: FakeClock
) -> None:
    for n in range(3):
        clock.now = TINY_NOW + timedelta(minutes=20 * n)
        await journal.run(redeem_invite, Platform.TELEGRAM, "9", "AAAA-AAAA-AA")
    clock.now = TINY_NOW + ATTEMPT_WINDOW + timedelta(minutes=1)
    assert await journal.run(_purge) == 1  # only the first is older than the window
    assert await count(journal, InviteAttempt) == 2
    clock.now += timedelta(hours=1)
    assert await journal.run(_purge) == 2
    assert await count(journal, InviteAttempt) == 0


async def test_the_purge_is_a_scheduled_job(
    journal: Journal, tiny: TinySchool, clock: FakeClock, engine: AsyncEngine
) -> None:
    assert PERIODIC_JOBS["invite-attempts-purge"] is purge_old_attempts
    await journal.run(redeem_invite, Platform.TELEGRAM, "9", "AAAA-AAAA-AA")
    clock.now = TINY_NOW + ATTEMPT_WINDOW
    factory = make_session_factory(engine)
    assert await purge_old_attempts(factory, clock, frozenset()) == 0  # queues nothing
    assert await count(journal, InviteAttempt) == 0


async def test_staff_reading_one_pupils_record_is_audited_the_familys_is_not(
    journal: Journal, tiny: TinySchool
) -> None:
    pupil = tiny.people["a1"]
    for who in ("math", "deputy", "g2", "a1"):
        reader = await actor(journal, tiny, who)
        await journal.run(recent_marks, reader, pupil)
        await journal.run(final_marks, reader, pupil)
        await journal.run(report_card, reader, pupil)
    reads = await rows(journal, AuditEntry, AuditEntry.action == "pupil.read")
    assert {(r.actor_id, r.details["what"]) for r in reads} == {
        (tiny.people[who], what)
        for who in ("math", "deputy")
        for what in ("recent_marks", "final_marks", "report_card")
    }
    assert all(r.subject_person_id == pupil for r in reads)
