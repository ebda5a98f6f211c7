"""The whole class marked at the pace of the roll call: the work type once, then the mark to put
(5 to begin with) and one tap per pupil on a sheet that fits one message; "Остальным — 4" gives
everyone left the chosen mark. Typed marks ("5 4 н 3 ...", "Иванов 5, Петрова 4") fill the same
sheet, which is the read-back: nothing is saved before "Сохранить".

The marks not saved yet live in the conversation state (handlers.staff.states.ClassMarks);
the lesson's sheet is read (and access checked) again on every tap, and record_class_marks
checks every mark when it is saved."""

from collections import Counter

from db.enums import Platform
from handlers.core.io import Reply
from handlers.core.menu import stale
from handlers.core.turn import Turn
from handlers.staff import class_marks_reading
from handlers.staff.marks import list_reply
from handlers.staff.states import ClassMarks as Draft
from handlers.staff.states import ClassMarksWork as ChoosingWork
from keyboards import staff_menus
from keyboards.actions.class_marks import (
    ClassMarks,
    ClassMarksBrush,
    ClassMarksLeave,
    ClassMarksRest,
    ClassMarksSave,
    ClassMarksTap,
    ClassMarksWork,
)
from keyboards.actions.family import Menu
from keyboards.actions.staff import MarksList
from keyboards.menus import button
from keyboards.model import Button, Keyboard
from keyboards.payloads import Press
from services.context import Ctx
from services.lessons.teacher_day import lesson_sheet, work_types
from services.marks.class_marking import record_class_marks
from services.marks.marking import MARK_VALUES
from services.people.actor import Actor
from services.staff_views import LessonSheet, WorkTypeOption
from texts import class_marks_phrases as say
from texts import phrases, staff_formatting, staff_phrases

VALUES = tuple(sorted(MARK_VALUES, reverse=True))  # 5 first: the brush begins there
CURRENT = "▸"
SAVE_WORDS = frozenset({"сохранить", "сохрани", "готово"})


def work_keyboard(lesson_id: int, kinds: list[WorkTypeOption]) -> Keyboard:
    picks = [button(k.name, ClassMarksWork(lesson=lesson_id, work=k.id)) for k in kinds]
    back = button(phrases.CANCEL, MarksList(lesson=lesson_id))
    return Keyboard.of(*staff_menus.rows_of(picks, 2), [back])


async def _sheet_and_kinds(
    ctx: Ctx, actor: Actor, lesson_id: int
) -> tuple[LessonSheet, list[WorkTypeOption]]:
    return await lesson_sheet(ctx, actor, lesson_id), await work_types(ctx, actor)


async def start(turn: Turn, press: ClassMarks) -> list[Reply]:
    """From the lesson's marks: which work type (a page number turns the sheet's page)."""
    if press.page is not None:
        return await _turn_page(turn, press.lesson, press.page)
    sheet, kinds = await turn.run(_sheet_and_kinds, press.lesson)
    if sheet.marks_note or not any(p.may_mark for p in sheet.pupils):
        return [list_reply(turn, sheet)]
    turn.set_state(ChoosingWork(lesson=sheet.lesson.id))
    text = say.PICK_WORK.format(title=staff_formatting.lesson_title(sheet.lesson))
    return [Reply(text, work_keyboard(sheet.lesson.id, kinds), edit=turn.pressed)]


def _plain(text: str) -> str:
    return " ".join(text.casefold().replace("ё", "е").split())


def work_named(text: str, kinds: list[WorkTypeOption]) -> WorkTypeOption | None:
    """The work type typed by its name, short name or the start of its name ("контрольная")."""
    typed = _plain(text)
    exact = [k for k in kinds if typed in (_plain(k.name), _plain(k.short_name), _plain(k.code))]
    if len(exact) == 1:
        return exact[0]
    begins = [k for k in kinds if len(typed) >= 3 and _plain(k.name).startswith(typed)]
    return begins[0] if len(begins) == 1 else None


async def typed_work(turn: Turn, text: str) -> list[Reply]:
    choosing = turn.state_as(ChoosingWork)
    if choosing is None:
        return await stale(turn)
    sheet, kinds = await turn.run(_sheet_and_kinds, choosing.lesson)
    kind = work_named(text, kinds)
    if kind is None:
        note = say.WORK_UNKNOWN.format(text=text)
        title = say.PICK_WORK.format(title=staff_formatting.lesson_title(sheet.lesson))
        return [Reply(f"{note}\n\n{title}", work_keyboard(sheet.lesson.id, kinds))]
    return await _begin(turn, sheet, kind)


async def pick_work(turn: Turn, press: ClassMarksWork) -> list[Reply]:
    sheet, kinds = await turn.run(_sheet_and_kinds, press.lesson)
    kind = next((k for k in kinds if k.id == press.work), None)
    if kind is None:
        return await stale(turn)
    return await _begin(turn, sheet, kind)


async def _begin(turn: Turn, sheet: LessonSheet, kind: WorkTypeOption) -> list[Reply]:
    if sheet.marks_note:
        return [list_reply(turn, sheet)]
    draft = Draft(lesson=sheet.lesson.id, work=kind.id, brush=VALUES[0], marked={}, page=1)
    return _show(turn, sheet, kind, draft)


def _keyboard(turn: Turn, sheet: LessonSheet, draft: Draft) -> tuple[Keyboard, int, int]:
    lesson = sheet.lesson.id
    pupils = [
        button(
            " ".join([staff_formatting.short(p.full_name), *_mark(draft, p.id)]),
            ClassMarksTap(lesson=lesson, pupil=p.id),
        )
        for p in sheet.pupils
        if p.may_mark
    ]
    vk = turn.platform == Platform.VK
    fit = staff_menus.layout(turn.platform, reserved=3 if vk else 0)
    rows, page, pages = staff_menus.paged(
        pupils, draft.page, fit, lambda label, to: button(label, ClassMarks(lesson=lesson, page=to))
    )
    rest = button(say.REST.format(value=draft.brush), ClassMarksRest(lesson=lesson))
    save = button(say.SAVE, ClassMarksSave(lesson=lesson))
    if vk:
        # Ten buttons a keyboard: one button steps through the marks, 5 ▸ 4 ▸ 3 ▸ 2 ▸ 1.
        following = VALUES[(VALUES.index(draft.brush) + 1) % len(VALUES)]
        label = say.BRUSH_VK.format(value=draft.brush)
        rows.append([button(label, ClassMarksBrush(lesson=lesson, value=following)), rest, save])
    else:
        rows.insert(0, [_brush(lesson, v, v == draft.brush) for v in VALUES])
        rows.append([rest, save])
    if pages == 1:
        rows.append([button(phrases.CANCEL, ClassMarksLeave(lesson=lesson))])
    return Keyboard.of(*rows), page, pages


def _mark(draft: Draft, pupil: int) -> list[str]:
    return [str(draft.marked[pupil])] if pupil in draft.marked else []


def _brush(lesson: int, value: int, current: bool) -> Button:
    return button(
        f"{CURRENT}{value}" if current else str(value), ClassMarksBrush(lesson=lesson, value=value)
    )


def _counts(marked: dict[int, int]) -> str:
    found = Counter(marked.values())
    return ", ".join(f"«{v}» — {found[v]}" for v in VALUES if found[v])


def _show(
    turn: Turn, sheet: LessonSheet, kind: WorkTypeOption, draft: Draft, note: str = ""
) -> list[Reply]:
    keyboard, page, pages = _keyboard(turn, sheet, draft)
    draft = draft.model_copy(update={"page": page})
    turn.set_state(draft)
    lesson = sheet.lesson
    lines = [note, ""] if note else []
    lines.append(
        say.TITLE.format(
            work=kind.name,
            title=staff_formatting.lesson_title(lesson),
            when=staff_formatting.lesson_when(lesson),
        )
    )
    markable = [p for p in sheet.pupils if p.may_mark]
    for n, p in enumerate(markable, 1):
        line = f"{n}. {staff_formatting.short(p.full_name)}"
        if p.id in draft.marked:
            line += f" — {draft.marked[p.id]}"
        if p.marks:
            line += " " + say.HAS.format(marks=staff_formatting.marks_text(p.marks))
        lines.append(line)
    absent = [staff_formatting.short(p.full_name) for p in sheet.pupils if not p.may_mark]
    if absent:
        lines.append(staff_phrases.MARKS_ABSENT.format(names=", ".join(absent)))
    lines.append("")
    left = sum(1 for p in markable if p.id not in draft.marked)
    if not draft.marked:
        lines.append(say.NOBODY)
    elif left:
        lines.append(say.COUNTS.format(counts=_counts(draft.marked), left=left))
    else:
        lines.append(say.COUNTS_ALL.format(counts=_counts(draft.marked)))
    if pages > 1:
        lines.append(say.PAGE.format(page=page, pages=pages))
    lines += [say.BRUSH.format(value=draft.brush), say.TYPING_HINT]
    return [Reply("\n".join(lines), keyboard, edit=turn.pressed)]


async def _draft(
    turn: Turn, lesson_id: int
) -> tuple[LessonSheet, WorkTypeOption, Draft] | list[Reply]:
    """The sheet, its work type and the draft, or the lesson's marks when the draft is gone."""
    draft = turn.state_as(Draft)
    sheet, kinds = await turn.run(_sheet_and_kinds, lesson_id)
    kind = next((k for k in kinds if draft and k.id == draft.work), None)
    if draft is None or draft.lesson != lesson_id or kind is None:
        turn.clear_state()
        return [list_reply(turn, sheet, note=say.LOST)]
    if sheet.marks_note:
        turn.clear_state()
        return [list_reply(turn, sheet)]
    # A pupil marked absent since the tap gets no mark.
    markable = {p.id for p in sheet.pupils if p.may_mark}
    kept = {k: v for k, v in draft.marked.items() if k in markable}
    return sheet, kind, draft.model_copy(update={"marked": kept})


async def _turn_page(turn: Turn, lesson_id: int, page: int) -> list[Reply]:
    found = await _draft(turn, lesson_id)
    if isinstance(found, list):
        return found
    sheet, kind, draft = found
    return _show(turn, sheet, kind, draft.model_copy(update={"page": page}))


async def set_brush(turn: Turn, press: ClassMarksBrush) -> list[Reply]:
    found = await _draft(turn, press.lesson)
    if isinstance(found, list):
        return found
    if press.value not in MARK_VALUES:
        return await stale(turn)
    sheet, kind, draft = found
    return _show(turn, sheet, kind, draft.model_copy(update={"brush": press.value}))


async def tap(turn: Turn, press: ClassMarksTap) -> list[Reply]:
    found = await _draft(turn, press.lesson)
    if isinstance(found, list):
        return found
    sheet, kind, draft = found
    if not any(p.id == press.pupil and p.may_mark for p in sheet.pupils):
        return _show(turn, sheet, kind, draft, staff_phrases.NOT_IN_LESSON)
    marked = dict(draft.marked)
    if marked.get(press.pupil) == draft.brush:
        del marked[press.pupil]  # a second tap takes the mark back
    else:
        marked[press.pupil] = draft.brush
    return _show(turn, sheet, kind, draft.model_copy(update={"marked": marked}))


async def rest(turn: Turn, press: ClassMarksRest) -> list[Reply]:
    found = await _draft(turn, press.lesson)
    if isinstance(found, list):
        return found
    sheet, kind, draft = found
    marked = dict(draft.marked)
    for p in sheet.pupils:
        if p.may_mark:
            marked.setdefault(p.id, draft.brush)
    return _show(turn, sheet, kind, draft.model_copy(update={"marked": marked}))


async def _save_and_reload(
    ctx: Ctx, actor: Actor, lesson_id: int, work: str, marks: dict[int, int]
) -> tuple[int, LessonSheet]:
    count = await record_class_marks(ctx, actor, lesson_id, work, marks)
    return count, await lesson_sheet(ctx, actor, lesson_id)


async def save(turn: Turn, press: ClassMarksSave) -> list[Reply]:
    found = await _draft(turn, press.lesson)
    if isinstance(found, list):
        return found
    sheet, kind, draft = found
    if not draft.marked:
        return _show(turn, sheet, kind, draft, say.NOBODY)
    count, sheet = await turn.run(_save_and_reload, sheet.lesson.id, kind.code, draft.marked)
    turn.clear_state()
    note = say.SAVED.format(work=kind.short_name, count=count)
    return [list_reply(turn, sheet, note=note)]


async def typed(turn: Turn, text: str) -> list[Reply]:
    """Typed on the sheet: a mark to put next, the class's marks, or "Сохранить"."""
    draft = turn.state_as(Draft)
    if draft is None:
        return await stale(turn)
    if _plain(text) in SAVE_WORDS:
        return await save(turn, ClassMarksSave(lesson=draft.lesson))
    found = await _draft(turn, draft.lesson)
    if isinstance(found, list):
        return found
    sheet, kind, draft = found
    got = class_marks_reading.read(text, sheet.pupils)
    if isinstance(got, class_marks_reading.Brush):
        note = say.BRUSH_SET.format(value=got.value)
        return _show(turn, sheet, kind, draft.model_copy(update={"brush": got.value}), note)
    if isinstance(got, class_marks_reading.NotRead):
        return _show(turn, sheet, kind, draft, got.message)
    marked = dict(draft.marked)
    for pupil, value in got.marks.items():
        if value is None:
            marked.pop(pupil, None)
        else:
            marked[pupil] = value
    note = say.READ_BACK
    if got.typed_absent:
        named = {p.id: staff_formatting.short(p.full_name) for p in sheet.pupils}
        names = ", ".join(named[p] for p in got.typed_absent)
        note = f"{say.N_IS_NO_MARK.format(names=names)}\n{note}"
    return _show(turn, sheet, kind, draft.model_copy(update={"marked": marked}), note)


async def leave(turn: Turn, press: ClassMarksLeave) -> list[Reply]:
    """Back to the lesson's marks; chosen marks are not dropped without a word."""
    found = await _draft(turn, press.lesson)
    if isinstance(found, list):
        return found
    sheet, _, draft = found
    if not draft.marked:
        turn.clear_state()
        return [list_reply(turn, sheet)]
    return [_ask_unsaved(turn, draft, MarksList(lesson=sheet.lesson.id))]


async def before_leaving(turn: Turn) -> list[Reply] | None:
    """ "В меню" typed on the sheet: as «Назад» pressed, asks before dropping the marks chosen
    (not saving goes on to the menu); None when nothing would be lost."""
    draft = turn.state_as(Draft)
    if draft is None or not draft.marked:
        return None
    return [_ask_unsaved(turn, draft, Menu())]


def _ask_unsaved(turn: Turn, draft: Draft, discard: Press) -> Reply:
    keyboard = Keyboard.of(
        [
            button(say.SAVE, ClassMarksSave(lesson=draft.lesson)),
            button(say.DISCARD, discard),
        ],
        [button(say.BACK, ClassMarks(lesson=draft.lesson, page=draft.page))],
    )
    text = say.UNSAVED.format(counts=_counts(draft.marked))
    return Reply(text, keyboard, edit=turn.pressed)
