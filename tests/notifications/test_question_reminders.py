"""A teacher is reminded once of a question left unanswered for 5 days (the rules give 7)."""

from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import ChatAccount, DirectMessage
from keyboards.actions.staff import Answer
from keyboards.payloads import pack
from notifications.jobs.question_reminders import question_reminders
from services.context import Ctx, Journal
from services.messages.direct import answer, send_question
from tests.conftest import FakeClock
from tests.notifications.support import held, link_accounts, queued, texts_by_account
from tests.tiny_school import TINY_NOW, TinySchool
from tests.write_support import actor, get, moscow

REMINDER = (
    "Напоминаем: вопрос от Иванова С. (Иванов Иван, 5А), заданный ср, 18 ноября, ещё без ответа. "
    "Ответить нужно до ср, 25 ноября.\n\n«Когда будет контрольная?»"
)


async def ask(
    journal: Journal, tiny: TinySchool, who: str, pupil: str, teacher: str, text: str
) -> int:
    guardian = await actor(journal, tiny, who)
    return await journal.run(
        send_question, guardian, tiny.people[pupil], tiny.people[teacher], text
    )


async def test_an_unanswered_question_is_reminded_once_after_five_days(
    journal: Journal,
    tiny: TinySchool,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    acc = await link_accounts(journal, tiny, ["math", "rus", "g2", "g3"])
    late = await ask(journal, tiny, "g2", "a1", "math", "Когда будет контрольная?")
    answered = await ask(journal, tiny, "g3", "a2", "rus", "Что задано?")
    rus = await actor(journal, tiny, "rus")
    await journal.run(answer, rus, answered, "Параграф 5.")

    clock.now = TINY_NOW + timedelta(days=4, hours=23)
    assert await question_reminders(session_factory, clock) == 0
    clock.now = TINY_NOW + timedelta(days=5)
    assert await question_reminders(session_factory, clock) == 1
    [reminder] = await queued(journal)
    assert (reminder.chat_account_id, reminder.text) == (acc["math"], REMINDER)
    assert (reminder.kind, reminder.ref_id) == ("question_reminder", late)
    assert reminder.keyboard == [
        [{"label": "Ответить", "payload": pack(Answer(question=late)), "url": None}]
    ]
    assert (await get(journal, DirectMessage, late)).reminded_at == clock.now

    clock.now += timedelta(hours=1)
    assert await question_reminders(session_factory, clock) == 0
    clock.now = TINY_NOW + timedelta(days=8)
    assert await question_reminders(session_factory, clock) == 0
    assert texts_by_account(await queued(journal)) == {acc["math"]: [REMINDER]}


async def test_a_teacher_without_a_working_chat_is_not_told_and_not_told_later(
    journal: Journal,
    tiny: TinySchool,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    acc = await link_accounts(journal, tiny, ["rus"])

    async def block(ctx: Ctx) -> None:
        await ctx.session.execute(
            update(ChatAccount).where(ChatAccount.id == acc["rus"]).values(is_blocked=True)
        )

    await journal.run(block)
    to_math = await ask(journal, tiny, "g2", "a1", "math", "Вопрос")  # math has no chat
    to_rus = await ask(journal, tiny, "g2", "a1", "rus", "Вопрос")
    clock.now = TINY_NOW + timedelta(days=5, minutes=1)
    assert await question_reminders(session_factory, clock) == 0
    assert await queued(journal) == [] and await held(journal) == []
    for question_id in (to_math, to_rus):
        assert (await get(journal, DirectMessage, question_id)).reminded_at == clock.now
    # A chat linked afterwards does not bring the old reminder.
    await link_accounts(journal, tiny, ["math"])
    clock.now += timedelta(hours=1)
    assert await question_reminders(session_factory, clock) == 0


async def test_a_reminder_due_at_night_waits_for_the_morning(
    journal: Journal,
    tiny: TinySchool,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    acc = await link_accounts(journal, tiny, ["math"])
    clock.now = moscow(2026, 11, 18, 22, 30)
    await ask(journal, tiny, "g2", "a1", "math", "Вопрос")
    clock.now = moscow(2026, 11, 23, 22, 45)
    assert await question_reminders(session_factory, clock) == 1
    assert await queued(journal) == []
    [item] = await held(journal)
    assert (item.chat_account_id, item.release_at) == (acc["math"], moscow(2026, 11, 24, 7, 0))
