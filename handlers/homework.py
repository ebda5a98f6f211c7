"""Homework for the next school day and for the week ahead, individual tasks marked."""

from datetime import date, timedelta

from handlers import formatting as fmt
from handlers import texts
from handlers.io import Reply
from handlers.menu import for_pupil
from handlers.turn import Turn
from keyboards import menus
from keyboards.payloads import Payload
from services.homework_read import homework_for
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
    return line


@for_pupil
async def next_day(turn: Turn, payload: Payload, pupil: PupilBrief) -> list[Reply]:
    due = next_school_day(turn.viewer.today)
    tasks = await turn.run(homework_for, pupil.id, due, due)
    title = texts.HOMEWORK_TITLE.format(when=fmt.day(due), whose=fmt.whose(pupil))
    body = [task_line(hw) for hw in tasks] or [texts.HOMEWORK_NONE]
    return [Reply("\n".join([title, "", *body]), menus.homework_menu(pupil.id))]


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
    return [Reply("\n".join(lines), menus.homework_menu(pupil.id))]
