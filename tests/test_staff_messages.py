"""A guardian's question to a teacher and the answer, both typed in the chat; the outbox gets
"message.sent" and "message.answered"; nobody writes to or answers for someone else."""

from db.models import DirectMessage
from keyboards.actions.family import WriteTeacher, WriteTo
from keyboards.actions.staff import Answer
from keyboards.payloads import pack
from services.context import Journal
from services.messages.direct import QUESTION_NOT_FOUND
from tests.staff_kit import staff_chat
from tests.test_conversation_kit import linked_chat
from tests.tiny_school import TinySchool
from tests.write_support import events, rows
from texts import phrases, staff_phrases


async def test_a_question_and_its_answer(journal: Journal, tiny: TinySchool) -> None:
    parent = await linked_chat(journal, tiny, "g2", "300")
    assert staff_phrases.WRITE_TEACHER in parent.labels
    await parent.press(staff_phrases.WRITE_TEACHER)
    assert parent.text == "Кому написать об Иване (5А)?"
    assert parent.labels[:3] == [
        "Числова М. А. (кл. рук.)",
        "Инглишева А. В. — Английский язык",
        "Словесников И. И. — Русский язык",
    ]
    assert not any(label.startswith("Лондонов") for label in parent.labels)  # not Ivan's group
    await parent.press("Числова М. А. (кл. рук.)")
    assert parent.text == "Напишите вопрос для Числовой М. А. одним сообщением."
    await parent.send("Почему у Ивана двойка за контрольную?")
    assert parent.text.startswith("Вопрос для Числовой М. А.:")
    assert await rows(journal, DirectMessage) == []  # not before "Отправить"
    await parent.press(staff_phrases.WRITE_SEND)
    assert parent.text.startswith("Вопрос для Числовой М. А. отправлен. Учитель")
    assert "Главное меню · Иван, 5А" in parent.text
    [question] = await rows(journal, DirectMessage)
    assert (question.sender_id, question.recipient_id, question.pupil_id) == (
        tiny.people["g2"],
        tiny.people["math"],
        tiny.people["a1"],
    )
    assert len(await events(journal, "message.sent")) == 1

    teacher = await staff_chat(journal, tiny, "math")
    await teacher.press(staff_phrases.INBOX)
    assert "Иванов Сергей об Иванове Иване (5А), ср, 18 ноября:" in teacher.text
    assert "«Почему у Ивана двойка за контрольную?»\nОтветить до ср, 25 ноября." in teacher.text
    await teacher.press("Ответить: Иванов (Иван)")
    assert "Вопрос: «Почему у Ивана двойка за контрольную?»" in teacher.text
    await teacher.send("Не решил вторую задачу, можно переписать в четверг.")
    assert teacher.text.startswith("Ответ для Иванова Сергея отправлен.")
    assert staff_phrases.INBOX_NONE in teacher.text
    assert len(await events(journal, "message.answered")) == 1

    await parent.press(staff_phrases.WRITE_TEACHER)
    await parent.press(staff_phrases.MY_QUESTIONS)
    assert "Числова М. А.: «Почему у Ивана двойка за контрольную?»" in parent.text
    assert "↳ Числова М. А., ср, 18 ноября: «Не решил вторую задачу" in parent.text


async def test_no_writing_outside_ones_own(journal: Journal, tiny: TinySchool) -> None:
    parent = await linked_chat(journal, tiny, "g2", "300")
    ivan, anna = tiny.people["a1"], tiny.people["a2"]
    # A teacher of another group, and someone else's child: the menu again, nothing sent.
    await parent.send_payload(pack(WriteTo(teacher=tiny.people["eng2"], pupil=ivan)))
    assert phrases.STALE_BUTTON in parent.text
    await parent.send_payload(pack(WriteTeacher(pupil=anna)))
    assert phrases.STALE_BUTTON in parent.text and "Анна" not in parent.text
    # A teacher answering a question that is not theirs.
    await parent.press(staff_phrases.WRITE_TEACHER)
    await parent.press("Числова М. А. (кл. рук.)")
    await parent.send("Вопрос классному руководителю")
    await parent.press(staff_phrases.WRITE_SEND)
    [question] = await rows(journal, DirectMessage)
    rus = await staff_chat(journal, tiny, "rus")
    await rus.forge(Answer(question=question.id))
    assert rus.text == QUESTION_NOT_FOUND
    # A teacher has no "Написать учителю" of their own.
    await rus.forge(WriteTeacher())
    assert phrases.STALE_BUTTON in rus.text
    assert len(await rows(journal, DirectMessage)) == 1
