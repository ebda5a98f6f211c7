"""The teacher's lesson: the one now (or next), the lessons of a day, and a lesson's card."""

from datetime import date

from handlers.core.io import Reply
from handlers.core.menu import stale
from handlers.core.turn import Turn
from keyboards import staff_menus
from keyboards.actions.staff import Card, Lessons, Now
from services.context import Ctx
from services.lessons.teacher_day import (
    current_lesson,
    earliest_open_day,
    lesson_sheet,
    writable_lessons,
)
from services.people.actor import Actor
from services.staff_views import LessonSheet, TeacherLesson
from texts import formatting, staff_formatting, staff_phrases


def card_text(sheet: LessonSheet) -> str:
    lesson = sheet.lesson
    lines = [staff_formatting.lesson_title(lesson), staff_formatting.lesson_when(lesson), ""]
    topic = (
        staff_phrases.TOPIC_LINE.format(topic=lesson.topic)
        if lesson.has_topic
        else staff_phrases.TOPIC_NONE
    )
    lines.append(topic)
    if lesson.roll_call_done:
        lines.append(
            staff_phrases.ROLL_DONE.format(
                counts=staff_formatting.counts(p.status for p in sheet.pupils)
            )
        )
    else:
        lines.append(staff_phrases.ROLL_NOT_DONE)
    if lesson.marks_allowed:
        lines.append(staff_formatting.homework_line(lesson.homework))
    marked = [
        f"{staff_formatting.short(p.full_name)} {staff_formatting.marks_text(p.marks)}"
        for p in sheet.pupils
        if p.marks
    ]
    if marked:
        lines.append(staff_phrases.MARKS_LINE.format(marks="; ".join(marked)))
    notes = []
    if lesson.late_entry and sheet.can_write:
        notes.append(staff_phrases.LATE_ENTRY)
    if not lesson.started and lesson.starts_at is not None:
        notes.append(staff_phrases.NOT_STARTED.format(time=formatting.clock(lesson.starts_at)))
    if not sheet.can_write:
        notes.append(staff_phrases.NOT_YOURS)
    elif lesson.started and sheet.marks_note:
        notes.append(sheet.marks_note)
    return "\n".join(lines + (["", *notes] if notes else []))


def card_reply(sheet: LessonSheet, note: str = "", *, edit: bool = False) -> Reply:
    text = card_text(sheet)
    if note:
        text = f"{note}\n\n{text}"
    return Reply(text, staff_menus.card_menu(sheet), edit=edit)


async def _sheet_of_now(ctx: Ctx, actor: Actor) -> LessonSheet | None:
    lesson = await current_lesson(ctx, actor)
    return None if lesson is None else await lesson_sheet(ctx, actor, lesson.id)


async def now(turn: Turn, press: Now) -> list[Reply]:
    sheet = await turn.run(_sheet_of_now)
    if sheet is None:
        return await day_lessons(turn, Lessons(), note=staff_phrases.NO_LESSON_NOW)
    return [card_reply(sheet)]


def _lesson_lines(lesson: TeacherLesson) -> list[str]:
    when = ""
    if lesson.starts_at and lesson.ends_at:
        when = f" {formatting.clock(lesson.starts_at)}–{formatting.clock(lesson.ends_at)}"
    line = f"{lesson.number}.{when} {lesson.class_title} {staff_formatting.lesson_subject(lesson)}"
    if lesson.room:
        line += f", каб. {lesson.room}"
    if lesson.is_substitution:
        line += " (замена)"
    flags = [("перекличка", lesson.roll_call_done), ("тема", lesson.has_topic)]
    if lesson.marks_allowed:
        flags.append(("задание", lesson.has_homework))
    return [line, "   " + " · ".join(f"{'✓' if done else '✗'} {what}" for what, done in flags)]


async def _open_lessons(ctx: Ctx, actor: Actor, on: date) -> tuple[list[TeacherLesson], date]:
    return await writable_lessons(ctx, actor, on), await earliest_open_day(ctx, actor)


async def day_lessons(turn: Turn, press: Lessons, note: str = "") -> list[Reply]:
    today = turn.viewer.today
    on = press.day or today
    if not turn.viewer.sane(on):
        return await stale(turn)
    lessons, earliest = await turn.run(_open_lessons, on)
    lines = [note, ""] if note else []
    lines.append(staff_phrases.LESSONS_TITLE.format(when=formatting.day(on)))
    if any(x.late_entry for x in lessons):
        lines.append(staff_phrases.LATE_ENTRY)
    for lesson in lessons:
        lines += _lesson_lines(lesson)
    lines += ["", staff_phrases.LESSONS_HINT] if lessons else [staff_phrases.LESSONS_NONE]
    keyboard = staff_menus.lessons_menu(
        [(x.id, staff_formatting.lesson_label(x)) for x in lessons], on, today, earliest
    )
    # Paging from day to day replaces the list instead of piling up messages.
    return [Reply("\n".join(lines), keyboard, edit=turn.pressed and press.day is not None)]


async def card(turn: Turn, press: Card) -> list[Reply]:
    turn.clear_state()
    sheet = await turn.run(lesson_sheet, press.lesson)
    return [card_reply(sheet, edit=turn.pressed)]
