"""Homework for the next school day and for the week ahead, individual tasks marked."""

from collections.abc import Sequence
from datetime import date, timedelta

from handlers.core.io import PHOTO, Attachment, Reply
from handlers.core.menu import for_pupil, stale
from handlers.core.turn import Turn
from keyboards import menus
from keyboards.actions.family import HomeworkFile, HomeworkNext, HomeworkWeek
from keyboards.model import Keyboard
from services.lessons.homework_reading import homework_file, homework_for
from services.views import HomeworkView, PupilBrief
from texts import formatting, homework_file_phrases, phrases

SUNDAY = 6


def next_school_day(today: date) -> date:
    following = today + timedelta(days=1)
    return following + timedelta(days=1) if following.weekday() == SUNDAY else following


def task_line(hw: HomeworkView) -> str:
    line = f"• {hw.subject}: {hw.text}"
    if hw.is_individual:
        line += f" {phrases.INDIVIDUAL}"
    photos = sum(1 for file in hw.files if file.kind == PHOTO)
    if photos:
        line += "\n  " + (
            homework_file_phrases.PHOTOS_LINE.format(count=photos)
            if photos > 1
            else homework_file_phrases.PHOTO_LINE
        )
    for file in hw.files:
        if file.kind != PHOTO:
            line += "\n  " + homework_file_phrases.FILE_LINE.format(name=file.filename)
    return line


def _file_labels(hw: HomeworkView) -> list[str]:
    several = sum(1 for file in hw.files if file.kind == PHOTO) > 1
    labels, photo = [], 0
    for file in hw.files:
        if file.kind == PHOTO:
            photo += 1
            name = (
                f"{homework_file_phrases.PHOTO} {photo}" if several else homework_file_phrases.PHOTO
            )
        else:
            name = file.filename
        labels.append(homework_file_phrases.BUTTON.format(subject=hw.subject, name=name))
    return labels


def homework_keyboard(pupil: int, tasks: Sequence[HomeworkView]) -> Keyboard:
    """The homework menu, under a button for each file to get it."""
    files = [
        menus.button(label, HomeworkFile(pupil=pupil, file=file.id))
        for hw in tasks
        for file, label in zip(hw.files, _file_labels(hw), strict=True)
    ]
    return Keyboard.of(*([b] for b in files), *menus.homework_menu(pupil).rows)


@for_pupil
async def next_day(turn: Turn, press: HomeworkNext, pupil: PupilBrief) -> list[Reply]:
    due = press.day or next_school_day(turn.viewer.today)
    if not turn.viewer.sane(due):
        return await stale(turn)
    tasks = await turn.run(homework_for, pupil.id, due, due)
    title = phrases.HOMEWORK_TITLE.format(when=formatting.day(due), whose=formatting.whose(pupil))
    body = [task_line(hw) for hw in tasks] or [phrases.HOMEWORK_NONE]
    return [Reply("\n".join([title, "", *body]), homework_keyboard(pupil.id, tasks))]


@for_pupil
async def week(turn: Turn, press: HomeworkWeek, pupil: PupilBrief) -> list[Reply]:
    start = turn.viewer.today + timedelta(days=1)
    end = start + timedelta(days=6)
    tasks = await turn.run(homework_for, pupil.id, start, end)
    lines = [
        phrases.HOMEWORK_TITLE.format(
            when=formatting.day_span(start, end), whose=formatting.whose(pupil)
        )
    ]
    due = None
    for hw in tasks:
        if hw.due_date != due:
            due = hw.due_date
            lines += ["", formatting.day(due)]
        lines.append(task_line(hw))
    if not tasks:
        lines += ["", phrases.HOMEWORK_NONE]
    return [Reply("\n".join(lines), homework_keyboard(pupil.id, tasks))]


@for_pupil
async def send_file(turn: Turn, press: HomeworkFile, pupil: PupilBrief) -> list[Reply]:
    """The file as a message of its own: the homework's list stays where it was."""
    file = await turn.run(homework_file, pupil.id, press.file)
    caption = homework_file_phrases.CAPTION.format(
        subject=file.subject, when=formatting.day(file.due_date)
    )
    attachment = Attachment(file.filename, file.content, file.kind)
    return [Reply(caption, menus.homework_menu(pupil.id), attachment=attachment)]
