"""Questions from guardians to their child's teachers and the teachers' answers (001 §2.9,
§4.8.1): the guardian picks a teacher and types; the teacher sees the question with "Ответить"
and types the answer; services.messages.direct checks who may write to whom."""

from handlers.core.io import Reply
from handlers.core.menu import menu_reply, stale
from handlers.core.turn import Turn
from handlers.staff.states import AwaitingAnswer, AwaitingQuestion
from keyboards import staff_menus
from keyboards.actions.family import Menu, MyQuestions, SendQuestion, WriteTeacher, WriteTo
from keyboards.actions.staff import Answer, Inbox
from keyboards.menus import button, to_menu
from keyboards.model import Keyboard
from services.errors import JournalError
from services.messages.direct import (
    ANSWER_DAYS,
    TEXT_LIMIT,
    answer,
    inbox,
    my_questions,
    question,
    send_question,
    teachers_of_pupil,
)
from services.staff_views import QuestionView, TeacherContact
from texts import declension, formatting, phrases, staff_phrases
from texts.declension import Case
from texts.splitting import split_text


def _teacher_label(t: TeacherContact) -> str:
    if t.is_class_teacher:
        return f"{t.short_name} ({staff_phrases.CLASS_TEACHER_MARK})"
    return f"{t.short_name} — {', '.join(t.subjects)}"


async def pick_teacher(turn: Turn, press: WriteTeacher) -> list[Reply]:
    viewer = turn.viewer
    pupil = viewer.find(press.pupil) if press.pupil is not None else viewer.selected
    if pupil is None:
        return await stale(turn)
    contacts = await turn.run(teachers_of_pupil, pupil.id)
    picks = [[button(_teacher_label(t), WriteTo(teacher=t.id, pupil=pupil.id))] for t in contacts]
    text = (
        staff_phrases.WRITE_PICK.format(
            about=declension.about(pupil.first_name, pupil.gender), klass=pupil.class_title
        )
        if contacts
        else staff_phrases.WRITE_NONE
    )
    keyboard = Keyboard.of(
        *picks,
        [button(staff_phrases.MY_QUESTIONS, MyQuestions()), to_menu(pupil.id)],
    )
    return [Reply(text, keyboard)]


async def write_to(turn: Turn, press: WriteTo) -> list[Reply]:
    pupil = turn.viewer.find(press.pupil)
    if pupil is None:
        return await stale(turn)
    contacts = await turn.run(teachers_of_pupil, pupil.id)
    teacher = next((t for t in contacts if t.id == press.teacher), None)
    if teacher is None:
        return await stale(turn)
    whom = declension.decline_name(teacher.short_name, Case.GENITIVE, teacher.gender)
    turn.set_state(AwaitingQuestion(pupil=pupil.id, teacher=teacher.id, teacher_name=whom))
    keyboard = Keyboard.of([button(phrases.CANCEL, Menu(pupil=pupil.id))])
    return [Reply(staff_phrases.WRITE_ASK.format(teacher=whom), keyboard, edit=turn.pressed)]


async def typed_question(turn: Turn, text: str) -> list[Reply]:
    """The typed question is shown back before it goes: a stray "4" never reaches a teacher.
    A text over the limit is kept (sent back to copy) and the flow waits for a shorter one."""
    writing = turn.state_as(AwaitingQuestion)
    if writing is None:
        return await stale(turn)
    cancel = button(phrases.CANCEL, Menu(pupil=writing.pupil))
    body = text.strip()
    if len(body) > TEXT_LIMIT:
        turn.set_state(writing.model_copy(update={"text": ""}))
        note = staff_phrases.WRITE_TOO_LONG.format(
            limit=f"{TEXT_LIMIT:,}".replace(",", " "), length=f"{len(body):,}".replace(",", " ")
        )
        copies = [Reply(part) for part in split_text(body)]
        return [Reply(note), *copies[:-1], Reply(copies[-1].text, Keyboard.of([cancel]))]
    turn.set_state(writing.model_copy(update={"text": body}))
    preview = staff_phrases.WRITE_PREVIEW.format(teacher=writing.teacher_name, text=body)
    keyboard = Keyboard.of([button(staff_phrases.WRITE_SEND, SendQuestion()), cancel])
    return [Reply(preview, keyboard)]


async def send(turn: Turn, press: SendQuestion) -> list[Reply]:
    writing = turn.state_as(AwaitingQuestion)
    if writing is None or not writing.text:
        return await stale(turn)
    turn.clear_state()
    pupil = turn.viewer.find(writing.pupil)
    try:
        await turn.run(send_question, writing.pupil, writing.teacher, writing.text)
    except JournalError as refused:
        return [menu_reply(turn.viewer, pupil, note=refused.message)]
    sent = staff_phrases.WRITE_SENT.format(teacher=writing.teacher_name, days=ANSWER_DAYS)
    return [menu_reply(turn.viewer, pupil, note=sent)]


def _question_lines(turn: Turn, q: QuestionView) -> list[str]:
    when = formatting.day(turn.viewer.local_day(q.sent_at))
    lines = [f"{when}, {q.recipient}: «{q.text}»"]
    for a in q.answers:
        lines.append(
            f"  ↳ {a.author}, {formatting.day(turn.viewer.local_day(a.sent_at))}: «{a.text}»"
        )
    if not q.answers:
        lines.append(
            "  "
            + staff_phrases.QUESTION_WAITING.format(
                due=formatting.day(turn.viewer.local_day(q.answer_due))
            )
        )
    return lines


async def mine(turn: Turn, press: MyQuestions) -> list[Reply]:
    found = await turn.run(my_questions)
    lines = [staff_phrases.QUESTIONS_TITLE]
    for q in found:
        lines += ["", *_question_lines(turn, q)]
    if not found:
        lines += ["", staff_phrases.QUESTIONS_NONE]
    return [Reply("\n".join(lines), Keyboard.of([to_menu()]))]


def _inbox_reply(turn: Turn, found: list[QuestionView], note: str = "") -> Reply:
    lines = [note, ""] if note else []
    lines.append(staff_phrases.INBOX_TITLE)
    buttons = []
    for q in found:
        row = staff_phrases.INBOX_ROW.format(
            sender=q.sender,
            about=declension.about(q.pupil),
            klass=q.class_title,
            when=formatting.day(turn.viewer.local_day(q.sent_at)),
            text=q.text,
            due=formatting.day(turn.viewer.local_day(q.answer_due)),
        )
        lines += ["", row]
        label = staff_phrases.ANSWER_BUTTON.format(
            sender=f"{q.sender.split()[0]} ({q.pupil.split()[-1]})"
        )
        buttons.append(button(label, Answer(question=q.id)))
    if not found:
        lines += ["", staff_phrases.INBOX_NONE]
    rows = staff_menus.rows_of(buttons, 1)
    return Reply("\n".join(lines), Keyboard.of(*rows, [to_menu()]))


async def show_inbox(turn: Turn, press: Inbox) -> list[Reply]:
    return [_inbox_reply(turn, await turn.run(inbox))]


async def ask_answer(turn: Turn, press: Answer) -> list[Reply]:
    q = await turn.run(question, press.question)
    if q.recipient_id != turn.actor.person_id:
        return await stale(turn)
    whom = declension.decline_name(q.sender, Case.GENITIVE)
    turn.set_state(AwaitingAnswer(question=q.id, sender=whom))
    keyboard = Keyboard.of([button(phrases.CANCEL, Inbox())])
    text = staff_phrases.ANSWER_ASK.format(sender=whom, text=q.text)
    # The "Ответить" under a notification stays after the inbox was used: say so.
    if q.answers:
        text += "\n\n" + staff_phrases.ANSWER_AGAIN.format(text=q.answers[-1].text)
    return [Reply(text, keyboard)]


async def typed_answer(turn: Turn, text: str) -> list[Reply]:
    asked = turn.state_as(AwaitingAnswer)
    if asked is None:
        return await stale(turn)
    turn.clear_state()
    try:
        await turn.run(answer, asked.question, text)
    except JournalError as refused:
        return [_inbox_reply(turn, await turn.run(inbox), refused.message)]
    note = staff_phrases.ANSWER_SENT.format(sender=asked.sender)
    return [_inbox_reply(turn, await turn.run(inbox), note)]
