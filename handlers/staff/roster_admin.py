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
    RosterGroups,
    RosterGroupSet,
    RosterLeader,
    RosterLeaderSet,
    RosterLeave,
    RosterLeaveYes,
    RosterMove,
    RosterMoveTo,
    RosterPupil,
    RosterReturn,
    RosterStaff,
    YearEnd,
)
from keyboards.menus import button, to_menu
from keyboards.model import Button, Keyboard
from services.errors import JournalError
from services.people.staff_directory import school_teachers
from services.roster.guardians import class_families
from services.roster.moves import move_pupil
from services.roster.pupils import (
    admission_plan,
    admit_pupil,
    open_classes,
    pupil_leaves,
    pupil_place,
)
from services.roster.returns import readmit_pupil
from services.roster.staff import add_staff, positions_of, set_class_teacher
from services.roster.subgroups import move_to_subgroup, pupil_groups
from services.school_import.normalize import BadDate, parse_date
from texts import phrases, roster_phrases, staff_phrases


async def classes(turn: Turn, press: Roster) -> list[Reply]:
    found = await turn.run(open_classes)
    picks = [button(c.title, RosterClass(class_id=c.id)) for c in found]
    rows, _, _ = staff_menus.paged(
        picks,
        press.page,
        staff_menus.layout(turn.platform, reserved=3, per_row=4),
        lambda label, page: button(label, Roster(page=page)),
    )
    keyboard = Keyboard.of(
        *rows,
        [
            button(staff_phrases.ROSTER_STAFF, RosterStaff()),
            button(staff_phrases.YEAR_END, YearEnd()),
        ],
        [to_menu()],
    )
    return [Reply(staff_phrases.ROSTER_PICK, keyboard, edit=turn.pressed)]


async def _class_reply(
    turn: Turn, class_id: int, page: int = 1, note: str = "", first: list[Button] | None = None
) -> Reply:
    pupils = await turn.run(class_families, class_id)
    title = next((c.title for c in await turn.run(open_classes) if c.id == class_id), "")
    picks = [button(name, RosterPupil(pupil=pid)) for pid, name, _ in pupils]
    listed, _, _ = staff_menus.paged(
        picks,
        page,
        staff_menus.layout(turn.platform, reserved=4),
        lambda label, page: button(label, RosterClass(class_id=class_id, page=page)),
    )
    rows = [
        *([first] if first else []),
        [
            button(staff_phrases.ROSTER_ADMIT, RosterAdmit(class_id=class_id)),
            button(staff_phrases.ROSTER_LEADER, RosterLeader(class_id=class_id)),
        ],
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
    full = (names[0], names[1], " ".join(names[2:]))
    try:
        if born_text.strip():
            born = parse_date(born_text)
        plan = await turn.run(admission_plan, asked.class_id, *full, born)
        if plan.returning is not None:  # the same child: asked before their place comes back
            turn.clear_state()
            back = RosterReturn(pupil=plan.returning.pupil_id, class_id=asked.class_id)
            rows = [
                [button(roster_phrases.RETURN_YES, back)],
                [button(phrases.CANCEL, RosterClass(class_id=asked.class_id))],
            ]
            text = roster_phrases.returning(plan.returning, plan.class_title)
            return [Reply(f"{text}\n{roster_phrases.RETURN_ASK}", Keyboard.of(*rows))]
        await turn.run(admit_pupil, asked.class_id, *full, born)
    except BadDate as bad:
        message = str(bad)[0].upper() + str(bad)[1:] + "."
        return [Reply(f"{message}\n{staff_phrases.ROSTER_AGAIN}", cancel)]
    except JournalError as refused:
        return [Reply(f"{refused.message}\n{staff_phrases.ROSTER_AGAIN}", cancel)]
    turn.clear_state()
    title = next((c.title for c in await turn.run(open_classes) if c.id == asked.class_id), "")
    note = staff_phrases.ROSTER_ADMITTED.format(name=" ".join(names), klass=title)
    return [await _class_reply(turn, asked.class_id, note=note)]


async def return_yes(turn: Turn, press: RosterReturn) -> list[Reply]:
    back = await turn.run(readmit_pupil, press.pupil, press.class_id)
    place = await turn.run(pupil_place, press.pupil)
    note = roster_phrases.returned(back, place.class_title)
    return [await _class_reply(turn, press.class_id, note=note)]


async def pupil(turn: Turn, press: RosterPupil) -> list[Reply]:
    place = await turn.run(pupil_place, press.pupil)
    rows = [
        [button(staff_phrases.ROSTER_MOVE, RosterMoveTo(pupil=place.pupil_id))],
        [button(staff_phrases.ROSTER_GROUPS, RosterGroups(pupil=place.pupil_id))],
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
    done = await turn.run(move_pupil, press.pupil, press.class_id)
    if done.back:
        return [await _class_reply(turn, place.class_id, note=roster_phrases.moved_back(done))]
    note = staff_phrases.ROSTER_MOVED.format(name=place.full_name, klass=done.to_class)
    # A wrong class picked: one press takes the pupil back, to the place as it was.
    undo = RosterMove(pupil=press.pupil, class_id=place.class_id)
    first = [button(roster_phrases.MOVE_UNDO.format(klass=place.class_title), undo)]
    return [await _class_reply(turn, place.class_id, note=note, first=first)]


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


async def leader(turn: Turn, press: RosterLeader) -> list[Reply]:
    title = next((c.title for c in await turn.run(open_classes) if c.id == press.class_id), None)
    if title is None:
        return await stale(turn)
    teachers = await turn.run(school_teachers)
    picks = [
        button(t.short_name, RosterLeaderSet(class_id=press.class_id, teacher=t.id))
        for t in teachers
    ]
    rows, _, _ = staff_menus.paged(
        picks,
        press.page,
        staff_menus.layout(turn.platform, reserved=1),
        lambda label, to: button(label, RosterLeader(class_id=press.class_id, page=to)),
    )
    back = button(phrases.CANCEL, RosterClass(class_id=press.class_id))
    text = staff_phrases.ROSTER_LEADER_PICK.format(klass=title)
    return [Reply(text, Keyboard.of(*rows, [back]), edit=turn.pressed)]


async def leader_set(turn: Turn, press: RosterLeaderSet) -> list[Reply]:
    await turn.run(set_class_teacher, press.class_id, press.teacher)
    title = next((c.title for c in await turn.run(open_classes) if c.id == press.class_id), "")
    name = next(
        (t.short_name for t in await turn.run(school_teachers) if t.id == press.teacher), ""
    )
    note = staff_phrases.ROSTER_LEADER_SET.format(klass=title, name=name)
    return [await _class_reply(turn, press.class_id, note=note)]


async def groups(turn: Turn, press: RosterGroups, note: str = "") -> list[Reply]:
    place = await turn.run(pupil_place, press.pupil)
    found = await turn.run(pupil_groups, press.pupil)
    back = button(staff_phrases.BACK, RosterPupil(pupil=place.pupil_id))
    if not found:
        text = staff_phrases.ROSTER_GROUPS_NONE.format(name=place.full_name)
        return [Reply(text, Keyboard.of([back, to_menu()]), edit=turn.pressed)]
    picks = [
        button(
            f"{'✓ ' if g.is_member else ''}{g.subject}: {g.name}",
            RosterGroupSet(pupil=place.pupil_id, subgroup=g.id),
        )
        for g in found
    ]
    text = staff_phrases.ROSTER_GROUPS_TITLE.format(name=place.full_name)
    rows = staff_menus.rows_of(picks[:8], 1)  # a class has a few groups; VK takes ten buttons
    return [Reply(f"{note}\n\n{text}" if note else text, Keyboard.of(*rows, [back, to_menu()]))]


async def group_set(turn: Turn, press: RosterGroupSet) -> list[Reply]:
    place = await turn.run(pupil_place, press.pupil)
    group = next(
        (g for g in await turn.run(pupil_groups, press.pupil) if g.id == press.subgroup), None
    )
    if group is None:
        return await stale(turn)
    try:
        await turn.run(move_to_subgroup, press.pupil, press.subgroup)
    except JournalError as refused:
        return await groups(turn, RosterGroups(pupil=press.pupil), refused.message)
    note = staff_phrases.ROSTER_GROUP_SET.format(
        name=place.full_name, group=group.name, subject=group.subject
    )
    return await groups(turn, RosterGroups(pupil=press.pupil), note)


async def staff(turn: Turn, press: RosterStaff) -> list[Reply]:
    await turn.run(open_classes)  # the administrator's check before asking anything
    turn.set_state(states.AwaitingStaff())
    cancel = button(phrases.CANCEL, Roster())
    return [Reply(staff_phrases.ROSTER_ASK_STAFF, Keyboard.of([cancel]))]


async def typed_staff(turn: Turn, text: str) -> list[Reply]:
    if turn.state_as(states.AwaitingStaff) is None:
        return await stale(turn)
    cancel = Keyboard.of([button(phrases.CANCEL, Roster())])
    name, *positions = [p.strip() for p in text.split(",")]
    names = name.split()
    positions = [p for p in positions if p]
    if len(names) < 2 or not positions:
        return [Reply(f"{staff_phrases.ROSTER_NEED_STAFF}\n{staff_phrases.ROSTER_AGAIN}", cancel)]
    try:
        roles = positions_of(positions)
        await turn.run(add_staff, names[0], names[1], " ".join(names[2:]), roles)
    except JournalError as refused:
        return [Reply(f"{refused.message}\n{staff_phrases.ROSTER_AGAIN}", cancel)]
    turn.clear_state()
    note = staff_phrases.ROSTER_STAFF_ADDED.format(
        name=" ".join(names), positions=", ".join(positions)
    )
    return [Reply(note, Keyboard.of([button(staff_phrases.BACK, Roster())], [to_menu()]))]
