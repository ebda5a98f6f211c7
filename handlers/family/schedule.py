"""The schedule of a day or a week with its changes, paged by week, and one lesson's details."""

from datetime import date, timedelta

from handlers.core import states
from handlers.core.io import Reply
from handlers.core.menu import for_pupil, stale
from handlers.core.turn import Turn
from keyboards import menus
from keyboards.payloads import Action, Payload
from services.schedule.reading import pupil_schedule
from services.views import DaySchedule, PupilBrief
from texts import formatting, phrases

SATURDAY, SUNDAY = 5, 6


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def school_week(today: date) -> date:
    """This week's Monday; at the weekend, the coming week's."""
    monday = monday_of(today)
    return monday + timedelta(days=7) if today.weekday() >= SATURDAY else monday


def day_lines(day: DaySchedule, *, with_class: bool = False) -> list[str]:
    lines = [phrases.HOLIDAY.format(name=day.holiday)] if day.holiday else []
    lines += [formatting.lesson_line(lesson, with_class=with_class) for lesson in day.lessons]
    return lines or [phrases.NO_LESSONS]


def week_lines(days: list[DaySchedule], *, with_class: bool = False) -> list[str]:
    lines: list[str] = []
    for day in days:
        if day.date.weekday() == SUNDAY and not day.lessons:
            continue
        lines += ["", formatting.day(day.date), *day_lines(day, with_class=with_class)]
    return lines


@for_pupil
async def show_day(turn: Turn, payload: Payload, pupil: PupilBrief) -> list[Reply]:
    today = turn.viewer.today
    on = payload.day or today
    if not turn.viewer.sane(on):
        return await stale(turn)
    (day,) = await turn.run(pupil_schedule, pupil.id, on, on)
    title = phrases.SCHEDULE_DAY_TITLE.format(
        when=formatting.day(on), whose=formatting.whose(pupil)
    )
    opens = [(lesson.id, f"{lesson.number}. {lesson.subject}") for lesson in day.lessons]
    keyboard = menus.schedule_day_menu(pupil.id, today, on, opens)
    return [Reply("\n".join([title, "", *day_lines(day)]), keyboard)]


@for_pupil
async def show_week(turn: Turn, payload: Payload, pupil: PupilBrief) -> list[Reply]:
    monday = monday_of(payload.day) if payload.day else school_week(turn.viewer.today)
    if not turn.viewer.sane(monday):
        return await stale(turn)
    sunday = monday + timedelta(days=6)
    days = await turn.run(pupil_schedule, pupil.id, monday, sunday)
    span = formatting.day_span(monday, sunday)
    title = phrases.SCHEDULE_WEEK_TITLE.format(span=span, whose=formatting.whose(pupil))
    await turn.set_state(states.SCHEDULE_WEEK, {"pupil": pupil.id, "week": monday.toordinal()})
    keyboard = menus.week_menu(Action.SCHEDULE_WEEK, monday, pupil.id)
    # Paging replaces the week shown instead of piling up messages.
    return [Reply("\n".join([title, *week_lines(days)]), keyboard, edit=turn.pressed)]


@for_pupil
async def show_lesson(turn: Turn, payload: Payload, pupil: PupilBrief) -> list[Reply]:
    on = payload.day
    if on is None or not turn.viewer.sane(on):
        return await stale(turn)
    (day,) = await turn.run(pupil_schedule, pupil.id, on, on)
    lesson = next((lesson for lesson in day.lessons if lesson.id == payload.item), None)
    if lesson is None:
        shown = await show_day(turn, Payload(Action.SCHEDULE_DAY, pupil=pupil.id, day=on))
        return [Reply(phrases.LESSON_GONE), *shown]
    lines = [f"{formatting.day(on)} · {formatting.whose(pupil)}", formatting.lesson_line(lesson)]
    lines.append(phrases.LESSON_TEACHER.format(teacher=lesson.substitute_teacher or lesson.teacher))
    if lesson.topic:
        lines.append(phrases.LESSON_TOPIC.format(topic=lesson.topic))
    keyboard = menus.schedule_day_menu(pupil.id, turn.viewer.today, on, [])
    return [Reply("\n".join(lines), keyboard)]


async def page_by_text(turn: Turn, step: int) -> list[Reply]:
    """◀ or ▶ typed instead of pressed: page from the week this chat saw last."""
    state, data = turn.state
    week, pupil = data.get("week"), data.get("pupil")
    if state != states.SCHEDULE_WEEK or not isinstance(week, int) or not isinstance(pupil, int):
        return await show_week(turn, Payload(Action.SCHEDULE_WEEK))
    monday = date.fromordinal(week) + timedelta(days=7 * step)
    return await show_week(turn, Payload(Action.SCHEDULE_WEEK, pupil=pupil, day=monday))
