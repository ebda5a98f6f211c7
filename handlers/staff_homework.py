"""The lesson's topic and homework, typed after pressing the button (001 §4.4.6): homework for
everyone on the lesson, or for pupils ticked in a list like the roll call's; files sent in the
flow are handlers.staff_homework_files'."""

from collections.abc import Sequence

from handlers import homework_file_texts as ft
from handlers import staff_format as sf
from handlers import staff_states as states
from handlers import staff_texts as st
from handlers import texts
from handlers.io import Reply
from handlers.menu import stale
from handlers.staff_lesson import card_reply
from handlers.turn import Turn
from keyboards import staff_menus as sm
from keyboards.model import Keyboard
from keyboards.payloads import Action, Payload
from services.actor import Actor
from services.context import Ctx
from services.errors import JournalError
from services.homework_files import NewFile, checked
from services.lesson_notes import set_homework, set_topic
from services.staff_views import LessonSheet
from services.teacher_day import lesson_sheet


async def _writable(turn: Turn, payload: Payload) -> LessonSheet | Reply | None:
    """The lesson's sheet if the teacher may write in it, a reply saying why not, or None."""
    if payload.item is None:
        return None
    sheet = await turn.run(lesson_sheet, payload.item)
    if not sheet.can_write:
        return card_reply(sheet, st.NOT_YOURS, edit=turn.pressed)
    return sheet


def _ask(turn: Turn, text: str, keyboard: Keyboard) -> list[Reply]:
    return [Reply(text, keyboard, edit=turn.pressed)]


async def ask_topic(turn: Turn, payload: Payload) -> list[Reply]:
    sheet = await _writable(turn, payload)
    if not isinstance(sheet, LessonSheet):
        return [sheet] if sheet else await stale(turn)
    await turn.set_state(states.TOPIC, {"lesson": sheet.lesson.id})
    text = f"{sf.lesson_title(sheet.lesson)}\n{st.TOPIC_ASK}"
    if sheet.lesson.topic:
        text += "\n" + st.TOPIC_NOW.format(topic=sheet.lesson.topic)
    return _ask(turn, text, sm.cancel_to_lesson(sheet.lesson.id))


async def _topic_and_sheet(ctx: Ctx, actor: Actor, lesson_id: int, topic: str) -> LessonSheet:
    await set_topic(ctx, actor, lesson_id, topic)
    return await lesson_sheet(ctx, actor, lesson_id)


async def typed_topic(turn: Turn, text: str) -> list[Reply]:
    lesson = states.data_int(turn.state[1], "lesson")
    if lesson is None:
        return await stale(turn)
    try:
        sheet = await turn.run(_topic_and_sheet, lesson, text)
    except JournalError as refused:
        # The flow stays open: the next message is another try.
        return [Reply(f"{refused.message}\n{st.TOPIC_ASK}", sm.cancel_to_lesson(lesson))]
    await turn.clear_state()
    return [card_reply(sheet, st.TOPIC_SAVED)]


def _homework_keyboard(lesson_id: int) -> Keyboard:
    return Keyboard.of(
        [sm.button(st.HOMEWORK_PICK, Action.HOMEWORK_PICK, item=lesson_id)],
        [sm.button(texts.CANCEL, Action.CARD, item=lesson_id)],
    )


async def ask_homework(turn: Turn, payload: Payload) -> list[Reply]:
    sheet = await _writable(turn, payload)
    if not isinstance(sheet, LessonSheet):
        return [sheet] if sheet else await stale(turn)
    await turn.set_state(states.HOMEWORK, {"lesson": sheet.lesson.id, "pupils": None})
    text = f"{sf.lesson_title(sheet.lesson)}\n{st.HOMEWORK_ASK}\n{ft.FILE_HINT}"
    return _ask(turn, text, _homework_keyboard(sheet.lesson.id))


def _chosen(turn: Turn, lesson_id: int) -> list[int]:
    state, data = turn.state
    if state != states.HOMEWORK_PICK or states.data_int(data, "lesson") != lesson_id:
        return []
    return states.data_ints(data, "chosen")


async def _show_pick(turn: Turn, sheet: LessonSheet, chosen: list[int], page: int) -> list[Reply]:
    lesson_id = sheet.lesson.id
    pupils = [
        sm.button(
            f"{st.CHOSEN if p.id in chosen else st.NOT_CHOSEN} {sf.short(p.full_name)}",
            Action.HOMEWORK_TOGGLE,
            item=lesson_id,
            pupil=p.id,
        )
        for p in sheet.pupils
    ]
    rows, page, _ = sm.paged(
        pupils,
        page,
        sm.layout(turn.platform, reserved=2),
        lambda label, to: sm.button(label, Action.HOMEWORK_PICK, item=lesson_id, value=to),
    )
    await turn.set_state(
        states.HOMEWORK_PICK, {"lesson": lesson_id, "chosen": chosen, "page": page}
    )
    rows.append([sm.button(st.HOMEWORK_PICKED, Action.HOMEWORK_PICKED, item=lesson_id)])
    rows.append([sm.button(texts.CANCEL, Action.CARD, item=lesson_id)])
    text = st.HOMEWORK_PICK_TITLE.format(title=sf.lesson_title(sheet.lesson))
    return _ask(turn, text, Keyboard.of(*rows))


async def pick(turn: Turn, payload: Payload) -> list[Reply]:
    sheet = await _writable(turn, payload)
    if not isinstance(sheet, LessonSheet):
        return [sheet] if sheet else await stale(turn)
    return await _show_pick(turn, sheet, _chosen(turn, sheet.lesson.id), payload.value or 1)


async def toggle(turn: Turn, payload: Payload) -> list[Reply]:
    sheet = await _writable(turn, payload)
    if not isinstance(sheet, LessonSheet) or payload.pupil is None:
        return [sheet] if isinstance(sheet, Reply) else await stale(turn)
    chosen = _chosen(turn, sheet.lesson.id)
    page = states.data_int(turn.state[1], "page") or 1
    if payload.pupil not in {p.id for p in sheet.pupils}:
        return [Reply(st.NOT_IN_LESSON), *await _show_pick(turn, sheet, chosen, page)]
    if payload.pupil in chosen:
        chosen.remove(payload.pupil)
    else:
        chosen.append(payload.pupil)
    return await _show_pick(turn, sheet, chosen, page)


async def picked(turn: Turn, payload: Payload) -> list[Reply]:
    sheet = await _writable(turn, payload)
    if not isinstance(sheet, LessonSheet):
        return [sheet] if sheet else await stale(turn)
    chosen = _chosen(turn, sheet.lesson.id)
    if not chosen:
        page = states.data_int(turn.state[1], "page") or 1
        return [Reply(st.HOMEWORK_NOBODY), *await _show_pick(turn, sheet, chosen, page)]
    await turn.set_state(states.HOMEWORK, {"lesson": sheet.lesson.id, "pupils": chosen})
    names = ", ".join(sf.short(p.full_name) for p in sheet.pupils if p.id in chosen)
    text = f"{st.HOMEWORK_ASK_FOR.format(names=names)}\n{ft.FILE_HINT}"
    return _ask(turn, text, sm.cancel_to_lesson(sheet.lesson.id))


async def _homework_and_sheet(
    ctx: Ctx,
    actor: Actor,
    lesson_id: int,
    text: str,
    pupils: list[int] | None,
    files: Sequence[NewFile],
) -> tuple[int, LessonSheet]:
    homework = await set_homework(ctx, actor, lesson_id, text, pupil_ids=pupils, files=files)
    return homework, await lesson_sheet(ctx, actor, lesson_id)


async def typed_homework(turn: Turn, text: str) -> list[Reply]:
    data = turn.state[1]
    lesson = states.data_int(data, "lesson")
    if lesson is None:
        return await stale(turn)
    return await save(turn, lesson, text, states.data_ints(data, "pupils") or None)


async def save(
    turn: Turn,
    lesson: int,
    text: str,
    pupils: list[int] | None,
    files: Sequence[NewFile] = (),
) -> list[Reply]:
    """The homework typed, or sent as files with a caption (handlers.staff_homework_files);
    then the flow waits for more files to join it."""
    try:
        homework, sheet = await turn.run(_homework_and_sheet, lesson, text, pupils, files)
    except JournalError as refused:
        return [Reply(refused.message, sm.cancel_to_lesson(lesson))]
    await turn.set_state(states.HOMEWORK_FILE, {"lesson": lesson, "homework": homework})
    if pupils is None:
        notes = [st.HOMEWORK_SAVED]
    else:
        names = ", ".join(sf.short(p.full_name) for p in sheet.pupils if p.id in pupils)
        notes = [st.HOMEWORK_SAVED_FOR.format(names=names)]
    if files:
        notes.append(ft.SAVED.format(names=", ".join(checked(f).filename for f in files)))
    notes.append(ft.MORE_FILES)
    return [card_reply(sheet, "\n".join(notes))]
