"""The deputy's schedule changes (001 §4.6, 004 §7): day → class → lesson → cancel it, hand it
to a substitute teacher or move it to another room. schedule_changes checks who may, clashes
and records; the families hear of it through the outbox."""

from datetime import date, timedelta

from db.enums import LessonStatus
from handlers.core.io import Reply
from handlers.core.menu import stale
from handlers.core.turn import Turn
from handlers.staff import states
from keyboards import staff_menus
from keyboards.menus import to_menu
from keyboards.model import Keyboard
from keyboards.payloads import Action, Payload
from services.errors import JournalError
from services.people.actor import Role
from services.people.staff_directory import (
    SCHEDULER_ONLY,
    class_lessons,
    school_classes,
    school_teachers,
)
from services.schedule.changes import cancel_lesson, change_room, substitute_teacher
from services.views import LessonView
from texts import formatting, phrases, staff_phrases

DAYS_AHEAD = 7
SUNDAY = 6


async def pick_day(turn: Turn, payload: Payload) -> list[Reply]:
    if not turn.actor.has(Role.DEPUTY, Role.ADMIN):
        # Said at once; the services refuse the changes themselves all the same.
        return [Reply(SCHEDULER_ONLY, Keyboard.of([to_menu()]))]
    today = turn.viewer.today
    if payload.day is None:
        days = [
            today + timedelta(n)
            for n in range(DAYS_AHEAD)
            if (today + timedelta(n)).weekday() != SUNDAY
        ]
        picks = [staff_menus.button(formatting.day(d), Action.CHANGE_DAY, day=d) for d in days]
        return [
            Reply(
                staff_phrases.CHANGE_PICK_DAY,
                Keyboard.of(*staff_menus.rows_of(picks, 2), [to_menu()]),
            )
        ]
    if not turn.viewer.sane(payload.day):
        return await stale(turn)
    on = payload.day
    classes = await turn.run(school_classes)
    picks = [staff_menus.button(c.title, Action.CHANGE_CLASS, item=c.id, day=on) for c in classes]
    fit = staff_menus.layout(turn.platform, reserved=2, per_row=3)
    rows, _, _ = staff_menus.paged(
        picks,
        payload.value or 1,
        fit,
        lambda label, to: staff_menus.button(label, Action.CHANGE_DAY, day=on, value=to),
    )
    back = staff_menus.button(staff_phrases.BACK, Action.CHANGE_DAY)
    text = staff_phrases.CHANGE_PICK_CLASS.format(when=formatting.day_long(on))
    return [Reply(text, Keyboard.of(*rows, [back, to_menu()]), edit=turn.pressed)]


async def _lessons_reply(turn: Turn, class_id: int, on: date, note: str = "") -> list[Reply]:
    lessons = await turn.run(class_lessons, class_id, on)
    await turn.set_state(states.CHANGE, {"class": class_id, "day": on.toordinal()})
    title = next((x.class_title for x in lessons), "")
    lines = [note, ""] if note else []
    lines.append(staff_phrases.CHANGE_PICK_LESSON.format(klass=title, when=formatting.day(on)))
    lines += [formatting.lesson_line(x) for x in lessons] or [staff_phrases.CHANGE_NO_LESSONS]
    picks = [
        staff_menus.button(
            f"{x.number}. {x.subject}" + (f" ({x.subgroup})" if x.subgroup else ""),
            Action.CHANGE_LESSON,
            item=x.id,
        )
        for x in lessons
        if x.status != LessonStatus.CANCELLED
    ]
    back = staff_menus.button(staff_phrases.BACK, Action.CHANGE_DAY, day=on)
    keyboard = Keyboard.of(*staff_menus.rows_of(picks, 2), [back, to_menu()])
    return [Reply("\n".join(lines), keyboard, edit=turn.pressed)]


async def pick_class(turn: Turn, payload: Payload) -> list[Reply]:
    if payload.item is None or payload.day is None or not turn.viewer.sane(payload.day):
        return await stale(turn)
    return await _lessons_reply(turn, payload.item, payload.day)


async def _chosen(turn: Turn, lesson_id: int | None) -> tuple[int, date, LessonView] | None:
    """The lesson among its class's lessons of the day this chat is looking at."""
    state, data = turn.state
    class_id, day = states.data_int(data, "class"), states.data_int(data, "day")
    if state not in (states.CHANGE, states.ROOM) or class_id is None or day is None:
        return None
    on = date.fromordinal(day)
    lessons = await turn.run(class_lessons, class_id, on)
    lesson = next((x for x in lessons if x.id == lesson_id), None)
    return None if lesson is None else (class_id, on, lesson)


async def pick_lesson(turn: Turn, payload: Payload) -> list[Reply]:
    chosen = await _chosen(turn, payload.item)
    if chosen is None:
        return await stale(turn)
    class_id, on, lesson = chosen
    await turn.set_state(states.CHANGE, {"class": class_id, "day": on.toordinal()})
    keyboard = Keyboard.of(
        [staff_menus.button(staff_phrases.CHANGE_CANCEL, Action.CHANGE_CANCEL, item=lesson.id)],
        [
            staff_menus.button(
                staff_phrases.CHANGE_SUBSTITUTE, Action.CHANGE_TEACHERS, item=lesson.id
            )
        ],
        [staff_menus.button(staff_phrases.CHANGE_ROOM, Action.CHANGE_ROOM, item=lesson.id)],
        [
            staff_menus.button(staff_phrases.BACK, Action.CHANGE_CLASS, item=class_id, day=on),
            to_menu(),
        ],
    )
    text = staff_phrases.CHANGE_LESSON.format(
        line=f"{formatting.day(on)}, {formatting.lesson_line(lesson)}"
    )
    return [Reply(text, keyboard, edit=turn.pressed)]


async def ask_cancel(turn: Turn, payload: Payload) -> list[Reply]:
    chosen = await _chosen(turn, payload.item)
    if chosen is None:
        return await stale(turn)
    _, on, lesson = chosen
    keyboard = Keyboard.of(
        [
            staff_menus.button(
                staff_phrases.CHANGE_CANCEL_YES, Action.CHANGE_CANCEL_YES, item=lesson.id
            ),
            staff_menus.button(phrases.CANCEL, Action.CHANGE_LESSON, item=lesson.id),
        ]
    )
    line = f"{formatting.day(on)}, {formatting.lesson_line(lesson)}"
    return [Reply(staff_phrases.CHANGE_CANCEL_ASK.format(line=line), keyboard, edit=turn.pressed)]


async def cancel(turn: Turn, payload: Payload) -> list[Reply]:
    chosen = await _chosen(turn, payload.item)
    if chosen is None:
        return await stale(turn)
    class_id, on, lesson = chosen
    await turn.run(cancel_lesson, lesson.id)
    note = staff_phrases.CHANGE_DONE.format(what=staff_phrases.CHANGE_CANCELLED)
    return await _lessons_reply(turn, class_id, on, note)


async def teachers(turn: Turn, payload: Payload) -> list[Reply]:
    chosen = await _chosen(turn, payload.item)
    if chosen is None:
        return await stale(turn)
    _, on, lesson = chosen
    people = await turn.run(school_teachers)
    picks = [
        staff_menus.button(p.short_name, Action.CHANGE_SUBSTITUTE, item=lesson.id, value=p.id)
        for p in people
    ]
    rows, _, _ = staff_menus.paged(
        picks,
        payload.value or 1,
        staff_menus.layout(turn.platform, reserved=1),
        lambda label, to: staff_menus.button(
            label, Action.CHANGE_TEACHERS, item=lesson.id, value=to
        ),
    )
    back = staff_menus.button(phrases.CANCEL, Action.CHANGE_LESSON, item=lesson.id)
    line = f"{formatting.day(on)}, {formatting.lesson_line(lesson)}"
    text = staff_phrases.CHANGE_PICK_TEACHER.format(line=line)
    return [Reply(text, Keyboard.of(*rows, [back]), edit=turn.pressed)]


async def substitute(turn: Turn, payload: Payload) -> list[Reply]:
    chosen = await _chosen(turn, payload.item)
    if chosen is None or payload.value is None:
        return await stale(turn)
    class_id, on, lesson = chosen
    await turn.run(substitute_teacher, lesson.id, payload.value)
    names = {p.id: p.short_name for p in await turn.run(school_teachers)}
    what = staff_phrases.CHANGE_SUBSTITUTED.format(teacher=names.get(payload.value, ""))
    return await _lessons_reply(turn, class_id, on, staff_phrases.CHANGE_DONE.format(what=what))


async def ask_room(turn: Turn, payload: Payload) -> list[Reply]:
    chosen = await _chosen(turn, payload.item)
    if chosen is None:
        return await stale(turn)
    class_id, on, lesson = chosen
    data = {"class": class_id, "day": on.toordinal(), "lesson": lesson.id}
    await turn.set_state(states.ROOM, data)
    back = staff_menus.button(phrases.CANCEL, Action.CHANGE_LESSON, item=lesson.id)
    line = f"{formatting.day(on)}, {formatting.lesson_line(lesson)}"
    return [
        Reply(
            staff_phrases.CHANGE_ROOM_ASK.format(line=line), Keyboard.of([back]), edit=turn.pressed
        )
    ]


async def typed_room(turn: Turn, text: str) -> list[Reply]:
    chosen = await _chosen(turn, states.data_int(turn.state[1], "lesson"))
    if chosen is None:
        return await stale(turn)
    class_id, on, lesson = chosen
    try:
        await turn.run(change_room, lesson.id, text)
    except JournalError as refused:
        back = staff_menus.button(phrases.CANCEL, Action.CHANGE_LESSON, item=lesson.id)
        return [Reply(f"{refused.message}\n{staff_phrases.CHANGE_ROOM_AGAIN}", Keyboard.of([back]))]
    what = staff_phrases.CHANGE_ROOM_DONE.format(room=text.strip())
    return await _lessons_reply(turn, class_id, on, staff_phrases.CHANGE_DONE.format(what=what))
