"""The health sheet in the chat (004 §9): the medical worker picks a class, sees one line per
pupil, and on a pupil's card sets the health and PE groups, "осв." per period (on a screen of
their own when the card's one message cannot carry a button for each) and a note; the
class teacher, the PE teacher and the administration see the same sheet without the buttons
that change it. The services check who may read and who may write every time."""

from handlers.core.io import Reply
from handlers.core.menu import stale
from handlers.core.turn import Turn
from handlers.staff import states
from keyboards import health_menus, staff_menus
from keyboards.actions.health import (
    HealthClass,
    HealthClasses,
    HealthExempt,
    HealthExemptions,
    HealthGroupAsk,
    HealthGroupPick,
    HealthNote,
    HealthPePick,
    HealthPupil,
    PeGroup,
)
from keyboards.actions.staff import MyClass
from keyboards.menus import button, to_menu
from keyboards.model import Button, Keyboard
from services.errors import JournalError
from services.people.actor import Role
from services.people.health import (
    HEALTH_GROUPS,
    MEDIC_ONLY,
    PE_GROUPS,
    set_health,
    set_pe_exemption,
)
from services.people.health_sheet import (
    PupilHealth,
    class_health,
    health_classes,
    pupil_health,
)
from texts import health_phrases, phrases, staff_phrases

PE_NAMES = dict(zip(PeGroup, PE_GROUPS, strict=True))


async def classes(turn: Turn, press: HealthClasses) -> list[Reply]:
    found = await turn.run(health_classes)
    if not found:
        return [Reply(health_phrases.NO_CLASSES, Keyboard.of([to_menu()]), edit=turn.pressed)]
    picks = [button(c.title, HealthClass(class_id=c.id)) for c in found]
    rows, _, _ = staff_menus.paged(
        picks,
        press.page,
        staff_menus.layout(turn.platform, reserved=1, per_row=4),
        lambda label, page: button(label, HealthClasses(page=page)),
    )
    keyboard = Keyboard.of(*rows, [to_menu()])
    return [Reply(health_phrases.PICK_CLASS, keyboard, edit=turn.pressed)]


async def one_class(turn: Turn, press: HealthClass) -> list[Reply]:
    sheet = await turn.run(class_health, press.class_id)
    lines = [health_phrases.CLASS_TITLE.format(klass=sheet.title), ""]
    lines += [health_phrases.class_line(n, line) for n, line in enumerate(sheet.lines, 1)]
    if not sheet.lines:
        lines.append(health_phrases.CLASS_EMPTY)
    else:
        tap = health_phrases.TAP_TO_CHANGE if sheet.may_change else health_phrases.TAP_TO_READ
        lines += ["", tap]
    picks = [button(line.full_name, HealthPupil(pupil=line.pupil_id)) for line in sheet.lines]
    listed, _, _ = staff_menus.paged(
        picks,
        press.page,
        staff_menus.layout(turn.platform, reserved=2),
        lambda label, page: button(
            label, HealthClass(class_id=press.class_id, page=page, lesson=press.lesson)
        ),
    )
    keyboard = Keyboard.of(*listed, [_back(turn, press), to_menu()])
    return [Reply("\n".join(lines), keyboard, edit=turn.pressed)]


def _back(turn: Turn, press: HealthClass) -> Button:
    """Back where the sheet was opened: the lesson's card, the class teacher's «Мой класс», or
    the classes to pick from."""
    if press.lesson is not None:
        return staff_menus.back_to_lesson(press.lesson)
    picks = turn.actor.has(Role.MEDIC, Role.DEPUTY, Role.DIRECTOR)
    if not picks and press.class_id in turn.actor.class_teacher_of:
        return button(staff_phrases.BACK, MyClass(class_id=press.class_id))
    return button(health_phrases.TO_CLASSES, HealthClasses())


async def _card(turn: Turn, pupil_id: int, note: str = "") -> Reply:
    health = await turn.run(pupil_health, pupil_id)
    text = health_phrases.card(health.line, health.class_title, health.periods)
    shown = f"{note}\n\n{text}" if note else text
    return Reply(shown, health_menus.card(health), edit=turn.pressed)


async def _exemptions(turn: Turn, health: PupilHealth, page: int, note: str = "") -> Reply:
    """The «осв.» screen: the card's text, and a button per period that redraws it."""
    keyboard, page, pages = health_menus.exemptions(health, page)
    lines = [health_phrases.card(health.line, health.class_title, health.periods), ""]
    lines.append(health_phrases.EXEMPTIONS_HINT)
    if pages > 1:
        lines.append(health_phrases.EXEMPTIONS_PAGE.format(page=page, pages=pages))
    if note:
        lines[:0] = [note, ""]
    return Reply("\n".join(lines), keyboard, edit=turn.pressed)


async def pupil(turn: Turn, press: HealthPupil) -> list[Reply]:
    turn.clear_state()
    return [await _card(turn, press.pupil)]


async def _medic_only(turn: Turn, pupil_id: int) -> list[Reply] | None:
    """The card's own answer for anyone but the medical worker (a forged or stale button)."""
    health = await turn.run(pupil_health, pupil_id)
    if health.may_change:
        return None
    return [await _card(turn, pupil_id, note=MEDIC_ONLY)]


async def ask_group(turn: Turn, press: HealthGroupAsk) -> list[Reply]:
    refused = await _medic_only(turn, press.pupil)
    if refused:
        return refused
    health = await turn.run(pupil_health, press.pupil)
    picks = [
        button(
            health_phrases.HEALTH_GROUP_LABEL.format(group=g),
            HealthGroupPick(pupil=press.pupil, group=g),
        )
        for g in HEALTH_GROUPS
    ]
    keyboard = Keyboard.of(
        *staff_menus.rows_of(picks, 3),
        [button(staff_phrases.BACK, HealthPupil(pupil=press.pupil))],
    )
    text = health_phrases.ASK_HEALTH_GROUP.format(name=health.line.full_name)
    return [Reply(text, keyboard, edit=turn.pressed)]


async def pick_group(turn: Turn, press: HealthGroupPick) -> list[Reply]:
    refused = await _medic_only(turn, press.pupil)
    if refused:
        return refused
    if press.group not in HEALTH_GROUPS:
        return await stale(turn)
    health = await turn.run(pupil_health, press.pupil)
    picks = [
        button(name, HealthPePick(pupil=press.pupil, group=press.group, pe=key))
        for key, name in PE_NAMES.items()
    ]
    keyboard = Keyboard.of(
        *staff_menus.rows_of(picks, 1),
        [button(staff_phrases.BACK, HealthGroupAsk(pupil=press.pupil))],
    )
    text = health_phrases.ASK_PE_GROUP.format(name=health.line.full_name, group=press.group)
    return [Reply(text, keyboard, edit=turn.pressed)]


async def pick_pe(turn: Turn, press: HealthPePick) -> list[Reply]:
    health = await turn.run(pupil_health, press.pupil)
    pe = PE_NAMES[press.pe]
    await turn.run(set_health, press.pupil, press.group, pe, health.line.note)
    note = health_phrases.SAVED.format(group=press.group, pe=pe)
    return [await _card(turn, press.pupil, note)]


async def exemptions(turn: Turn, press: HealthExemptions) -> list[Reply]:
    health = await turn.run(pupil_health, press.pupil)
    if not health.may_change:
        return [await _card(turn, press.pupil, note=MEDIC_ONLY)]
    return [await _exemptions(turn, health, press.page)]


async def exempt(turn: Turn, press: HealthExempt) -> list[Reply]:
    health = await turn.run(pupil_health, press.pupil)
    period = next((p for p in health.periods if p.period_id == press.period), None)
    await turn.run(set_pe_exemption, press.pupil, press.period, press.exempt)
    said = health_phrases.EXEMPT_ON if press.exempt else health_phrases.EXEMPT_OFF
    note = said.format(period=period.name if period else "")
    if press.page is None:  # pressed on the card
        return [await _card(turn, press.pupil, note)]
    return [await _exemptions(turn, await turn.run(pupil_health, press.pupil), press.page, note)]


async def ask_note(turn: Turn, press: HealthNote) -> list[Reply]:
    refused = await _medic_only(turn, press.pupil)
    if refused:
        return refused
    health = await turn.run(pupil_health, press.pupil)
    turn.set_state(states.AwaitingHealthNote(pupil=press.pupil))
    cancel = button(phrases.CANCEL, HealthPupil(pupil=press.pupil))
    text = health_phrases.ASK_NOTE.format(name=health.line.full_name)
    if health.line.note:
        text += f"\n\n{health_phrases.NOTE}: {health.line.note}"
    return [Reply(text, Keyboard.of([cancel]))]


async def typed_note(turn: Turn, text: str) -> list[Reply]:
    asked = turn.state_as(states.AwaitingHealthNote)
    if asked is None:
        return await stale(turn)
    cancel = Keyboard.of([button(phrases.CANCEL, HealthPupil(pupil=asked.pupil))])
    clear = text.strip() in health_phrases.CLEAR_NOTE
    try:
        line = (await turn.run(pupil_health, asked.pupil)).line
        note = "" if clear else text
        await turn.run(set_health, asked.pupil, line.health_group, line.pe_group, note)
    except JournalError as refused:
        return [Reply(f"{refused.message}\n{health_phrases.NOTE_AGAIN}", cancel)]
    turn.clear_state()
    said = health_phrases.NOTE_CLEARED if clear else health_phrases.NOTE_SAVED
    return [await _card(turn, asked.pupil, said)]
