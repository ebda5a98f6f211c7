"""The administrator promotes a closed year's pupils by the director's order (001 §4.1.12):
the order's number and date, then the exceptions it names (repeaters, conditional promotions
with their subject debts, pupils leaving after grade 9), then the summary to confirm. The
same service as `journal year promote` checks and applies it. A pupil named who needs a class
the next year lacks (a repeater of 5Б with no 5Б there) is not refused without a way on: the
class can be opened right there, and the pupil is named in the order then."""

import re
from collections.abc import Awaitable, Callable
from typing import TypeVar

from db.enums import EnrollmentEnd
from handlers.core.io import Reply
from handlers.core.turn import Turn
from handlers.staff.states import PromotionDraft
from handlers.staff.year_end import years_reply
from keyboards.actions.staff import (
    OrderException,
    YearEnd,
    YearPromote,
    YearPromoteAdd,
    YearPromoteCheck,
    YearPromoteDraft,
    YearPromoteOpenClass,
    YearPromoteReset,
    YearPromoteYes,
)
from keyboards.menus import button
from keyboards.model import Button, Keyboard
from services.context import Ctx
from services.errors import JournalError
from services.people.actor import Actor
from services.year_end.closing import school_years
from services.year_end.new_class import AddedClass, MissingClasses
from services.year_end.order_names import school_subjects, year_pupils_named
from services.year_end.promotion import (
    ClassMove,
    NamedPupil,
    OrderExceptions,
    PromotionPlan,
    open_missing_classes,
    order_text,
    plan_promotion,
    promote_pupils,
)
from texts import phrases, staff_phrases
from texts.subject_words import names_subject

T = TypeVar("T")
_NAMES = re.compile(r"[,;\n]+")
_LINES = re.compile(r"[;\n]+")
_ASK = {
    OrderException.REPEAT: staff_phrases.PROMOTE_ASK_REPEAT,
    OrderException.CONDITIONAL: staff_phrases.PROMOTE_ASK_CONDITIONAL,
    OrderException.LEAVE: staff_phrases.PROMOTE_ASK_LEAVE,
}
_MOVE = {
    EnrollmentEnd.PROMOTED: staff_phrases.PROMOTE_MOVE,
    EnrollmentEnd.CONDITIONAL: staff_phrases.PROMOTE_MOVE_CONDITIONAL,
    EnrollmentEnd.REPEATED: staff_phrases.PROMOTE_MOVE_REPEAT,
    EnrollmentEnd.GRADUATED: staff_phrases.PROMOTE_MOVE_LEAVE,
}


async def start(turn: Turn, press: YearPromote) -> list[Reply]:
    years = await turn.run(school_years)
    found = next((y for y in years if y.id == press.year), None)
    if found is None or not (found.is_closed and found.has_next and found.to_promote):
        return await _gone(turn)
    turn.set_state(PromotionDraft(year=found.id))
    text = staff_phrases.PROMOTE_ASK_ORDER.format(name=found.name)
    return [Reply(text, _cancel(), edit=turn.pressed)]


async def ask(turn: Turn, press: YearPromoteAdd) -> list[Reply]:
    draft = _draft(turn, press.year)
    if draft is None:
        return await _gone(turn)
    turn.set_state(draft.model_copy(update={"asking": press.kind}))
    return [Reply(_ASK[press.kind], _back(draft.year), edit=turn.pressed)]


async def show(turn: Turn, press: YearPromoteDraft) -> list[Reply]:
    draft = _draft(turn, press.year)
    if draft is None:
        return await _gone(turn)
    draft = draft.model_copy(update={"asking": None})
    turn.set_state(draft)
    return [await _draft_reply(turn, draft)]


async def reset(turn: Turn, press: YearPromoteReset) -> list[Reply]:
    draft = _draft(turn, press.year)
    if draft is None:
        return await _gone(turn)
    draft = PromotionDraft(year=draft.year, order=draft.order)
    turn.set_state(draft)
    return [await _draft_reply(turn, draft)]


async def check(turn: Turn, press: YearPromoteCheck) -> list[Reply]:
    draft = _draft(turn, press.year)
    if draft is None:
        return await _gone(turn)
    turn.set_state(draft.model_copy(update={"asking": None}))
    try:
        plan = await _plan(turn, draft)
    except MissingClasses as missing:
        return [_missing_reply(draft.year, missing)]
    except JournalError as refused:
        turn.clear_state()
        return [await years_reply(turn, refused.message)]
    lines = [
        staff_phrases.PROMOTE_CONFIRM.format(year=plan.year, order=plan.order, next=plan.next_year),
        "",
        *(_move_line(m) for m in plan.moves),
        "",
        *_exception_lines(plan),
        "",
        staff_phrases.PROMOTE_TOTAL.format(
            moved=plan.counts.promoted + plan.counts.conditional,
            conditional=plan.counts.conditional,
            repeated=plan.counts.repeated,
            graduated=plan.counts.graduated,
        ),
    ]
    keyboard = Keyboard.of(
        [button(staff_phrases.PROMOTE_YES, YearPromoteYes(year=draft.year))],
        [button(staff_phrases.BACK, YearPromoteDraft(year=draft.year))],
    )
    return [Reply("\n".join(lines), keyboard, edit=turn.pressed)]


async def apply(turn: Turn, press: YearPromoteYes) -> list[Reply]:
    draft = _draft(turn, press.year)
    if draft is None:
        return await _gone(turn)
    try:
        done = await _by_order(turn, promote_pupils, draft)
    except JournalError as refused:
        turn.clear_state()
        return [await years_reply(turn, refused.message)]
    turn.clear_state()
    note = staff_phrases.PROMOTE_DONE.format(
        order=draft.order,
        moved=done.promoted + done.conditional,
        conditional=done.conditional,
        repeated=done.repeated,
        graduated=done.graduated,
    )
    return [await years_reply(turn, note)]


async def typed(turn: Turn, text: str) -> list[Reply]:
    draft = turn.state_as(PromotionDraft)
    if draft is None:
        return await _gone(turn)
    if not draft.order:
        try:
            order = order_text(text)
        except JournalError as refused:
            note = f"{refused.message}\n{staff_phrases.PROMOTE_BAD_ORDER}"
            return [Reply(note, _cancel())]
        draft = draft.model_copy(update={"order": order})
        turn.set_state(draft)
        return [await _draft_reply(turn, draft)]
    asking = draft.asking
    if asking is None:
        return [await _draft_reply(turn, draft, staff_phrases.PROMOTE_USE_BUTTONS)]
    if draft.pending:  # what is typed now replaces the pupils who waited for a class
        draft = draft.model_copy(update={"pending": {}})
        turn.set_state(draft)
    if asking is OrderException.CONDITIONAL:
        found, problems = await _debts(turn, draft, text)
    else:
        pupils, problems = await _pupils(turn, draft.year, _NAMES.split(text))
        found = {p: () for p in pupils}
    if problems or not found:
        lines = problems or [_ASK[asking]]
        return [Reply("\n".join([*lines, staff_phrases.PROMOTE_AGAIN]), _back(draft.year))]
    changed = _with(draft, asking, found)
    try:
        await _plan(turn, changed)
    except MissingClasses as missing:
        turn.set_state(draft.model_copy(update={"pending": found}))
        return [_missing_reply(draft.year, missing)]
    except JournalError as refused:
        return [Reply(f"{refused.message}\n{staff_phrases.PROMOTE_AGAIN}", _back(draft.year))]
    turn.set_state(changed)
    return [await _draft_reply(turn, changed)]


async def open_classes(turn: Turn, press: YearPromoteOpenClass) -> list[Reply]:
    """The classes the order needs, opened in the next year: those of the pupils waiting in
    the draft, named in the order then (as if typed again), or the draft's own."""
    draft = _draft(turn, press.year)
    if draft is None:
        return await _gone(turn)
    changed = draft.model_copy(update={"asking": None})
    if draft.asking is not None and draft.pending:
        changed = _with(draft, draft.asking, draft.pending)
    try:
        opened = await _by_order(turn, open_missing_classes, changed)
    except JournalError as refused:
        return [Reply(f"{refused.message}\n{staff_phrases.PROMOTE_AGAIN}", _back(draft.year))]
    turn.set_state(changed)
    return [await _draft_reply(turn, changed, "\n".join(_opened(a) for a in opened))]


def _opened(added: AddedClass) -> str:
    load = (
        staff_phrases.PROMOTE_OPENED_LOAD.format(
            klass=added.title, source=added.load_from, loads=added.loads
        )
        if added.load_from
        else staff_phrases.PROMOTE_OPENED_EMPTY
    )
    return staff_phrases.PROMOTE_OPENED.format(klass=added.title, year=added.year, load=load)


def _missing_reply(year: int, missing: MissingClasses) -> Reply:
    """The refusal with its way on: open the classes here, or name someone else."""
    classes = ", ".join(m.title for m in missing.missing)
    label = staff_phrases.PROMOTE_OPEN_CLASS.format(
        classes=classes, year=missing.missing[0].year_name
    )
    lines = [missing.message, staff_phrases.PROMOTE_OPEN_HINT, staff_phrases.PROMOTE_AGAIN]
    keyboard = Keyboard.of(
        [button(label, YearPromoteOpenClass(year=year))],
        [button(staff_phrases.BACK, YearPromoteDraft(year=year))],
    )
    return Reply("\n".join(lines), keyboard)


def _with(
    draft: PromotionDraft, kind: OrderException, found: dict[int, tuple[int, ...]]
) -> PromotionDraft:
    """The draft with `found` named for `kind`, and no longer for any other kind."""
    repeat = tuple(p for p in draft.repeat if p not in found)
    leave = tuple(p for p in draft.leave if p not in found)
    conditional = {p: d for p, d in draft.conditional.items() if p not in found}
    if kind is OrderException.REPEAT:
        repeat += tuple(found)
    elif kind is OrderException.LEAVE:
        leave += tuple(found)
    else:
        conditional |= found
    return PromotionDraft(
        year=draft.year, order=draft.order, repeat=repeat, conditional=conditional, leave=leave
    )


async def _pupils(turn: Turn, year: int, names: list[str]) -> tuple[list[int], list[str]]:
    found: list[int] = []
    problems: list[str] = []
    year_name = next((y.name for y in await turn.run(school_years) if y.id == year), "")
    for typed in (n.strip() for n in names):
        if not typed:
            continue
        matches = await turn.run(year_pupils_named, year, typed)
        if not matches:
            problems.append(staff_phrases.PROMOTE_NO_PUPIL.format(typed=typed, year=year_name))
        elif len(matches) > 1:
            listed = ", ".join(f"{m.name} ({m.class_title})" for m in matches[:5])
            problems.append(staff_phrases.PROMOTE_SEVERAL.format(typed=typed, names=listed))
        elif matches[0].id not in found:
            found.append(matches[0].id)
    return found, problems


async def _debts(
    turn: Turn, draft: PromotionDraft, text: str
) -> tuple[dict[int, tuple[int, ...]], list[str]]:
    subjects = await turn.run(school_subjects)
    found: dict[int, tuple[int, ...]] = {}
    problems: list[str] = []
    for line in (x.strip() for x in _LINES.split(text)):
        if not line:
            continue
        name, colon, listed = line.partition(":")
        debts = [s.strip() for s in listed.split(",") if s.strip()]
        if not colon or not debts:
            problems.append(staff_phrases.PROMOTE_NEED_DEBTS.format(typed=line))
            continue
        pupils, missing = await _pupils(turn, draft.year, [name])
        problems += missing
        ids = []
        for typed in debts:
            subject = _subject(subjects, typed)
            if subject is None:
                names = ", ".join(n for _, n in subjects)
                problems.append(
                    staff_phrases.PROMOTE_NO_SUBJECT.format(typed=typed, subjects=names)
                )
            elif subject not in ids:
                ids.append(subject)
        if pupils and ids:
            found[pupils[0]] = tuple(ids)
    return found, problems


def _subject(subjects: list[tuple[int, str]], typed: str) -> int | None:
    exact = [i for i, name in subjects if name.casefold() == typed.casefold()]
    if exact:
        return exact[0]
    close = [i for i, name in subjects if names_subject(name, typed)]
    return close[0] if len(close) == 1 else None


def _draft(turn: Turn, year: int) -> PromotionDraft | None:
    """The chat's draft of this year's promotion, once its order is given; else None (a stale
    or forged button, or a draft dropped meanwhile)."""
    draft = turn.state_as(PromotionDraft)
    return draft if draft is not None and draft.year == year and draft.order else None


async def _gone(turn: Turn) -> list[Reply]:
    return [await years_reply(turn, staff_phrases.PROMOTE_GONE)]


async def _plan(turn: Turn, draft: PromotionDraft) -> PromotionPlan:
    return await _by_order(turn, plan_promotion, draft)


async def _by_order(
    turn: Turn,
    operation: Callable[[Ctx, Actor, int, str, OrderExceptions], Awaitable[T]],
    draft: PromotionDraft,
) -> T:
    """A promotion service run on the draft's year, order and the exceptions it names."""
    named = OrderExceptions(draft.repeat, draft.conditional, draft.leave)
    return await turn.run(operation, draft.year, draft.order, named)


async def _draft_reply(turn: Turn, draft: PromotionDraft, note: str = "") -> Reply:
    lead = [note, ""] if note else []
    try:
        plan = await _plan(turn, draft)
    except JournalError as refused:
        # The year moved on meanwhile (promoted from another chat): nothing left to draft.
        turn.clear_state()
        return await years_reply(turn, refused.message)
    lines = [
        *lead,
        staff_phrases.PROMOTE_DRAFT.format(year=plan.year, next=plan.next_year, order=plan.order),
        *_exception_lines(plan),
        "",
        staff_phrases.PROMOTE_DRAFT_HINT,
    ]
    y = draft.year

    def add(label: str, kind: OrderException) -> Button:
        return button(label, YearPromoteAdd(year=y, kind=kind))

    keyboard = Keyboard.of(
        [
            add(staff_phrases.PROMOTE_ADD_REPEAT, OrderException.REPEAT),
            add(staff_phrases.PROMOTE_ADD_CONDITIONAL, OrderException.CONDITIONAL),
        ],
        [
            add(staff_phrases.PROMOTE_ADD_LEAVE, OrderException.LEAVE),
            button(staff_phrases.PROMOTE_RESET, YearPromoteReset(year=y)),
        ],
        [button(staff_phrases.PROMOTE_CHECK, YearPromoteCheck(year=y))],
        [button(phrases.CANCEL, YearEnd())],
    )
    return Reply("\n".join(lines), keyboard, edit=turn.pressed)


def _exception_lines(plan: PromotionPlan) -> list[str]:
    def names(pupils: tuple[NamedPupil, ...]) -> str:
        if not pupils:
            return staff_phrases.PROMOTE_NOBODY
        return "; ".join(
            staff_phrases.PROMOTE_DEBTS.format(
                name=p.name, klass=p.class_title, subjects=", ".join(p.debts)
            )
            if p.debts
            else staff_phrases.PROMOTE_PUPIL.format(name=p.name, klass=p.class_title)
            for p in pupils
        )

    return [
        staff_phrases.PROMOTE_REPEATED.format(names=names(plan.repeated)),
        staff_phrases.PROMOTE_CONDITIONAL.format(names=names(plan.conditional)),
        staff_phrases.PROMOTE_LEFT.format(names=names(plan.left)),
    ]


def _move_line(move: ClassMove) -> str:
    return _MOVE[move.end].format(
        source=move.from_title, target=move.to_title or "", count=move.pupils
    )


def _cancel() -> Keyboard:
    return Keyboard.of([button(phrases.CANCEL, YearEnd())])


def _back(year: int) -> Keyboard:
    return Keyboard.of([button(staff_phrases.BACK, YearPromoteDraft(year=year))])
