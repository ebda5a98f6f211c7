"""What staff can do in the bot today: their own lessons (the teachers' flows come later)."""

from datetime import timedelta

from handlers import formatting as fmt
from handlers import texts
from handlers.io import Reply
from handlers.menu import stale
from handlers.schedule import day_lines, monday_of, school_week, week_lines
from handlers.turn import Turn
from keyboards import menus
from keyboards.payloads import Action, Payload
from services.schedule_read import teacher_schedule


async def my_day(turn: Turn, payload: Payload) -> list[Reply]:
    on = payload.day or turn.viewer.today
    if not turn.viewer.sane(on):
        return await stale(turn)
    (day,) = await turn.run(teacher_schedule, on, on)
    title = texts.MY_SCHEDULE_TITLE.format(when=fmt.day(on))
    return [Reply("\n".join([title, "", *day_lines(day, with_class=True)]), menus.staff_day_menu())]


async def my_week(turn: Turn, payload: Payload) -> list[Reply]:
    monday = monday_of(payload.day) if payload.day else school_week(turn.viewer.today)
    if not turn.viewer.sane(monday):
        return await stale(turn)
    sunday = monday + timedelta(days=6)
    days = await turn.run(teacher_schedule, monday, sunday)
    title = texts.MY_WEEK_TITLE.format(span=fmt.day_span(monday, sunday))
    lines = [title, *week_lines(days, with_class=True)]
    keyboard = menus.week_menu(Action.STAFF_WEEK, monday)
    return [Reply("\n".join(lines), keyboard, edit=turn.pressed)]
