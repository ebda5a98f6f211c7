"""A guardian's question reaches the teacher's chats with "Ответить", the answer reaches the
guardian who asked; quiet hours hold both back; nobody else hears of either."""

from datetime import timedelta

from sqlalchemy import update

from db.enums import Platform
from db.models import ChatAccount, DirectMessage
from keyboards.actions.staff import Answer
from keyboards.payloads import pack
from notifications.delivery.drain import OutboxDrain
from notifications.rules.notice import PERSONAL
from services.context import Ctx, Journal
from services.messages.direct import QUESTION_NOT_FOUND, answer, send_question
from tests.conftest import FakeClock
from tests.notifications.support import held, link_accounts, queued, texts_by_account
from tests.staff_kit import staff_chat
from tests.test_conversation_kit import linked_chat
from tests.tiny_school import TinySchool
from tests.write_support import actor, moscow, rows
from texts import phrases, staff_phrases

QUESTION = "Почему у Ивана двойка за контрольную?"
TO_MATH = (
    "Вопрос от Иванова Сергея (Иванов Иван, 5А): Почему у Ивана двойка за контрольную?\n\n"
    "Ответить нужно до ср, 25 ноября."
)


async def ask(
    journal: Journal, tiny: TinySchool, who: str = "g2", teacher: str = "math", text: str = QUESTION
) -> int:
    guardian = await actor(journal, tiny, who)
    return await journal.run(send_question, guardian, tiny.people["a1"], tiny.people[teacher], text)


async def reply(journal: Journal, tiny: TinySchool, question_id: int, text: str) -> int:
    return await journal.run(answer, await actor(journal, tiny, "math"), question_id, text)


async def second_account(journal: Journal, person_id: int, external_id: str) -> int:
    async def op(ctx: Ctx) -> int:
        account = ChatAccount(
            platform=Platform.VK,
            external_id=external_id,
            person_id=person_id,
            consent_at=ctx.now - timedelta(days=1),
            linked_at=ctx.now - timedelta(days=1),
        )
        ctx.session.add(account)
        await ctx.session.flush()
        return account.id

    return await journal.run(op)


def labels_and_payloads(keyboard: list[list[dict[str, str]]] | None) -> list[tuple[str, str]]:
    return [(b["label"], b["payload"]) for row in keyboard or [] for b in row]


async def test_a_question_reaches_every_chat_of_its_teacher_and_nobody_else(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain
) -> None:
    acc = await link_accounts(journal, tiny)
    vk = await second_account(journal, tiny.people["math"], "7201")
    question_id = await ask(journal, tiny)
    assert await drain.drain_all() == 1
    messages = await queued(journal)
    assert texts_by_account(messages) == {acc["math"]: [TO_MATH], vk: [TO_MATH]}
    button = ("Ответить", pack(Answer(question=question_id)))
    for m in messages:
        assert (m.kind, m.priority, m.ref_id) == ("question", PERSONAL, question_id)
        assert labels_and_payloads(m.keyboard) == [button]


async def test_the_answer_reaches_only_the_guardian_who_asked_with_the_question_quoted(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain
) -> None:
    acc = await link_accounts(journal, tiny, ["g1", "g2", "math"])
    long_question = (
        "Добрый день! Подскажите, пожалуйста, почему у Ивана двойка за контрольную работу "
        "по дробям, и можно ли её переписать на этой неделе?"
    )
    question_id = await ask(journal, tiny, text=long_question)
    await drain.drain_all()
    reply_id = await reply(journal, tiny, question_id, "Можно переписать в четверг.")
    assert await drain.drain_all() == 1
    [to_guardian] = [m for m in await queued(journal) if m.kind == "answer"]
    assert to_guardian.chat_account_id == acc["g2"]  # g1 is Ivan's guardian too, but did not ask
    assert to_guardian.text == (
        "Ответ от Числовой М. А. на ваш вопрос «Добрый день! Подскажите, пожалуйста, почему "
        "у Ивана двойка за контрольную…» (Иванов Иван, 5А):\n\nМожно переписать в четверг."
    )
    assert (to_guardian.ref_id, to_guardian.keyboard) == (reply_id, None)


async def test_an_unlinked_or_blocked_teacher_is_not_written_to(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain
) -> None:
    acc = await link_accounts(journal, tiny, ["g2", "rus"])

    async def block(ctx: Ctx) -> None:
        await ctx.session.execute(
            update(ChatAccount).where(ChatAccount.id == acc["rus"]).values(is_blocked=True)
        )

    await journal.run(block)
    await ask(journal, tiny, teacher="math")  # math has no chat at all
    await ask(journal, tiny, teacher="rus")
    assert await drain.drain_all() == 2
    assert await queued(journal) == [] and await held(journal) == []


async def test_quiet_hours_hold_the_question_until_morning(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain, clock: FakeClock
) -> None:
    acc = await link_accounts(journal, tiny, ["math"])
    clock.now = moscow(2026, 11, 18, 23, 10)
    await ask(journal, tiny)
    await drain.drain_all()
    assert await queued(journal) == []
    [item] = await held(journal)
    assert item.chat_account_id == acc["math"]
    assert item.release_at == moscow(2026, 11, 19, 7, 0)
    assert item.text.startswith("Вопрос от Иванова Сергея")


async def test_a_question_answered_before_the_drain_is_not_announced_to_the_teacher(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain
) -> None:
    acc = await link_accounts(journal, tiny, ["g2", "math"])
    question_id = await ask(journal, tiny)
    await reply(journal, tiny, question_id, "Отвечу на собрании.")
    assert await drain.drain_all() == 2
    assert set(texts_by_account(await queued(journal))) == {acc["g2"]}


async def test_answer_button_leads_to_an_answer_that_reaches_the_guardian(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain
) -> None:
    parent = await linked_chat(journal, tiny, "g2", "300")
    teacher = await staff_chat(journal, tiny, "math", "200")
    await parent.press(staff_phrases.WRITE_TEACHER)
    await parent.press("Числова М. А. (кл. рук.)")
    await parent.send(QUESTION)
    await parent.press(staff_phrases.WRITE_SEND)
    await drain.drain_all()
    [notice] = await queued(journal)
    assert (notice.chat_external_id, notice.text) == ("200", TO_MATH)
    [(_, payload)] = labels_and_payloads(notice.keyboard)

    await teacher.send_payload(payload)
    assert teacher.text == "Напишите ответ для Иванова Сергея одним сообщением.\nВопрос: «" + (
        QUESTION + "»"
    )
    await teacher.send("Не решил вторую задачу, можно переписать в четверг.")
    assert teacher.text.startswith("Ответ для Иванова Сергея отправлен.")
    await drain.drain_all()
    [to_parent] = [m for m in await queued(journal) if m.chat_external_id == "300"]
    assert to_parent.text == (
        "Ответ от Числовой М. А. на ваш вопрос «Почему у Ивана двойка за контрольную?» "
        "(Иванов Иван, 5А):\n\nНе решил вторую задачу, можно переписать в четверг."
    )

    # The button stays under the notice: pressed again, it says the answer was given.
    await teacher.send_payload(payload)
    assert "Вы уже ответили: «Не решил вторую задачу" in teacher.text


async def test_a_forged_answer_button_shows_nobody_elses_question(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain
) -> None:
    question_id = await ask(journal, tiny)
    forged = pack(Answer(question=question_id))
    rus = await staff_chat(journal, tiny, "rus", "201")
    await rus.send_payload(forged)
    assert rus.text == QUESTION_NOT_FOUND and QUESTION not in rus.text
    # No answer flow was opened: the next text is not taken for an answer.
    await rus.send("Вот мой ответ")
    missing = await staff_chat(journal, tiny, "eng1", "202")
    await missing.forge(Answer(question=question_id + 1000))
    assert missing.text == QUESTION_NOT_FOUND
    # The guardian who asked cannot answer their own question either.
    parent = await linked_chat(journal, tiny, "g2", "300")
    await parent.send_payload(forged)
    assert phrases.STALE_BUTTON in parent.text
    await parent.send("Сам себе отвечу")
    assert len(await rows(journal, DirectMessage)) == 1
    await drain.drain_all()
    assert [m for m in await queued(journal) if m.kind == "answer"] == []
