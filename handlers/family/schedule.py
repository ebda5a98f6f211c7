"""The schedule of a day or a week with its changes, paged by week, and one lesson's details."""

from datetime import date, datetime, time, timedelta

from handlers.core.io import Reply
from handlers.core.menu import for_pupil, stale
from handlers.core.states import WeekShown
from handlers.core.turn import Turn
from keyboards import menus
from keyboards.actions.family import ScheduleDay, ScheduleLesson, ScheduleWeek
from services.schedule.reading import pupil_schedule
from services.views import DaySchedule, PupilBrief
from texts import formatting, phrases

SATURDAY, SUNDAY = 5, 6
NOON = time(12, 0)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def school_week(now: datetime) -> date:
    """This week's Monday; from Saturday afternoon on (Saturday's lessons are over), the
    coming week's. The "Неделя" button and the typed "Неделя" both follow it."""
    today = now.date()
    monday = monday_of(today)
    weekend = today.weekday() == SUNDAY or (today.weekday() == SATURDAY and now.time() >= NOON)
    return monday + timedelta(days=7) if weekend else monday


def day_lines(day: DaySchedule, *, with_class: bool = False) -> list[str]:
    lines = []
    if day.holiday and day.holiday_grades:
        grades = formatting.grades_of(day.holiday_grades)
        lines.append(phrases.HOLIDAY_OF_GRADES.format(grades=grades, name=day.holiday))
    elif day.holiday:
        lines.append(phrases.HOLIDAY.format(name=day.holiday))
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
async def show_day(turn: Turn, press: ScheduleDay, pupil: PupilBrief) -> list[Reply]:
    today = turn.viewer.today
    on = press.day or today
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
async def show_week(turn: Turn, press: ScheduleWeek, pupil: PupilBrief) -> list[Reply]:
    monday = monday_of(press.day) if press.day else school_week(turn.local_now())
    if not turn.viewer.sane(monday):
        return await stale(turn)
    sunday = monday + timedelta(days=6)
    days = await turn.run(pupil_schedule, pupil.id, monday, sunday)
    span = formatting.day_span(monday, sunday)
    title = phrases.SCHEDULE_WEEK_TITLE.format(span=span, whose=formatting.whose(pupil))
    turn.set_state(WeekShown(pupil=pupil.id, monday=monday))
    keyboard = menus.schedule_week_menu(monday, pupil.id)
    # Paging replaces the week shown instead of piling up messages.
    return [Reply("\n".join([title, *week_lines(days)]), keyboard, edit=turn.pressed)]


@for_pupil
async def show_lesson(turn: Turn, press: ScheduleLesson, pupil: PupilBrief) -> list[Reply]:
    on = press.day
    if not turn.viewer.sane(on):
        return await stale(turn)
    (day,) = await turn.run(pupil_schedule, pupil.id, on, on)
    lesson = next((lesson for lesson in day.lessons if lesson.id == press.lesson), None)
    if lesson is None:
        shown = await show_day(turn, ScheduleDay(pupil=pupil.id, day=on))
        return [Reply(phrases.LESSON_GONE), *shown]
    lines = [f"{formatting.day(on)} · {formatting.whose(pupil)}", formatting.lesson_line(lesson)]
    lines.append(phrases.LESSON_TEACHER.format(teacher=lesson.substitute_teacher or lesson.teacher))
    if lesson.topic:
        lines.append(phrases.LESSON_TOPIC.format(topic=lesson.topic))
    keyboard = menus.schedule_day_menu(pupil.id, turn.viewer.today, on, [])
    return [Reply("\n".join(lines), keyboard)]


async def page_by_text(turn: Turn, step: int) -> list[Reply]:
    """◀ or ▶ typed instead of pressed: page from the week this chat saw last."""
    shown = turn.state_as(WeekShown)
    if shown is None:
        return await show_week(turn, ScheduleWeek())
    monday = shown.monday + timedelta(days=7 * step)
    return await show_week(turn, ScheduleWeek(pupil=shown.pupil, day=monday))
