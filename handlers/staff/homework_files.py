"""Photos and documents a teacher sends in the homework flow (handlers.staff.homework): with
a caption they are the homework, after it they join it; anything else is refused with the
reason, and nothing is stored.

A file is downloaded only here, once the flow is known to take it, and before the turn writes
anything: the download holds no lock on the journal."""

from collections.abc import Sequence

from handlers.core.io import DOCUMENT, PHOTO, FileTooLarge, FileUnavailable, IncomingFile, Reply
from handlers.core.menu import menu_keyboard
from handlers.core.turn import Turn
from handlers.staff import homework
from handlers.staff.lesson import card_reply
from handlers.staff.states import AwaitingHomework, HomeworkFiles
from keyboards import staff_menus
from services.context import Ctx
from services.errors import JournalError
from services.lessons.homework_files import FILE_LIMIT_BYTES, FILE_LIMIT_TEXT, NewFile
from services.lessons.notes import attach_files
from services.lessons.teacher_day import lesson_sheet
from services.people.actor import Actor
from services.staff_views import LessonSheet
from texts import homework_file_phrases


def _refusal(files: Sequence[IncomingFile]) -> str | None:
    """Why the files are not taken, judged by what the messenger announced (no download)."""
    for file in files:
        if file.kind not in (PHOTO, DOCUMENT):
            return homework_file_phrases.WRONG_KIND.format(
                what=homework_file_phrases.KIND_NAMES.get(
                    file.kind, homework_file_phrases.OTHER_KIND
                )
            )
        if file.size is not None and file.size > FILE_LIMIT_BYTES:
            return _too_large(file)
    return None


def _too_large(file: IncomingFile) -> str:
    return homework_file_phrases.TOO_LARGE.format(
        name=file.filename or homework_file_phrases.OTHER_KIND, limit=FILE_LIMIT_TEXT
    )


async def _fetch(file: IncomingFile) -> NewFile:
    if file.fetch is None:
        raise FileUnavailable(file.kind)
    content = await file.fetch(FILE_LIMIT_BYTES)
    return NewFile(file.kind, file.filename, file.mime, content)


async def received(turn: Turn) -> list[Reply]:
    flow = turn.state
    if not turn.viewer.ready or not isinstance(flow, AwaitingHomework | HomeworkFiles):
        return [Reply(homework_file_phrases.NOT_HERE, menu_keyboard(turn.viewer))]
    lesson = flow.lesson
    files = turn.incoming.files
    refusal = _refusal(files)
    fetched: list[NewFile] = []
    for file in files if refusal is None else ():
        try:
            fetched.append(await _fetch(file))
        except FileTooLarge:
            refusal = _too_large(file)
        except FileUnavailable:
            refusal = homework_file_phrases.UNAVAILABLE
        if refusal is not None:
            break
    if refusal is not None:
        # The flow stays where it was: the next message is another try.
        return [Reply(refusal, staff_menus.cancel_to_lesson(lesson))]
    caption = (turn.incoming.text or "").strip()
    if isinstance(flow, AwaitingHomework):
        return await homework.save(
            turn, lesson, caption or homework_file_phrases.IN_FILE, flow.pupils, fetched
        )
    return await _join(turn, lesson, flow.homework, fetched, caption)


async def _attach_and_sheet(
    ctx: Ctx, actor: Actor, homework_id: int, lesson_id: int, files: list[NewFile]
) -> tuple[list[str], LessonSheet]:
    names = await attach_files(ctx, actor, homework_id, files)
    return names, await lesson_sheet(ctx, actor, lesson_id)


async def _join(
    turn: Turn, lesson: int, homework: int, files: list[NewFile], caption: str
) -> list[Reply]:
    try:
        names, sheet = await turn.run(_attach_and_sheet, homework, lesson, files)
    except JournalError as refused:
        return [Reply(refused.message, staff_menus.cancel_to_lesson(lesson))]
    notes = [homework_file_phrases.SAVED.format(names=", ".join(names))]
    if caption:
        notes.append(homework_file_phrases.CAPTION_DROPPED)
    notes.append(homework_file_phrases.MORE_FILES)
    return [card_reply(sheet, "\n".join(notes))]
