"""The conversation in a terminal: typed text, buttons chosen by their number, one line each.

Reads its input line by line, so a script can drive it (printf 'Оценки\\n1\\n' | journal demo),
and ends cleanly at the end of the input.
"""

import asyncio
import re
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TextIO

from db.enums import Platform
from handlers.core.conversation import Conversation
from handlers.core.io import Attachment, Incoming, Reply
from handlers.core.parsing import normalized
from keyboards.model import Button
from services.people.actor import ROLE_TITLES, Actor

TERMINAL_ACCOUNT = "terminal"
REDRAWN = "── то же сообщение, обновлено ──"
# What the people of the demo were sent after a message, as lines to print ("" for nothing).
Notices = Callable[[], Awaitable[str]]
_BY_NUMBER = re.compile(r"\[\s*(\d+)\s*\]|#\s*(\d+)")
GREETING = (
    "Это бот школьного журнала в терминале: тот же разговор, что в MAX, Telegram и VK.\n"
    "Пишите текстом («Оценки», «Расписание», «Помощь») или вводите номер кнопки "
    "из квадратных скобок. Число, которое написано на кнопке (отметка «5»), нажимает "
    "эту кнопку; номер тогда пишите в скобках: [5]. Выход — Ctrl+D (конец ввода) или Ctrl+C."
)


def describe(actor: Actor) -> str:
    roles = ", ".join(sorted(ROLE_TITLES[r] for r in actor.roles)) or "без роли"
    return f"Вы вошли как: {actor.name} ({roles}), id {actor.person_id}."


class Shelf:
    """Where the files the bot sends (PDFs, pictures) are saved, each under a name of its own."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def save(self, attachment: Attachment) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = Path(attachment.filename).name or "файл"
        path, n = self.folder / name, 1
        while path.exists():
            n += 1
            path = self.folder / f"{Path(name).stem}-{n}{Path(name).suffix}"
        path.write_bytes(attachment.content)
        return path.resolve()


def render(replies: Sequence[Reply], out: TextIO, shelf: Shelf | None = None) -> list[Button]:
    """Prints the replies; the buttons of the last keyboard get numbers, counted across rows."""
    buttons: list[Button] = []
    for reply in replies:
        if reply.edit:  # a messenger edits the pressed message; a terminal draws it again
            out.write(f"\n{REDRAWN}")
        out.write(f"\n{reply.text}\n")
        if reply.attachment is not None and shelf is not None:
            path = shelf.save(reply.attachment)
            out.write(f"[файл «{reply.attachment.filename}» сохранён: {path}]\n")
        elif reply.attachment is not None:
            out.write(f"[вложение: {reply.attachment.filename}]\n")
        if reply.keyboard is None:
            continue
        buttons = []
        for row in reply.keyboard.rows:
            cells = []
            for button in row:
                buttons.append(button)
                cells.append(f"[{len(buttons)}] {button.label}")
            out.write("  ".join(cells) + "\n")
    out.flush()
    return buttons


def _bare(label: str) -> str:
    """A label without its marks of choice: "▸5" reads "5"."""
    return "".join(ch for ch in label if ch.isalnum())


def chosen_button(line: str, buttons: Sequence[Button]) -> Button | None:
    """ "[3]" (or "#3") is the third button; a bare "3" is the button that reads "3" (a mark),
    else the third; the label of a button shown last («Перекличка», «3. 5А Английский
    язык») presses it, as a tap would; anything else is typed text."""
    typed = line.strip()
    explicit = _BY_NUMBER.fullmatch(typed)
    if explicit is not None:
        typed = explicit.group(1) or explicit.group(2)
    elif typed.isdecimal():
        same = [b for b in buttons if _bare(b.label) == typed]
        if len(same) == 1:
            return same[0]
    if typed.isdecimal() and 1 <= int(typed) <= len(buttons):
        return buttons[int(typed) - 1]
    if typed.isdecimal() or not normalized(typed):
        return None
    # The conversation reads the menu's labels typed anywhere; this is the rest of what is on
    # the screen. Two buttons with one label: neither, the text goes as typed.
    named = [b for b in buttons if normalized(b.label) == normalized(typed)]
    return named[0] if len(named) == 1 else None


def event_for(line: str, buttons: Sequence[Button], account: str) -> Incoming:
    chosen = chosen_button(line, buttons)
    if chosen is not None and chosen.url is None:
        return Incoming(Platform.TERMINAL, account, payload=chosen.payload)
    return Incoming(Platform.TERMINAL, account, text=line.rstrip("\r\n"))


async def play(
    conversation: Conversation,
    lines: TextIO | None,
    out: TextIO,
    *,
    account: str = TERMINAL_ACCOUNT,
    echo: bool = False,
    shelf: Shelf | None = None,
    notices: Notices | None = None,
) -> None:
    buttons = render(await conversation.handle(_event("/menu", account)), out, shelf)
    if lines is None:
        return
    while True:
        out.write("\n> " if not echo else "\n")
        out.flush()
        line = await asyncio.to_thread(lines.readline)
        if not line:
            out.write("\nДо свидания!\n")
            return
        if not line.strip():
            continue
        if echo:
            out.write(f"> {line.rstrip()}\n")
        replies = await conversation.handle(event_for(line, buttons, account))
        shown = render(replies, out, shelf)
        if notices is not None and (told := await notices()):
            out.write(told + "\n")
        if any(r.keyboard is not None for r in replies):
            buttons = shown


def _event(text: str, account: str) -> Incoming:
    return Incoming(Platform.TERMINAL, account, text=text)


async def terminal_chat(
    conversation: Conversation,
    actor: Actor,
    lines: TextIO | None,
    out: TextIO,
    *,
    account: str = TERMINAL_ACCOUNT,
    shelf: Shelf | None = None,
    notices: Notices | None = None,
    preface: str = "",
) -> None:
    """Greets, shows the menu, then answers line by line until the input ends. Typed lines are
    echoed when the input is not a terminal, so that a scripted session reads as a dialogue."""
    out.write(GREETING + "\n\n" + describe(actor) + "\n" + (preface and preface + "\n"))
    echo = lines is not None and not lines.isatty()
    await play(conversation, lines, out, account=account, echo=echo, shelf=shelf, notices=notices)
