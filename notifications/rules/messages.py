"""Questions between guardians and teachers (001 §2.9, §4.8.1): a new question reaches the
teacher with "Ответить", the answer reaches the guardian who asked. Both wait out quiet hours.
"""

from datetime import datetime
from typing import Any

from db.models import OutboxEvent
from keyboards.actions.staff import Answer
from keyboards.model import Button, Keyboard
from keyboards.payloads import pack
from notifications.rules.audience import Recipient, accounts_of
from notifications.rules.notice import Notice, RuleContext, quiet_notices
from services.messages.direct import question_for_notice
from texts import notification_phrases
from texts.declension import Case, decline_name
from texts.formatting import brief

ANSWER_BUTTON = "Ответить"
QUOTE_LIMIT = 80
REMINDER_QUOTE_LIMIT = 300


def about(pupil: str, class_title: str) -> str:
    return ", ".join(p for p in (pupil, class_title) if p)


def question_text(sender: str, pupil: str, class_title: str, text: str, due: datetime) -> str:
    whose = f" ({about(pupil, class_title)})" if about(pupil, class_title) else ""
    who = decline_name(sender, Case.GENITIVE) + whose
    return f"Вопрос от {who}: {text}\n\nОтветить нужно до {notification_phrases.day(due.date())}."


def answer_text(teacher: str, question: str, pupil: str, class_title: str, text: str) -> str:
    whose = f" ({about(pupil, class_title)})" if about(pupil, class_title) else ""
    author = decline_name(teacher, Case.GENITIVE)
    return f"Ответ от {author} на ваш вопрос «{brief(question, QUOTE_LIMIT)}»{whose}:\n\n{text}"


def reminder_text(
    sender: str, pupil: str, class_title: str, text: str, sent: datetime, due: datetime
) -> str:
    whose = f" ({about(pupil, class_title)})" if about(pupil, class_title) else ""
    author = decline_name(sender, Case.GENITIVE)
    return (
        f"Напоминаем: вопрос от {author}{whose}, заданный {notification_phrases.day(sent.date())}, "
        f"ещё без ответа. Ответить нужно до {notification_phrases.day(due.date())}.\n\n"
        f"«{brief(text, REMINDER_QUOTE_LIMIT)}»"
    )


def answer_keyboard(question_id: int) -> Keyboard:
    # An ordinary menu payload: handlers.family.questions.ask_answer opens the answer flow, and
    # the service refuses it to anyone but the question's recipient.
    return Keyboard.of([Button(ANSWER_BUTTON, pack(Answer(question=question_id)))])


async def personal_notices(
    rc: RuleContext,
    person_id: int,
    *,
    kind: str,
    text: str,
    ref_id: int,
    keyboard: Keyboard | None = None,
) -> list[Notice]:
    """One notice per chat account of the person, held back by that account's quiet hours."""
    accounts: list[Recipient] = (await accounts_of(rc.session, [person_id], rc.platforms)).get(
        person_id, []
    )
    return await quiet_notices(
        rc.session, accounts, kind=kind, text=text, ref_id=ref_id, keyboard=keyboard
    )


async def question_notices(rc: RuleContext, event: OutboxEvent) -> list[Notice]:
    p: dict[str, Any] = event.payload
    q = await question_for_notice(rc.ctx(), int(p["message_id"]))
    # Answered already (from the inbox) by the time the drain got to it: nothing to nudge.
    if q is None or q.answered_at is not None:
        return []
    text = question_text(q.sender, q.pupil, q.class_title, q.text, rc.local(q.answer_due))
    return await personal_notices(
        rc, q.recipient_id, kind="question", text=text, ref_id=q.id, keyboard=answer_keyboard(q.id)
    )


async def answer_notices(rc: RuleContext, event: OutboxEvent) -> list[Notice]:
    p: dict[str, Any] = event.payload
    q = await question_for_notice(rc.ctx(), int(p["question_id"]))
    reply = next((a for a in q.answers if a.id == int(p["message_id"])), None) if q else None
    if q is None or reply is None:
        return []
    text = answer_text(reply.author, q.text, q.pupil, q.class_title, reply.text)
    return await personal_notices(rc, q.sender_id, kind="answer", text=text, ref_id=reply.id)
