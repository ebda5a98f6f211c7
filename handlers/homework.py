"""Homework for the next school day and for the week ahead, individual tasks marked."""

from collections.abc import Sequence
from datetime import date, timedelta

from handlers import formatting as fmt
from handlers import homework_file_texts as ft
from handlers import texts
from handlers.io import PHOTO, Attachment, Reply
from handlers.menu import for_pupil, stale
from handlers.turn import Turn
from keyboards import menus
from keyboards.model import Keyboard
from keyboards.payloads import Action, Payload
from services.homework_read import homework_file, homework_for
from services.views import HomeworkView, PupilBrief

SUNDAY = 6
ATTACHMENT_KINDS = {"document": "файл", "photo": "фото", "link": "ссылка"}


def next_school_day(today: date) -> date:
    following = today + timedelta(days=1)
    return following + timedelta(days=1) if following.weekday() == SUNDAY else following


def task_line(hw: HomeworkView) -> str:
    line = f"• {hw.subject}: {hw.text}"
    if hw.is_individual:
        line += f" {texts.INDIVIDUAL}"
    if hw.attachment_kind or hw.attachment_ref:
        kind = ATTACHMENT_KINDS.get(hw.attachment_kind or "", hw.attachment_kind or "")
        line += f"\n  {texts.ATTACHMENT}" + (f": {kind}" if kind else "")
        if hw.attachment_ref and hw.attachment_ref.startswith(("http://", "https://")):
            line += f" {hw.attachment_ref}"
    photos = sum(1 for file in hw.files if file.kind == PHOTO)
    if photos:
        line += "\n  " + (ft.PHOTOS_LINE.format(count=photos) if photos > 1 else ft.PHOTO_LINE)
    for file in hw.files:
        if file.kind != PHOTO:
            line += "\n  " + ft.FILE_LINE.format(name=file.filename)
    return line


def _file_labels(hw: HomeworkView) -> list[str]:
    several = sum(1 for file in hw.files if file.kind == PHOTO) > 1
    labels, photo = [], 0
    for file in hw.files:
        if file.kind == PHOTO:
            photo += 1
            name = f"{ft.PHOTO} {photo}" if several else ft.PHOTO
        else:
            name = file.filename
        labels.append(ft.BUTTON.format(subject=hw.subject, name=name))
    return labels


def homework_keyboard(pupil: int, tasks: Sequence[HomeworkView]) -> Keyboard:
    """The homework menu, under a button for each file to get it."""
    files = [
        menus.button(label, Action.HOMEWORK_FILE, pupil=pupil, item=file.id)
        for hw in tasks
        for file, label in zip(hw.files, _file_labels(hw), strict=True)
    ]
    return Keyboard.of(*([b] for b in files), *menus.homework_menu(pupil).rows)


@for_pupil
async def next_day(turn: Turn, payload: Payload, pupil: PupilBrief) -> list[Reply]:
    due = next_school_day(turn.viewer.today)
    tasks = await turn.run(homework_for, pupil.id, due, due)
    title = texts.HOMEWORK_TITLE.format(when=fmt.day(due), whose=fmt.whose(pupil))
    body = [task_line(hw) for hw in tasks] or [texts.HOMEWORK_NONE]
    return [Reply("\n".join([title, "", *body]), homework_keyboard(pupil.id, tasks))]


@for_pupil
async def week(turn: Turn, payload: Payload, pupil: PupilBrief) -> list[Reply]:
    start = turn.viewer.today + timedelta(days=1)
    end = start + timedelta(days=6)
    tasks = await turn.run(homework_for, pupil.id, start, end)
    lines = [texts.HOMEWORK_TITLE.format(when=fmt.day_span(start, end), whose=fmt.whose(pupil))]
    due = None
    for hw in tasks:
        if hw.due_date != due:
            due = hw.due_date
            lines += ["", fmt.day(due)]
        lines.append(task_line(hw))
    if not tasks:
        lines += ["", texts.HOMEWORK_NONE]
    return [Reply("\n".join(lines), homework_keyboard(pupil.id, tasks))]


@for_pupil
async def send_file(turn: Turn, payload: Payload, pupil: PupilBrief) -> list[Reply]:
    """The file as a message of its own: the homework's list stays where it was."""
    if payload.item is None:
        return await stale(turn)
    file = await turn.run(homework_file, pupil.id, payload.item)
    caption = ft.CAPTION.format(subject=file.subject, when=fmt.day(file.due_date))
    attachment = Attachment(file.filename, file.content, file.kind)
    return [Reply(caption, menus.homework_menu(pupil.id), attachment=attachment)]
