"""The administrator of the journal changes the classes' pupils in the chat (001 §4.1.3,
§4.7.1): admits a pupil, moves one to another class, marks one as gone from the school."""

from datetime import date

from handlers.core.io import Reply
from handlers.core.menu import stale
from handlers.core.turn import Turn
from handlers.staff import states
from keyboards import staff_menus
from keyboards.actions.staff import (
    Roster,
    RosterAdmit,
    RosterClass,
    RosterLeave,
    RosterLeaveYes,
    RosterMove,
    RosterMoveTo,
    RosterPupil,
)
from keyboards.menus import button, to_menu
from keyboards.model import Keyboard
from services.errors import JournalError
from services.roster.guardians import class_families
from services.roster.pupils import (
    admit_pupil,
    move_pupil,
    open_classes,
    pupil_leaves,
    pupil_place,
)
from services.school_import.normalize import BadDate, parse_date
from texts import phrases, staff_phrases


async def classes(turn: Turn, press: Roster) -> list[Reply]:
    found = await turn.run(open_classes)
    picks = [button(c.title, RosterClass(class_id=c.id)) for c in found]
    rows, _, _ = staff_menus.paged(
        picks,
        press.page,
        staff_menus.layout(turn.platform, reserved=1, per_row=4),
        lambda label, page: button(label, Roster(page=page)),
    )
    return [Reply(staff_phrases.ROSTER_PICK, Keyboard.of(*rows, [to_menu()]), edit=turn.pressed)]


async def _class_reply(turn: Turn, class_id: int, page: int = 1, note: str = "") -> Reply:
    pupils = await turn.run(class_families, class_id)
    title = next((c.title for c in await turn.run(open_classes) if c.id == class_id), "")
    picks = [button(name, RosterPupil(pupil=pid)) for pid, name, _ in pupils]
    listed, _, _ = staff_menus.paged(
        picks,
        page,
        staff_menus.layout(turn.platform, reserved=3),
        lambda label, page: button(label, RosterClass(class_id=class_id, page=page)),
    )
    rows = [
        [button(staff_phrases.ROSTER_ADMIT, RosterAdmit(class_id=class_id))],
        *listed,
        [button(staff_phrases.BACK, Roster()), to_menu()],
    ]
    text = staff_phrases.ROSTER_CLASS.format(klass=title, count=len(pupils))
    return Reply(f"{note}\n\n{text}" if note else text, Keyboard.of(*rows), edit=turn.pressed)


async def one_class(turn: Turn, press: RosterClass) -> list[Reply]:
    return [await _class_reply(turn, press.class_id, press.page)]


async def admit(turn: Turn, press: RosterAdmit) -> list[Reply]:
    title = next((c.title for c in await turn.run(open_classes) if c.id == press.class_id), None)
    if title is None:
        return await stale(turn)
    turn.set_state(states.AwaitingPupil(class_id=press.class_id))
    cancel = button(phrases.CANCEL, RosterClass(class_id=press.class_id))
    return [Reply(staff_phrases.ROSTER_ASK_PUPIL.format(klass=title), Keyboard.of([cancel]))]


async def typed_pupil(turn: Turn, text: str) -> list[Reply]:
    asked = turn.state_as(states.AwaitingPupil)
    if asked is None:
        return await stale(turn)
    cancel = Keyboard.of([button(phrases.CANCEL, RosterClass(class_id=asked.class_id))])
    name, _, born_text = text.partition(",")
    names = name.split()
    if len(names) < 2:
        return [Reply(f"{staff_phrases.ROSTER_NEED_NAME}\n{staff_phrases.ROSTER_AGAIN}", cancel)]
    born: date | None = None
    try:
        if born_text.strip():
            born = parse_date(born_text)
        await turn.run(admit_pupil, asked.class_id, names[0], names[1], " ".join(names[2:]), born)
    except BadDate as bad:
        message = str(bad)[0].upper() + str(bad)[1:] + "."
        return [Reply(f"{message}\n{staff_phrases.ROSTER_AGAIN}", cancel)]
    except JournalError as refused:
        return [Reply(f"{refused.message}\n{staff_phrases.ROSTER_AGAIN}", cancel)]
    turn.clear_state()
    title = next((c.title for c in await turn.run(open_classes) if c.id == asked.class_id), "")
    note = staff_phrases.ROSTER_ADMITTED.format(name=" ".join(names), klass=title)
    return [await _class_reply(turn, asked.class_id, note=note)]


async def pupil(turn: Turn, press: RosterPupil) -> list[Reply]:
    place = await turn.run(pupil_place, press.pupil)
    rows = [
        [button(staff_phrases.ROSTER_MOVE, RosterMoveTo(pupil=place.pupil_id))],
        [button(staff_phrases.ROSTER_LEAVE, RosterLeave(pupil=place.pupil_id))],
        [button(staff_phrases.BACK, RosterClass(class_id=place.class_id)), to_menu()],
    ]
    text = staff_phrases.ROSTER_PUPIL.format(name=place.full_name, klass=place.class_title)
    return [Reply(text, Keyboard.of(*rows), edit=turn.pressed)]


async def move_to(turn: Turn, press: RosterMoveTo) -> list[Reply]:
    place = await turn.run(pupil_place, press.pupil)
    others = [
        c
        for c in await turn.run(open_classes)
        if c.year_id == place.year_id and c.id != place.class_id
    ]
    picks = [button(c.title, RosterMove(pupil=place.pupil_id, class_id=c.id)) for c in others]
    listed, _, _ = staff_menus.paged(
        picks,
        press.page,
        staff_menus.layout(turn.platform, reserved=1, per_row=4),
        lambda label, page: button(label, RosterMoveTo(pupil=place.pupil_id, page=page)),
    )
    rows = [*listed, [button(phrases.CANCEL, RosterPupil(pupil=place.pupil_id))]]
    text = staff_phrases.ROSTER_MOVE_PICK.format(name=place.full_name)
    return [Reply(text, Keyboard.of(*rows), edit=turn.pressed)]


async def move(turn: Turn, press: RosterMove) -> list[Reply]:
    place = await turn.run(pupil_place, press.pupil)
    await turn.run(move_pupil, press.pupil, press.class_id)
    title = next((c.title for c in await turn.run(open_classes) if c.id == press.class_id), "")
    note = staff_phrases.ROSTER_MOVED.format(name=place.full_name, klass=title)
    return [await _class_reply(turn, place.class_id, note=note)]


async def leave(turn: Turn, press: RosterLeave) -> list[Reply]:
    place = await turn.run(pupil_place, press.pupil)
    rows = [
        [button(staff_phrases.ROSTER_LEAVE_YES, RosterLeaveYes(pupil=place.pupil_id))],
        [button(phrases.CANCEL, RosterPupil(pupil=place.pupil_id))],
    ]
    text = staff_phrases.ROSTER_LEAVE_ASK.format(name=place.full_name)
    return [Reply(text, Keyboard.of(*rows), edit=turn.pressed)]


async def leave_yes(turn: Turn, press: RosterLeaveYes) -> list[Reply]:
    place = await turn.run(pupil_place, press.pupil)
    await turn.run(pupil_leaves, press.pupil)
    note = staff_phrases.ROSTER_LEFT.format(name=place.full_name)
    return [await _class_reply(turn, place.class_id, note=note)]
