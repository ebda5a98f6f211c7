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
from keyboards.actions.staff import (
    ChangeCancel,
    ChangeCancelYes,
    ChangeClass,
    ChangeDay,
    ChangeLesson,
    ChangeMove,
    ChangeMoveDay,
    ChangeMoveTo,
    ChangeRestore,
    ChangeRoom,
    ChangeSubstitute,
    ChangeTeachers,
    LongSub,
)
from keyboards.menus import button, to_menu
from keyboards.model import Keyboard
from services.errors import JournalError
from services.people.actor import Role
from services.people.staff_directory import (
    SCHEDULER_ONLY,
    class_lessons,
    school_classes,
)
from services.schedule.changes import (
    cancel_lesson,
    change_room,
    move_lesson,
    restore_lesson,
    substitute_teacher,
)
from services.schedule.substitutes import lesson_slots, substitute_candidates
from services.views import LessonView
from texts import formatting, phrases, staff_phrases

DAYS_AHEAD = 7
SUNDAY = 6


async def pick_day(turn: Turn, press: ChangeDay) -> list[Reply]:
    if not turn.actor.has(Role.DEPUTY, Role.ADMIN):
        # Said at once; the services refuse the changes themselves all the same.
        return [Reply(SCHEDULER_ONLY, Keyboard.of([to_menu()]))]
    today = turn.viewer.today
    if press.day is None:
        days = [
            today + timedelta(n)
            for n in range(DAYS_AHEAD)
            if (today + timedelta(n)).weekday() != SUNDAY
        ]
        picks = [button(formatting.day(d), ChangeDay(day=d)) for d in days]
        return [
            Reply(
                staff_phrases.CHANGE_PICK_DAY,
                Keyboard.of(
                    *staff_menus.rows_of(picks, 2),
                    [button(staff_phrases.LONG_SUB, LongSub())],
                    [to_menu()],
                ),
            )
        ]
    if not turn.viewer.sane(press.day):
        return await stale(turn)
    on = press.day
    classes = await turn.run(school_classes)
    picks = [button(c.title, ChangeClass(class_id=c.id, day=on)) for c in classes]
    fit = staff_menus.layout(turn.platform, reserved=2, per_row=3)
    rows, _, _ = staff_menus.paged(
        picks, press.page, fit, lambda label, to: button(label, ChangeDay(day=on, page=to))
    )
    back = button(staff_phrases.BACK, ChangeDay())
    text = staff_phrases.CHANGE_PICK_CLASS.format(when=formatting.day_long(on))
    return [Reply(text, Keyboard.of(*rows, [back, to_menu()]), edit=turn.pressed)]


def _label(lesson: LessonView) -> str:
    label = f"{lesson.number}. {lesson.subject}" + (
        f" ({lesson.subgroup})" if lesson.subgroup else ""
    )
    if lesson.status == LessonStatus.CANCELLED:
        return staff_phrases.CHANGE_CANCELLED_LABEL.format(label=label)
    return label


def _line(on: date, lesson: LessonView) -> str:
    return f"{formatting.day(on)}, {formatting.lesson_line(lesson)}"


async def _lessons_reply(turn: Turn, class_id: int, on: date, note: str = "") -> list[Reply]:
    lessons = await turn.run(class_lessons, class_id, on)
    turn.set_state(states.ScheduleChange(class_id=class_id, day=on))
    title = next((x.class_title for x in lessons), "")
    lines = [note, ""] if note else []
    lines.append(staff_phrases.CHANGE_PICK_LESSON.format(klass=title, when=formatting.day(on)))
    lines += [formatting.lesson_line(x) for x in lessons] or [staff_phrases.CHANGE_NO_LESSONS]
    picks = [button(_label(x), ChangeLesson(lesson=x.id)) for x in lessons]
    back = button(staff_phrases.BACK, ChangeDay(day=on))
    keyboard = Keyboard.of(*staff_menus.rows_of(picks, 2), [back, to_menu()])
    return [Reply("\n".join(lines), keyboard, edit=turn.pressed)]


async def pick_class(turn: Turn, press: ChangeClass) -> list[Reply]:
    if not turn.viewer.sane(press.day):
        return await stale(turn)
    return await _lessons_reply(turn, press.class_id, press.day)


async def _chosen(turn: Turn, lesson_id: int) -> tuple[int, date, LessonView] | None:
    """The lesson among its class's lessons of the day this chat is looking at."""
    looking = turn.state
    if not isinstance(looking, states.ScheduleChange | states.AwaitingRoom):
        return None
    lessons = await turn.run(class_lessons, looking.class_id, looking.day)
    lesson = next((x for x in lessons if x.id == lesson_id), None)
    return None if lesson is None else (looking.class_id, looking.day, lesson)


async def pick_lesson(turn: Turn, press: ChangeLesson) -> list[Reply]:
    chosen = await _chosen(turn, press.lesson)
    if chosen is None:
        return await stale(turn)
    class_id, on, lesson = chosen
    turn.set_state(states.ScheduleChange(class_id=class_id, day=on))
    back = [button(staff_phrases.BACK, ChangeClass(class_id=class_id, day=on)), to_menu()]
    if lesson.status == LessonStatus.CANCELLED:
        restore = [button(staff_phrases.CHANGE_RESTORE, ChangeRestore(lesson=lesson.id))]
        text = staff_phrases.CHANGE_CANCELLED_LESSON.format(line=_line(on, lesson))
        return [Reply(text, Keyboard.of(restore, back), edit=turn.pressed)]
    keyboard = Keyboard.of(
        [button(staff_phrases.CHANGE_CANCEL, ChangeCancel(lesson=lesson.id))],
        [button(staff_phrases.CHANGE_SUBSTITUTE, ChangeTeachers(lesson=lesson.id))],
        [button(staff_phrases.CHANGE_MOVE, ChangeMove(lesson=lesson.id))],
        [button(staff_phrases.CHANGE_ROOM, ChangeRoom(lesson=lesson.id))],
        back,
    )
    text = staff_phrases.CHANGE_LESSON.format(line=_line(on, lesson))
    return [Reply(text, keyboard, edit=turn.pressed)]


async def restore(turn: Turn, press: ChangeRestore) -> list[Reply]:
    chosen = await _chosen(turn, press.lesson)
    if chosen is None:
        return await stale(turn)
    class_id, on, lesson = chosen
    await turn.run(restore_lesson, lesson.id)
    note = staff_phrases.CHANGE_DONE.format(what=staff_phrases.CHANGE_RESTORED)
    return await _lessons_reply(turn, class_id, on, note)


async def ask_cancel(turn: Turn, press: ChangeCancel) -> list[Reply]:
    chosen = await _chosen(turn, press.lesson)
    if chosen is None:
        return await stale(turn)
    _, on, lesson = chosen
    keyboard = Keyboard.of(
        [
            button(staff_phrases.CHANGE_CANCEL_YES, ChangeCancelYes(lesson=lesson.id)),
            button(phrases.CANCEL, ChangeLesson(lesson=lesson.id)),
        ]
    )
    line = f"{formatting.day(on)}, {formatting.lesson_line(lesson)}"
    return [Reply(staff_phrases.CHANGE_CANCEL_ASK.format(line=line), keyboard, edit=turn.pressed)]


async def cancel(turn: Turn, press: ChangeCancelYes) -> list[Reply]:
    chosen = await _chosen(turn, press.lesson)
    if chosen is None:
        return await stale(turn)
    class_id, on, lesson = chosen
    await turn.run(cancel_lesson, lesson.id)
    note = staff_phrases.CHANGE_DONE.format(what=staff_phrases.CHANGE_CANCELLED)
    return await _lessons_reply(turn, class_id, on, note)


async def teachers(turn: Turn, press: ChangeTeachers) -> list[Reply]:
    chosen = await _chosen(turn, press.lesson)
    if chosen is None:
        return await stale(turn)
    _, on, lesson = chosen
    return await _teachers_reply(turn, on, lesson, press.page)


async def _teachers_reply(
    turn: Turn, on: date, lesson: LessonView, page: int = 1, note: str = ""
) -> list[Reply]:
    """Who may take the lesson: free teachers of its subject first, the busy ones last."""
    people = await turn.run(substitute_candidates, lesson.id)
    picks = []
    for p in people:
        if p.is_acting:
            continue
        label = " · ".join([p.short_name, *p.subjects[:2]])
        if p.busy:
            label = staff_phrases.CHANGE_BUSY.format(name=label)
        picks.append(button(label, ChangeSubstitute(lesson=lesson.id, teacher=p.id)))
    rows, _, _ = staff_menus.paged(
        picks,
        page,
        staff_menus.layout(turn.platform, reserved=1, per_row=1),
        lambda label, to: button(label, ChangeTeachers(lesson=lesson.id, page=to)),
    )
    back = button(phrases.CANCEL, ChangeLesson(lesson=lesson.id))
    lines = [note, ""] if note else []
    lines += [
        staff_phrases.CHANGE_PICK_TEACHER.format(line=_line(on, lesson)),
        staff_phrases.CHANGE_TEACHERS_HINT,
    ]
    return [Reply("\n".join(lines), Keyboard.of(*rows, [back]), edit=turn.pressed)]


async def substitute(turn: Turn, press: ChangeSubstitute) -> list[Reply]:
    chosen = await _chosen(turn, press.lesson)
    if chosen is None:
        return await stale(turn)
    class_id, on, lesson = chosen
    try:
        await turn.run(substitute_teacher, lesson.id, press.teacher)
    except JournalError as refused:
        # A busy teacher, say: back to the list, not to the main menu.
        return await _teachers_reply(turn, on, lesson, note=refused.message)
    names = {p.id: p.short_name for p in await turn.run(substitute_candidates, lesson.id)}
    what = staff_phrases.CHANGE_SUBSTITUTED.format(teacher=names.get(press.teacher, ""))
    done = staff_phrases.CHANGE_SUBSTITUTE_DONE.format(what=what)
    return await _lessons_reply(turn, class_id, on, done)


async def ask_room(turn: Turn, press: ChangeRoom) -> list[Reply]:
    chosen = await _chosen(turn, press.lesson)
    if chosen is None:
        return await stale(turn)
    class_id, on, lesson = chosen
    turn.set_state(states.AwaitingRoom(class_id=class_id, day=on, lesson=lesson.id))
    back = button(phrases.CANCEL, ChangeLesson(lesson=lesson.id))
    line = f"{formatting.day(on)}, {formatting.lesson_line(lesson)}"
    return [
        Reply(
            staff_phrases.CHANGE_ROOM_ASK.format(line=line), Keyboard.of([back]), edit=turn.pressed
        )
    ]


async def typed_room(turn: Turn, text: str) -> list[Reply]:
    asked = turn.state_as(states.AwaitingRoom)
    chosen = None if asked is None else await _chosen(turn, asked.lesson)
    if chosen is None:
        return await stale(turn)
    class_id, on, lesson = chosen
    try:
        await turn.run(change_room, lesson.id, text)
    except JournalError as refused:
        back = button(phrases.CANCEL, ChangeLesson(lesson=lesson.id))
        return [Reply(f"{refused.message}\n{staff_phrases.CHANGE_ROOM_AGAIN}", Keyboard.of([back]))]
    what = staff_phrases.CHANGE_ROOM_DONE.format(room=text.strip())
    return await _lessons_reply(turn, class_id, on, staff_phrases.CHANGE_DONE.format(what=what))


async def move_days(turn: Turn, press: ChangeMove) -> list[Reply]:
    chosen = await _chosen(turn, press.lesson)
    if chosen is None:
        return await stale(turn)
    _, on, lesson = chosen
    today = turn.viewer.today
    days = [today + timedelta(n) for n in range(2 * DAYS_AHEAD)]
    picks = [
        button(formatting.day(d), ChangeMoveDay(lesson=lesson.id, day=d))
        for d in days
        if d.weekday() != SUNDAY
    ]
    back = button(phrases.CANCEL, ChangeLesson(lesson=lesson.id))
    text = staff_phrases.CHANGE_MOVE_DAY.format(line=_line(on, lesson))
    return [Reply(text, Keyboard.of(*staff_menus.rows_of(picks, 3), [back]), edit=turn.pressed)]


async def _slots_reply(turn: Turn, on: date, lesson: LessonView, to: date, note: str = "") -> Reply:
    slots = await turn.run(lesson_slots, lesson.id)
    picks = [
        button(
            f"{s.number}. {formatting.clock(s.starts_at)}",
            ChangeMoveTo(lesson=lesson.id, day=to, number=s.number),
        )
        for s in slots
    ]
    back = button(staff_phrases.BACK, ChangeMove(lesson=lesson.id))
    lines = [note, ""] if note else []
    lines.append(
        staff_phrases.CHANGE_MOVE_NUMBER.format(when=formatting.day(to), line=_line(on, lesson))
    )
    return Reply(
        "\n".join(lines), Keyboard.of(*staff_menus.rows_of(picks, 3), [back]), edit=turn.pressed
    )


async def move_day(turn: Turn, press: ChangeMoveDay) -> list[Reply]:
    chosen = await _chosen(turn, press.lesson)
    if chosen is None or not turn.viewer.sane(press.day):
        return await stale(turn)
    _, on, lesson = chosen
    return [await _slots_reply(turn, on, lesson, press.day)]


async def move_to(turn: Turn, press: ChangeMoveTo) -> list[Reply]:
    chosen = await _chosen(turn, press.lesson)
    if chosen is None or not turn.viewer.sane(press.day):
        return await stale(turn)
    class_id, on, lesson = chosen
    try:
        await turn.run(move_lesson, lesson.id, press.day, press.number)
    except JournalError as refused:
        return [await _slots_reply(turn, on, lesson, press.day, refused.message)]
    what = staff_phrases.CHANGE_MOVED.format(when=formatting.day(press.day), number=press.number)
    return await _lessons_reply(turn, class_id, on, staff_phrases.CHANGE_DONE.format(what=what))
