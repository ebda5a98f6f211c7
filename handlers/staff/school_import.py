"""The administrator of the journal sends a file (a class list, the staff, the load, the
year, the bells, an aSc export): the bot checks it, tells what would change, and loads it
on "Загрузить". The file is downloaded only here, before anything is written."""

import base64
import binascii
import hashlib

from handlers.core.io import DOCUMENT, FileTooLarge, FileUnavailable, Reply
from handlers.core.menu import menu_keyboard
from handlers.core.turn import Turn
from handlers.staff.states import AwaitingHomework, AwaitingImport, HomeworkFiles
from keyboards.actions.staff import ImportApply
from keyboards.menus import button, to_menu
from keyboards.model import Keyboard
from services.errors import JournalError
from services.people.actor import Role
from services.school_import.guess import guess_kind
from services.school_import.service import ImportKind, import_as
from texts import import_phrases

FILE_LIMIT_BYTES = 10 * 1024 * 1024
SUMMARY_LIMIT = 3500  # a Telegram message holds 4096 characters, with the question after it


def takes(turn: Turn) -> bool:
    """A file from the administrator outside the homework flow is a file to load."""
    viewer = turn.viewer
    return (
        viewer.ready
        and viewer.actor is not None
        and viewer.actor.has(Role.ADMIN)
        and not isinstance(turn.state, AwaitingHomework | HomeworkFiles)
    )


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()[:12]


async def received(turn: Turn) -> list[Reply]:
    back = menu_keyboard(turn.viewer)
    files = turn.incoming.files
    if len(files) != 1:
        return [Reply(import_phrases.ONE_FILE, back)]
    file = files[0]
    name = file.filename or "файл"
    if file.kind != DOCUMENT or file.fetch is None:
        return [Reply(import_phrases.WRONG_KIND, back)]
    too_large = import_phrases.TOO_LARGE.format(name=name, limit=import_phrases.FILE_LIMIT_TEXT)
    if file.size is not None and file.size > FILE_LIMIT_BYTES:
        return [Reply(too_large, back)]
    try:
        content = await file.fetch(FILE_LIMIT_BYTES)
    except FileTooLarge:
        return [Reply(too_large, back)]
    except FileUnavailable:
        return [Reply(import_phrases.UNAVAILABLE, back)]
    kind = guess_kind(content)
    if kind is None:
        return [Reply(import_phrases.UNKNOWN.format(name=name), back)]
    try:
        report = await turn.run(import_as, kind, name, content, False)
    except JournalError as refused:
        return [Reply(_fit(refused.message), back)]
    if not report.has_changes:
        return [Reply(report.render(SUMMARY_LIMIT), back)]
    digest = _digest(content)
    turn.set_state(
        AwaitingImport(
            kind=kind.value,
            filename=name,
            digest=digest,
            content=base64.b64encode(content).decode("ascii"),
        )
    )
    keyboard = Keyboard.of([button(import_phrases.APPLY, ImportApply(digest=digest))], [to_menu()])
    return [Reply(f"{report.render(SUMMARY_LIMIT)}\n\n{import_phrases.ASK_APPLY}", keyboard)]


async def apply(turn: Turn, press: ImportApply) -> list[Reply]:
    back = menu_keyboard(turn.viewer)
    waiting = turn.state_as(AwaitingImport)
    if waiting is None or waiting.digest != press.digest:
        return [Reply(import_phrases.EXPIRED, back)]
    turn.clear_state()
    try:
        content = base64.b64decode(waiting.content, validate=True)
        kind = ImportKind(waiting.kind)
    except (binascii.Error, ValueError):
        return [Reply(import_phrases.EXPIRED, back)]
    if _digest(content) != waiting.digest:
        return [Reply(import_phrases.EXPIRED, back)]
    try:
        report = await turn.run(import_as, kind, waiting.filename, content, True)
    except JournalError as refused:
        return [Reply(_fit(refused.message), back)]
    return [Reply(f"{import_phrases.APPLIED}\n{report.render(SUMMARY_LIMIT)}", back)]


def _fit(text: str) -> str:
    return text if len(text) <= SUMMARY_LIMIT else text[: SUMMARY_LIMIT - 1] + "…"
