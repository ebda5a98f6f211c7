"""Questions from guardians to their child's teachers and the teachers' answers (001 §2.9,
§4.8.1): the guardian picks a teacher and types; the teacher sees the question with "Ответить"
and types the answer; services.messages.direct checks who may write to whom."""

from handlers.core.io import Reply
from handlers.core.menu import menu_reply, stale
from handlers.core.turn import Turn
from handlers.staff import states
from keyboards import staff_menus
from keyboards.menus import to_menu
from keyboards.model import Keyboard
from keyboards.payloads import Action, Payload
from services.errors import JournalError
from services.messages.direct import (
    ANSWER_DAYS,
    answer,
    inbox,
    my_questions,
    question,
    send_question,
    teachers_of_pupil,
)
from services.staff_views import QuestionView, TeacherContact
from texts import formatting, phrases, staff_phrases


def _teacher_label(t: TeacherContact) -> str:
    if t.is_class_teacher:
        return f"{t.short_name} ({staff_phrases.CLASS_TEACHER_MARK})"
    return f"{t.short_name} — {', '.join(t.subjects)}"


async def pick_teacher(turn: Turn, payload: Payload) -> list[Reply]:
    viewer = turn.viewer
    pupil = viewer.find(payload.pupil) if payload.pupil is not None else viewer.selected
    if pupil is None:
        return await stale(turn)
    contacts = await turn.run(teachers_of_pupil, pupil.id)
    picks = [
        [staff_menus.button(_teacher_label(t), Action.WRITE_TO, item=t.id, pupil=pupil.id)]
        for t in contacts
    ]
    text = (
        staff_phrases.WRITE_PICK.format(whose=formatting.whose(pupil))
        if contacts
        else staff_phrases.WRITE_NONE
    )
    keyboard = Keyboard.of(
        *picks,
        [staff_menus.button(staff_phrases.MY_QUESTIONS, Action.MY_QUESTIONS), to_menu(pupil.id)],
    )
    return [Reply(text, keyboard)]


async def write_to(turn: Turn, payload: Payload) -> list[Reply]:
    pupil = turn.viewer.find(payload.pupil)
    if pupil is None or payload.item is None:
        return await stale(turn)
    contacts = await turn.run(teachers_of_pupil, pupil.id)
    teacher = next((t for t in contacts if t.id == payload.item), None)
    if teacher is None:
        return await stale(turn)
    data = {"pupil": pupil.id, "teacher": teacher.id, "name": teacher.short_name}
    await turn.set_state(states.QUESTION, data)
    keyboard = Keyboard.of([staff_menus.button(phrases.CANCEL, Action.MENU, pupil=pupil.id)])
    return [
        Reply(
            staff_phrases.WRITE_ASK.format(teacher=teacher.short_name), keyboard, edit=turn.pressed
        )
    ]


async def typed_question(turn: Turn, text: str) -> list[Reply]:
    data = turn.state[1]
    pupil, teacher = states.data_int(data, "pupil"), states.data_int(data, "teacher")
    if pupil is None or teacher is None:
        return await stale(turn)
    await turn.clear_state()
    try:
        await turn.run(send_question, pupil, teacher, text)
    except JournalError as refused:
        return [menu_reply(turn.viewer, turn.viewer.find(pupil), note=refused.message)]
    sent = staff_phrases.WRITE_SENT.format(teacher=data.get("name", ""), days=ANSWER_DAYS)
    return [menu_reply(turn.viewer, turn.viewer.find(pupil), note=sent)]


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


async def mine(turn: Turn, payload: Payload) -> list[Reply]:
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
            pupil=q.pupil,
            klass=q.class_title,
            when=formatting.day(turn.viewer.local_day(q.sent_at)),
            text=q.text,
            due=formatting.day(turn.viewer.local_day(q.answer_due)),
        )
        lines += ["", row]
        label = staff_phrases.ANSWER_BUTTON.format(
            sender=f"{q.sender.split()[0]} ({q.pupil.split()[-1]})"
        )
        buttons.append(staff_menus.button(label, Action.ANSWER, item=q.id))
    if not found:
        lines += ["", staff_phrases.INBOX_NONE]
    rows = staff_menus.rows_of(buttons, 1)
    return Reply("\n".join(lines), Keyboard.of(*rows, [to_menu()]))


async def show_inbox(turn: Turn, payload: Payload) -> list[Reply]:
    return [_inbox_reply(turn, await turn.run(inbox))]


async def ask_answer(turn: Turn, payload: Payload) -> list[Reply]:
    if payload.item is None:
        return await stale(turn)
    q = await turn.run(question, payload.item)
    if q.recipient_id != turn.actor.person_id:
        return await stale(turn)
    await turn.set_state(states.ANSWER, {"question": q.id, "sender": q.sender})
    keyboard = Keyboard.of([staff_menus.button(phrases.CANCEL, Action.INBOX)])
    text = staff_phrases.ANSWER_ASK.format(sender=q.sender, text=q.text)
    # The "Ответить" under a notification stays after the inbox was used: say so.
    if q.answers:
        text += "\n\n" + staff_phrases.ANSWER_AGAIN.format(text=q.answers[-1].text)
    return [Reply(text, keyboard)]


async def typed_answer(turn: Turn, text: str) -> list[Reply]:
    data = turn.state[1]
    asked = states.data_int(data, "question")
    if asked is None:
        return await stale(turn)
    await turn.clear_state()
    try:
        await turn.run(answer, asked, text)
    except JournalError as refused:
        return [_inbox_reply(turn, await turn.run(inbox), refused.message)]
    note = staff_phrases.ANSWER_SENT.format(sender=data.get("sender", ""))
    return [_inbox_reply(turn, await turn.run(inbox), note)]
