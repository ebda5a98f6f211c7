from datetime import timedelta

import pytest

from db.models import DirectMessage
from services.context import Journal
from services.errors import AccessDenied, NotFound, RuleViolation
from services.messages.direct import (
    MAX_OPEN_QUESTIONS,
    MESSAGE_ANSWERED,
    MESSAGE_SENT,
    TEXT_LIMIT,
    answer,
    inbox,
    mark_reminded,
    my_questions,
    overdue_questions,
    question,
    send_question,
    teachers_of_pupil,
)
from tests.conftest import FakeClock
from tests.tiny_school import TINY_NOW, TinySchool
from tests.write_support import actor, count, events, get


async def ask(
    journal: Journal, tiny: TinySchool, who: str, pupil: str, teacher: str, text: str = "Вопрос"
) -> int:
    return await journal.run(
        send_question,
        await actor(journal, tiny, who),
        tiny.people[pupil],
        tiny.people[teacher],
        text,
    )


async def reply(journal: Journal, tiny: TinySchool, who: str, message_id: int) -> int:
    return await journal.run(answer, await actor(journal, tiny, who), message_id, "Ответ")


async def test_the_class_teacher_first_then_the_childs_subject_teachers(
    journal: Journal, tiny: TinySchool
) -> None:
    g1 = await actor(journal, tiny, "g1")
    found = await journal.run(teachers_of_pupil, g1, tiny.people["a1"])
    # a1 is in the first English group: the second group's teacher is not theirs.
    assert [t.id for t in found] == [tiny.people[k] for k in ("math", "eng1", "rus")]
    assert found[0].is_class_teacher and found[0].subjects == ("Математика",)
    assert (found[1].short_name, found[1].subjects) == ("Инглишева А. В.", ("Английский язык",))
    in_5b = await journal.run(teachers_of_pupil, g1, tiny.people["b1"])
    assert [t.id for t in in_5b] == [tiny.people["rus"], tiny.people["math"]]


async def test_only_a_guardian_asks_about_their_own_child(
    journal: Journal, tiny: TinySchool
) -> None:
    for who, pupil in (("g3", "a1"), ("math", "a1"), ("a1", "a1"), ("deputy", "a2")):
        with pytest.raises(AccessDenied):
            await journal.run(
                teachers_of_pupil, await actor(journal, tiny, who), tiny.people[pupil]
            )
        with pytest.raises(AccessDenied):
            await ask(journal, tiny, who, pupil, "math")
    assert await count(journal, DirectMessage) == 0


async def test_a_question_goes_only_to_the_childs_teachers(
    journal: Journal, tiny: TinySchool
) -> None:
    for teacher in ("eng2", "deputy", "primary"):
        with pytest.raises(AccessDenied):
            await ask(journal, tiny, "g2", "a1", teacher)
    message_id = await ask(journal, tiny, "g2", "a1", "eng1", "  Как дела у Вани?  ")
    row = await get(journal, DirectMessage, message_id)
    assert (row.sender_id, row.recipient_id, row.pupil_id, row.text) == (
        tiny.people["g2"],
        tiny.people["eng1"],
        tiny.people["a1"],
        "Как дела у Вани?",
    )
    [event] = await events(journal, MESSAGE_SENT)
    assert event.payload == {
        "message_id": message_id,
        "sender_id": tiny.people["g2"],
        "recipient_id": tiny.people["eng1"],
        "pupil_id": tiny.people["a1"],
    }


async def test_text_is_required_and_at_most_2000_characters(
    journal: Journal, tiny: TinySchool
) -> None:
    for text in ("   ", "я" * (TEXT_LIMIT + 1)):
        with pytest.raises(RuleViolation):
            await ask(journal, tiny, "g2", "a1", "math", text)
    await ask(journal, tiny, "g2", "a1", "math", "я" * TEXT_LIMIT)
    question_id = await ask(journal, tiny, "g2", "a1", "math")
    with pytest.raises(RuleViolation):
        await journal.run(
            answer, await actor(journal, tiny, "math"), question_id, "я" * (TEXT_LIMIT + 1)
        )


async def test_unanswered_questions_to_one_teacher_are_capped(
    journal: Journal, tiny: TinySchool
) -> None:
    ids = [await ask(journal, tiny, "g2", "a1", "math") for _ in range(MAX_OPEN_QUESTIONS)]
    with pytest.raises(RuleViolation, match="без ответа"):
        await ask(journal, tiny, "g2", "a1", "math")
    await ask(journal, tiny, "g2", "a1", "rus")
    await ask(journal, tiny, "g1", "a1", "math")
    await reply(journal, tiny, "math", ids[0])
    await ask(journal, tiny, "g2", "a1", "math")


async def test_the_recipient_answers_and_the_question_is_closed(
    journal: Journal, tiny: TinySchool, clock: FakeClock
) -> None:
    question_id = await ask(journal, tiny, "g2", "a1", "math")
    clock.now = TINY_NOW + timedelta(hours=3)
    answer_id = await reply(journal, tiny, "math", question_id)
    row = await get(journal, DirectMessage, answer_id)
    assert (row.sender_id, row.recipient_id, row.reply_to_id, row.pupil_id) == (
        tiny.people["math"],
        tiny.people["g2"],
        question_id,
        tiny.people["a1"],
    )
    assert (await get(journal, DirectMessage, question_id)).answered_at == clock.now
    [event] = await events(journal, MESSAGE_ANSWERED)
    assert event.payload == {
        "message_id": answer_id,
        "question_id": question_id,
        "sender_id": tiny.people["math"],
        "recipient_id": tiny.people["g2"],
        "pupil_id": tiny.people["a1"],
    }
    # A second answer adds to the thread and keeps the first answer's time.
    clock.now += timedelta(hours=1)
    await reply(journal, tiny, "math", question_id)
    assert (await get(journal, DirectMessage, question_id)).answered_at == TINY_NOW + timedelta(
        hours=3
    )


async def test_nobody_but_the_recipient_answers(journal: Journal, tiny: TinySchool) -> None:
    question_id = await ask(journal, tiny, "g2", "a1", "math")
    for who in ("rus", "g2", "deputy", "director"):
        with pytest.raises(NotFound):
            await reply(journal, tiny, who, question_id)
    answer_id = await reply(journal, tiny, "math", question_id)
    # An answer is not a question: the guardian asks anew instead of answering it.
    with pytest.raises(NotFound):
        await reply(journal, tiny, "g2", answer_id)
    with pytest.raises(NotFound):
        await reply(journal, tiny, "math", 10_000)


async def test_inbox_holds_the_unanswered_questions_oldest_first(
    journal: Journal, tiny: TinySchool, clock: FakeClock
) -> None:
    first = await ask(journal, tiny, "g2", "a1", "math", "Первый")
    clock.now += timedelta(minutes=5)
    second = await ask(journal, tiny, "g1", "b1", "math", "Второй")
    await ask(journal, tiny, "g3", "a2", "rus")
    math = await actor(journal, tiny, "math")
    found = await journal.run(inbox, math)
    assert [q.id for q in found] == [first, second]
    assert (found[0].sender, found[0].pupil, found[0].class_title) == (
        "Иванов Сергей",
        "Иванов Иван",
        "5А",
    )
    assert found[1].class_title == "5Б"
    assert found[0].answer_due == TINY_NOW + timedelta(days=7)
    await reply(journal, tiny, "math", first)
    assert [q.id for q in await journal.run(inbox, math)] == [second]


async def test_the_guardian_sees_own_questions_with_answers(
    journal: Journal, tiny: TinySchool, clock: FakeClock
) -> None:
    question_id = await ask(journal, tiny, "g2", "a1", "math", "Когда контрольная?")
    clock.now += timedelta(hours=1)
    await reply(journal, tiny, "math", question_id)
    [mine] = await journal.run(my_questions, await actor(journal, tiny, "g2"))
    assert mine.text == "Когда контрольная?" and mine.recipient == "Числова М. А."
    assert [(a.author, a.text) for a in mine.answers] == [("Числова М. А.", "Ответ")]
    assert await journal.run(my_questions, await actor(journal, tiny, "g1")) == []
    for who in ("g2", "math"):
        seen = await journal.run(question, await actor(journal, tiny, who), question_id)
        assert seen.id == question_id and len(seen.answers) == 1
    for who in ("g1", "rus"):
        with pytest.raises(NotFound):
            await journal.run(question, await actor(journal, tiny, who), question_id)


async def test_overdue_questions_are_reminded_once_after_five_days(
    journal: Journal, tiny: TinySchool, clock: FakeClock
) -> None:
    late = await ask(journal, tiny, "g2", "a1", "math")
    answered = await ask(journal, tiny, "g3", "a2", "rus")
    await reply(journal, tiny, "rus", answered)
    clock.now = TINY_NOW + timedelta(days=4, hours=23)
    assert await journal.run(overdue_questions) == []
    clock.now = TINY_NOW + timedelta(days=5)
    [due] = await journal.run(overdue_questions)
    assert (due.id, due.recipient_id, due.school_id) == (late, tiny.people["math"], tiny.school_id)
    assert (due.sender, due.pupil, due.answer_due) == (
        "Иванов С.",
        "Иванов Иван",
        TINY_NOW + timedelta(days=7),
    )
    await journal.run(mark_reminded, [late])
    assert (await get(journal, DirectMessage, late)).reminded_at == clock.now
    assert await journal.run(overdue_questions) == []
    # The reminder does not answer: the question stays in the teacher's inbox.
    assert [q.id for q in await journal.run(inbox, await actor(journal, tiny, "math"))] == [late]
