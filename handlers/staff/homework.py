"""The lesson's topic and homework, typed after pressing the button (001 §4.4.6): homework for
everyone on the lesson, or for pupils ticked in a list like the roll call's; files sent in the
flow are handlers.staff.homework_files'."""

from collections.abc import Sequence

from handlers.core.io import Reply
from handlers.core.menu import stale
from handlers.core.turn import Turn
from handlers.staff import states
from handlers.staff.lesson import card_reply
from keyboards import staff_menus
from keyboards.actions.staff import (
    Card,
    HomeworkPick,
    HomeworkPicked,
    HomeworkSet,
    HomeworkToggle,
    Topic,
)
from keyboards.menus import button
from keyboards.model import Keyboard
from services.context import Ctx
from services.errors import JournalError
from services.lessons.homework_files import NewFile, checked
from services.lessons.notes import set_homework, set_topic
from services.lessons.teacher_day import lesson_sheet
from services.people.actor import Actor
from services.staff_views import LessonSheet
from texts import homework_file_phrases, phrases, staff_formatting, staff_phrases


async def _writable(turn: Turn, lesson: int) -> LessonSheet | Reply:
    """The lesson's sheet if the teacher may write in it, else a reply saying why not."""
    sheet = await turn.run(lesson_sheet, lesson)
    if not sheet.can_write:
        return card_reply(sheet, staff_phrases.NOT_YOURS, edit=turn.pressed)
    return sheet


def _ask(turn: Turn, text: str, keyboard: Keyboard) -> list[Reply]:
    return [Reply(text, keyboard, edit=turn.pressed)]


async def ask_topic(turn: Turn, press: Topic) -> list[Reply]:
    sheet = await _writable(turn, press.lesson)
    if not isinstance(sheet, LessonSheet):
        return [sheet]
    turn.set_state(states.AwaitingTopic(lesson=sheet.lesson.id))
    text = f"{staff_formatting.lesson_title(sheet.lesson)}\n{staff_phrases.TOPIC_ASK}"
    if sheet.lesson.topic:
        text += "\n" + staff_phrases.TOPIC_NOW.format(topic=sheet.lesson.topic)
    return _ask(turn, text, staff_menus.cancel_to_lesson(sheet.lesson.id))


async def _topic_and_sheet(ctx: Ctx, actor: Actor, lesson_id: int, topic: str) -> LessonSheet:
    await set_topic(ctx, actor, lesson_id, topic)
    return await lesson_sheet(ctx, actor, lesson_id)


async def typed_topic(turn: Turn, text: str) -> list[Reply]:
    asked = turn.state_as(states.AwaitingTopic)
    if asked is None:
        return await stale(turn)
    lesson = asked.lesson
    try:
        sheet = await turn.run(_topic_and_sheet, lesson, text)
    except JournalError as refused:
        # The flow stays open: the next message is another try.
        return [
            Reply(
                f"{refused.message}\n{staff_phrases.TOPIC_ASK}",
                staff_menus.cancel_to_lesson(lesson),
            )
        ]
    turn.clear_state()
    return [card_reply(sheet, staff_phrases.TOPIC_SAVED)]


def _homework_keyboard(lesson_id: int) -> Keyboard:
    return Keyboard.of(
        [button(staff_phrases.HOMEWORK_PICK, HomeworkPick(lesson=lesson_id))],
        [button(phrases.CANCEL, Card(lesson=lesson_id))],
    )


async def ask_homework(turn: Turn, press: HomeworkSet) -> list[Reply]:
    sheet = await _writable(turn, press.lesson)
    if not isinstance(sheet, LessonSheet):
        return [sheet]
    turn.set_state(states.AwaitingHomework(lesson=sheet.lesson.id))
    title = staff_formatting.lesson_title(sheet.lesson)
    text = f"{title}\n{staff_phrases.HOMEWORK_ASK}\n{homework_file_phrases.FILE_HINT}"
    return _ask(turn, text, _homework_keyboard(sheet.lesson.id))


def _picking(turn: Turn, lesson_id: int) -> states.HomeworkPick | None:
    picking = turn.state_as(states.HomeworkPick)
    return picking if picking is not None and picking.lesson == lesson_id else None


def _chosen(turn: Turn, lesson_id: int) -> list[int]:
    picking = _picking(turn, lesson_id)
    return list(picking.chosen) if picking is not None else []


def _page(turn: Turn) -> int:
    picking = turn.state_as(states.HomeworkPick)
    return picking.page if picking is not None else 1


async def _show_pick(turn: Turn, sheet: LessonSheet, chosen: list[int], page: int) -> list[Reply]:
    lesson_id = sheet.lesson.id
    pupils = [
        button(
            (staff_phrases.CHOSEN if p.id in chosen else staff_phrases.NOT_CHOSEN)
            + f" {staff_formatting.short(p.full_name)}",
            HomeworkToggle(lesson=lesson_id, pupil=p.id),
        )
        for p in sheet.pupils
    ]
    rows, page, _ = staff_menus.paged(
        pupils,
        page,
        staff_menus.layout(turn.platform, reserved=2),
        lambda label, to: button(label, HomeworkPick(lesson=lesson_id, page=to)),
    )
    turn.set_state(states.HomeworkPick(lesson=lesson_id, chosen=tuple(chosen), page=page))
    rows.append([button(staff_phrases.HOMEWORK_PICKED, HomeworkPicked(lesson=lesson_id))])
    rows.append([button(phrases.CANCEL, Card(lesson=lesson_id))])
    text = staff_phrases.HOMEWORK_PICK_TITLE.format(
        title=staff_formatting.lesson_title(sheet.lesson)
    )
    return _ask(turn, text, Keyboard.of(*rows))


async def pick(turn: Turn, press: HomeworkPick) -> list[Reply]:
    sheet = await _writable(turn, press.lesson)
    if not isinstance(sheet, LessonSheet):
        return [sheet]
    return await _show_pick(turn, sheet, _chosen(turn, sheet.lesson.id), press.page)


async def toggle(turn: Turn, press: HomeworkToggle) -> list[Reply]:
    sheet = await _writable(turn, press.lesson)
    if not isinstance(sheet, LessonSheet):
        return [sheet]
    chosen = _chosen(turn, sheet.lesson.id)
    page = _page(turn)
    if press.pupil not in {p.id for p in sheet.pupils}:
        return [Reply(staff_phrases.NOT_IN_LESSON), *await _show_pick(turn, sheet, chosen, page)]
    if press.pupil in chosen:
        chosen.remove(press.pupil)
    else:
        chosen.append(press.pupil)
    return await _show_pick(turn, sheet, chosen, page)


async def picked(turn: Turn, press: HomeworkPicked) -> list[Reply]:
    sheet = await _writable(turn, press.lesson)
    if not isinstance(sheet, LessonSheet):
        return [sheet]
    chosen = _chosen(turn, sheet.lesson.id)
    if not chosen:
        return [
            Reply(staff_phrases.HOMEWORK_NOBODY),
            *await _show_pick(turn, sheet, chosen, _page(turn)),
        ]
    turn.set_state(states.AwaitingHomework(lesson=sheet.lesson.id, pupils=tuple(chosen)))
    names = ", ".join(staff_formatting.short(p.full_name) for p in sheet.pupils if p.id in chosen)
    text = (
        f"{staff_phrases.HOMEWORK_ASK_FOR.format(names=names)}\n{homework_file_phrases.FILE_HINT}"
    )
    return _ask(turn, text, staff_menus.cancel_to_lesson(sheet.lesson.id))


async def _homework_and_sheet(
    ctx: Ctx,
    actor: Actor,
    lesson_id: int,
    text: str,
    pupils: Sequence[int] | None,
    files: Sequence[NewFile],
) -> tuple[int, LessonSheet]:
    homework = await set_homework(ctx, actor, lesson_id, text, pupil_ids=pupils, files=files)
    return homework, await lesson_sheet(ctx, actor, lesson_id)


async def typed_homework(turn: Turn, text: str) -> list[Reply]:
    asked = turn.state_as(states.AwaitingHomework)
    if asked is None:
        return await stale(turn)
    return await save(turn, asked.lesson, text, asked.pupils)


async def save(
    turn: Turn,
    lesson: int,
    text: str,
    pupils: Sequence[int] | None,
    files: Sequence[NewFile] = (),
) -> list[Reply]:
    """The homework typed, or sent as files with a caption (handlers.staff.homework_files);
    then the flow waits for more files to join it."""
    try:
        homework, sheet = await turn.run(_homework_and_sheet, lesson, text, pupils, files)
    except JournalError as refused:
        return [Reply(refused.message, staff_menus.cancel_to_lesson(lesson))]
    turn.set_state(states.HomeworkFiles(lesson=lesson, homework=homework))
    if pupils is None:
        notes = [staff_phrases.HOMEWORK_SAVED]
    else:
        names = ", ".join(
            staff_formatting.short(p.full_name) for p in sheet.pupils if p.id in pupils
        )
        notes = [staff_phrases.HOMEWORK_SAVED_FOR.format(names=names)]
    if files:
        notes.append(
            homework_file_phrases.SAVED.format(names=", ".join(checked(f).filename for f in files))
        )
    notes.append(homework_file_phrases.MORE_FILES)
    return [card_reply(sheet, "\n".join(notes))]
