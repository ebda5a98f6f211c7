"""The staff's main menu (by role) and their own timetable of a day or a week."""

from datetime import timedelta

from handlers.core.io import Reply
from handlers.core.menu import staff_archives, staff_menu_text, stale
from handlers.core.turn import Turn
from handlers.family.schedule import day_lines, monday_of, school_week, week_lines
from keyboards import menus, staff_menus
from keyboards.actions.staff import StaffDay, StaffHome, StaffWeek
from services.schedule.reading import teacher_schedule
from texts import formatting, phrases


def home_reply(turn: Turn, note: str = "", *, edit: bool = False) -> Reply:
    lead = f"{note}\n\n" if note else ""
    keyboard = staff_menus.staff_menu(turn.actor, staff_archives(turn.viewer))
    return Reply(lead + staff_menu_text(turn.viewer), keyboard, edit=edit)


async def home(turn: Turn, press: StaffHome) -> list[Reply]:
    """The staff menu, also for staff whose main menu is a parent's."""
    if not turn.actor.is_staff:
        return await stale(turn)
    turn.clear_state()
    return [home_reply(turn)]


async def my_day(turn: Turn, press: StaffDay) -> list[Reply]:
    on = press.day or turn.viewer.today
    if not turn.viewer.sane(on):
        return await stale(turn)
    (day,) = await turn.run(teacher_schedule, on, on)
    title = phrases.MY_SCHEDULE_TITLE.format(when=formatting.day(on))
    return [Reply("\n".join([title, "", *day_lines(day, with_class=True)]), menus.staff_day_menu())]


async def my_week(turn: Turn, press: StaffWeek) -> list[Reply]:
    monday = monday_of(press.day) if press.day else school_week(turn.local_now())
    if not turn.viewer.sane(monday):
        return await stale(turn)
    sunday = monday + timedelta(days=6)
    days = await turn.run(teacher_schedule, monday, sunday)
    title = phrases.MY_WEEK_TITLE.format(span=formatting.day_span(monday, sunday))
    lines = [title, *week_lines(days, with_class=True)]
    keyboard = menus.staff_week_menu(monday)
    return [Reply("\n".join(lines), keyboard, edit=turn.pressed)]
