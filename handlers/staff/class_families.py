"""The class teacher keeps the guardians of the class's pupils (001 §4.3.10, 003 §3.7.2): sees
each pupil's guardians, adds one or corrects one by typing a line."""

from handlers.core.io import Reply
from handlers.core.menu import stale
from handlers.core.turn import Turn
from handlers.staff import states
from handlers.staff.class_teacher import _class as class_brief
from keyboards import staff_menus
from keyboards.actions.staff import ClassFamilies, GuardianAdd, GuardianFix, MyClass, PupilFamily
from keyboards.menus import button, to_menu
from keyboards.model import Keyboard
from services.errors import JournalError
from services.roster.guardians import add_guardian, class_families, correct_guardian, pupil_family
from texts import phrases, staff_phrases


async def families(turn: Turn, press: ClassFamilies) -> list[Reply]:
    pupils = await turn.run(class_families, press.class_id)
    cls = await class_brief(turn, press.class_id)
    cls_title = cls.title if cls else ""
    back = button(staff_phrases.BACK, MyClass(class_id=press.class_id))
    if not pupils:
        return [Reply(staff_phrases.FAMILIES_NONE, Keyboard.of([back, to_menu()]))]
    picks = [
        button(f"{name} ({count})", PupilFamily(pupil=pupil_id)) for pupil_id, name, count in pupils
    ]
    listed, _, _ = staff_menus.paged(
        picks,
        press.page,
        staff_menus.layout(turn.platform, reserved=2),
        lambda label, page: button(label, ClassFamilies(class_id=press.class_id, page=page)),
    )
    rows = [*listed, [back, to_menu()]]
    text = staff_phrases.FAMILIES_TITLE.format(klass=cls_title)
    return [Reply(text, Keyboard.of(*rows), edit=turn.pressed)]


async def _family_reply(turn: Turn, pupil_id: int, note: str = "") -> Reply:
    family = await turn.run(pupil_family, pupil_id)
    lines = [note, ""] if note else []
    lines.append(staff_phrases.FAMILY_TITLE.format(name=family.full_name))
    for g in family.guardians:
        details = ", ".join(part for part in (g.relation, g.phone, g.email) if part)
        lines.append(f"• {g.full_name}" + (f" — {details}" if details else ""))
    if not family.guardians:
        lines.append(staff_phrases.FAMILY_NOBODY)
    fixes = [
        [
            button(
                staff_phrases.FAMILY_FIX.format(name=g.full_name),
                GuardianFix(pupil=pupil_id, guardian=g.id),
            )
        ]
        for g in family.guardians
    ]
    keyboard = Keyboard.of(
        [button(staff_phrases.FAMILY_ADD, GuardianAdd(pupil=pupil_id))],
        *fixes,
        [button(staff_phrases.BACK, ClassFamilies(class_id=family.class_id)), to_menu()],
    )
    return Reply("\n".join(lines), keyboard, edit=turn.pressed)


async def family(turn: Turn, press: PupilFamily) -> list[Reply]:
    return [await _family_reply(turn, press.pupil)]


async def add(turn: Turn, press: GuardianAdd) -> list[Reply]:
    await turn.run(pupil_family, press.pupil)  # the access check before asking anything
    turn.set_state(states.AwaitingGuardian(pupil=press.pupil))
    cancel = button(phrases.CANCEL, PupilFamily(pupil=press.pupil))
    return [Reply(staff_phrases.FAMILY_ASK_NEW, Keyboard.of([cancel]))]


async def fix(turn: Turn, press: GuardianFix) -> list[Reply]:
    family = await turn.run(pupil_family, press.pupil)
    guardian = next((g for g in family.guardians if g.id == press.guardian), None)
    if guardian is None:
        return [await _family_reply(turn, press.pupil)]
    turn.set_state(states.AwaitingGuardian(pupil=press.pupil, guardian=guardian.id))
    cancel = button(phrases.CANCEL, PupilFamily(pupil=press.pupil))
    text = staff_phrases.FAMILY_ASK_FIX.format(name=guardian.full_name)
    return [Reply(text, Keyboard.of([cancel]))]


def _parts(text: str) -> tuple[str, str | None, str | None, str | None]:
    """(name, relation, phone, e-mail) from "ФИО, кем приходится, телефон, почта"; a part not
    written is None. Phone and e-mail may come in either order."""
    pieces = [p.strip() for p in text.split(",")]
    name = pieces[0] if pieces else ""
    relation = pieces[1] if len(pieces) > 1 and pieces[1] else None
    phone = email = None
    for piece in pieces[2:]:
        if "@" in piece:
            email = piece
        elif piece:
            phone = piece
    return name, relation, phone, email


async def typed(turn: Turn, text: str) -> list[Reply]:
    asked = turn.state_as(states.AwaitingGuardian)
    if asked is None:
        return await stale(turn)
    name, relation, phone, email = _parts(text)
    names = name.split()
    cancel = button(phrases.CANCEL, PupilFamily(pupil=asked.pupil))
    try:
        if asked.guardian is None:
            if len(names) < 2:
                again = f"{staff_phrases.FAMILY_NEED_NAME}\n{staff_phrases.FAMILY_AGAIN}"
                return [Reply(again, Keyboard.of([cancel]))]
            added = await turn.run(
                add_guardian,
                asked.pupil,
                names[0],
                names[1],
                " ".join(names[2:]),
                relation or "",
                phone or "",
                email or "",
            )
            family = await turn.run(pupil_family, asked.pupil)
            said = staff_phrases.FAMILY_ADDED if added.is_new else staff_phrases.FAMILY_LINKED
            note = said.format(name=" ".join(names), pupil=family.full_name)
        else:
            if names and len(names) < 2:
                again = f"{staff_phrases.FAMILY_NEED_NAME}\n{staff_phrases.FAMILY_AGAIN}"
                return [Reply(again, Keyboard.of([cancel]))]
            await turn.run(
                correct_guardian,
                asked.pupil,
                asked.guardian,
                last_name=names[0] if names else None,
                first_name=names[1] if names else None,
                middle_name=" ".join(names[2:]) if names else None,
                relation=relation,
                phone=phone,
                email=email,
            )
            note = staff_phrases.FAMILY_FIXED
    except JournalError as refused:
        return [Reply(f"{refused.message}\n{staff_phrases.FAMILY_AGAIN}", Keyboard.of([cancel]))]
    turn.clear_state()
    return [await _family_reply(turn, asked.pupil, note)]
