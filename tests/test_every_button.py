"""Every button the conversation builds, for every kind of person: each screen's buttons are
pressed in turn (depth first, so that the flows are followed: a mark's value, its work type,
"Оставить прежний"), every payload must read back as the action it was built with, every
action must be routed, and no press may break the conversation."""

import json
from collections import Counter
from dataclasses import dataclass, field, fields
from datetime import date, timedelta

import pytest

from db.enums import AnnouncementScope, AttendanceStatus, Platform
from db.models import GuardianLink
from handlers.core.conversation import Conversation
from handlers.core.io import Reply
from handlers.core.routing import ROUTES
from handlers.staff.routes import TEXT_FLOWS
from keyboards.actions.family import ForgetYes, GraduateArchive, UnlinkYes
from keyboards.actions.reports import FillingSend
from keyboards.actions.staff import (
    ClassWeekOpen,
    ImportApply,
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
    YearClose,
    YearCloseYes,
    YearEnd,
    YearOpenNext,
    YearPromote,
    YearPromoteAdd,
    YearPromoteCheck,
    YearPromoteDraft,
    YearPromoteOpenClass,
    YearPromoteReset,
    YearPromoteYes,
)
from keyboards.notification_buttons import absence_keyboard, read_keyboard
from keyboards.payloads import Press, actions, pack, unpack
from notifications.rules.messages import answer_keyboard
from services.attendance.roll_call import save_roll_call
from services.chat.state import StoredState, clear_state, get_state, set_state
from services.context import Ctx, Journal
from services.lessons.homework_files import NewFile
from services.lessons.notes import set_homework
from services.marks.marking import record_mark
from services.messages.announcing import publish_announcement
from services.messages.direct import send_question
from services.people.actor import load_actor
from tests.staff_kit import add_half_years
from tests.test_conversation_kit import Chat, add_records, calm, invite_code, linked_chat
from tests.tiny_school import TODAY, TinySchool
from texts import notification_phrases, phrases

# A guardian of two, a pupil, a teacher who leads a class, a deputy, the medical worker: every
# screen is theirs.
PEOPLE = ("g1", "a1", "math", "deputy", "medic")
# Pressing these ends the chat the crawl goes on in.
ENDING = {UnlinkYes, ForgetYes}
# Built by the weekly summary's job: tests/notifications/test_class_week.py presses it. And by
# the monthly control of filling (for the deputy only, who the crawl may reach after a teacher
# pressed the same report): tests/test_reports_chat.py presses it.
UNDER_NOTIFICATIONS = {ClassWeekOpen, FillingSend}
# Shown after the administrator of the journal sends a file: tests/test_import_chat.py.
AFTER_A_FILE = {ImportApply}
# Offered to graduates' families (the tiny school's year is not over): tests/test_year_end.py.
AFTER_GRADUATION = {GraduateArchive}
# The administrator's roster of pupils (no one in PEOPLE administers): tests/test_roster.py.
ADMINISTRATOR_ONLY = {
    YearClose,
    YearCloseYes,
    YearEnd,
    YearOpenNext,
    YearPromote,
    YearPromoteAdd,
    YearPromoteCheck,
    YearPromoteDraft,
    YearPromoteOpenClass,  # tests/test_year_end_missing_class.py
    YearPromoteReset,
    YearPromoteYes,
    Roster,
    RosterGroups,
    RosterGroupSet,
    RosterLeader,
    RosterLeaderSet,
    RosterStaff,
    RosterAdmit,
    RosterClass,
    RosterLeave,
    RosterLeaveYes,
    RosterMove,
    RosterMoveTo,
    RosterReturn,
    RosterPupil,
}
PRESSES_PER_PERSON = 600
# Each action some times in each state, with different ids...
PER_ACTION = 10
# ...on the days around the tiny school's today: the days before and after are endless.
HORIZON = timedelta(days=7)
# What a flow waiting for text is given: a topic, homework, a room, a comment, a question...
TYPED = "Проверка: упр. 1"
WAITING_FOR_TEXT = {flow.state.name for flow in TEXT_FLOWS.values() if flow.takes}
SCHOOL = AnnouncementScope.SCHOOL


@dataclass
class Seen:
    """The actions of the buttons shown, and which way each of their bool fields was set."""

    actions: set[type[Press]] = field(default_factory=set)
    switches: set[tuple[type[Press], str, bool]] = field(default_factory=set)

    def add(self, press: Press) -> None:
        self.actions.add(type(press))
        self.switches |= {
            (type(press), f.name, getattr(press, f.name))
            for f in fields(press)  # type: ignore[arg-type]
            if f.type is bool
        }


async def more_records(journal: Journal, tiny: TinySchool) -> None:
    """What some screens need before they offer their buttons (besides add_records): a mark
    with a comment, a question waiting for its answer, a homework file, an absence to correct,
    a teacher who is a parent too, a year of seven periods (their «осв.» on a screen of its own)."""

    async def fill(ctx: Ctx) -> None:
        # The teacher is a mother too: her menu is a parent's, with a button to her own.
        ctx.session.add(GuardianLink(guardian_id=tiny.people["math"], pupil_id=tiny.people["b2"]))
        math = await load_actor(ctx, tiny.people["math"])
        lesson = tiny.lessons["math-today"]
        # Ivan's first mark, the first the crawl corrects: "Оставить прежний" is offered.
        await record_mark(ctx, math, lesson, tiny.people["a1"], 4, "answer", "Хорошо")
        # An absence the class teacher corrects, on a lesson whose roll call is not hers.
        rus = await load_actor(ctx, tiny.people["rus"])
        absent = {tiny.people["a3"]: AttendanceStatus.ABSENT}
        await save_roll_call(ctx, rus, tiny.lessons["rus-today"], absent)
        task = NewFile("document", "task.txt", "text/plain", b"1 + 1")
        await set_homework(ctx, math, lesson, "Задачи в файле", files=[task])
        g1 = await load_actor(ctx, tiny.people["g1"])
        await send_question(ctx, g1, tiny.people["a1"], math.person_id, "Как дела у Ивана?")

    await journal.run(fill)
    await add_half_years(journal, tiny)


def check(chat: Chat, seen: Seen) -> list[str]:
    """The payloads of the buttons just shown, each read back as the action it was built as."""
    found = []
    for reply in chat.replies:
        assert reply.text != phrases.SOMETHING_WRONG, chat.text
        for button in reply.keyboard.buttons() if reply.keyboard else ():
            if button.url:
                continue
            press = unpack(button.payload)
            assert press is not None, (button.label, button.payload)
            assert pack(press) == button.payload
            seen.add(press)
            found.append(button.payload)
    return found


def days_of(press: Press | None) -> list[date]:
    return [v for f in fields(press) if isinstance(v := getattr(press, f.name), date)]  # type: ignore[arg-type]


async def state_of(journal: Journal, chat: Chat) -> StoredState:
    return await journal.run(get_state, Platform.TELEGRAM, chat.account)


async def restore(journal: Journal, chat: Chat, state: StoredState) -> None:
    """The chat's state as it was when a button was shown: as if it were pressed right then."""
    if state.name:
        data = json.loads(state.data)
        await journal.run(set_state, Platform.TELEGRAM, chat.account, state.name, data)
    else:
        await journal.run(clear_state, Platform.TELEGRAM, chat.account)


def shape(state: StoredState) -> tuple[str, ...]:
    """The state's name and which of its fields are set: a draft correcting a mark is
    another shape than a new mark's, and each shape gets its few presses of each action."""

    def paths(value: object, at: str) -> list[str]:
        if isinstance(value, dict):
            inner = [
                p for k, v in value.items() if not k.isdecimal() for p in paths(v, f"{at}.{k}")
            ]
            return [at, *inner]
        return [at] if value not in (None, "", [], {}) else []

    return (state.name or "", *sorted(paths(json.loads(state.data or "{}"), "")))


async def crawl(journal: Journal, chat: Chat, seen: Seen) -> None:
    """From the screens the questions to unlink and to forget open (their "Отмена" leads to
    the main menu), press what is shown, depth first, each button in the state the chat was in
    when it was shown (a value pressed for a new mark, and for a mark being corrected), each
    action a few times in each shape of state."""
    pressed: set[tuple[str, StoredState]] = set()
    kinds: Counter[tuple[type[Press], tuple[str, ...]]] = Counter()
    pending: list[tuple[str, StoredState]] = []
    for question in ("/unlink", "/forget"):
        await chat.send(question)
        state = await state_of(journal, chat)
        pending += [(raw, state) for raw in reversed(check(chat, seen))]
    while pending and len(pressed) < PRESSES_PER_PERSON:
        raw, state = pending.pop()
        press = unpack(raw)
        kind = type(press)
        if (raw, state) in pressed or kind in ENDING or kinds[kind, shape(state)] >= PER_ACTION:
            continue
        if any(abs(day - TODAY) > HORIZON for day in days_of(press)):
            continue
        pressed.add((raw, state))
        kinds[kind, shape(state)] += 1
        if await state_of(journal, chat) != state:
            await restore(journal, chat, state)
        await chat.send_payload(raw)
        shown = check(chat, seen)
        now = await state_of(journal, chat)
        if now.name in WAITING_FOR_TEXT:
            await chat.send(TYPED)
            shown += check(chat, seen)
            now = await state_of(journal, chat)
        pending += [(p, now) for p in reversed(shown)]


@pytest.mark.slow
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_every_button_reads_back_as_its_action_and_is_answered(
    journal: Journal, tiny: TinySchool
) -> None:
    await more_records(journal, tiny)
    await add_records(journal, tiny)
    seen = Seen()
    # The buttons under notifications first, pressed by those they are sent to, while Anna is
    # still absent (the teacher's roll call below may mark her present).
    guardian = await linked_chat(journal, tiny, "g3", account="600")
    guardian.replies = [Reply("", absence_keyboard(tiny.lessons["math-today"], tiny.people["a2"]))]
    for raw in check(guardian, seen):
        await guardian.send_payload(raw)
        assert "Спасибо" in guardian.text
    deputy = await journal.run(load_actor, tiny.people["deputy"])
    announced = await journal.run(
        publish_announcement, deputy, title="Собрание", text="В четверг.", scope=SCHOOL
    )
    guardian.replies = [Reply("", read_keyboard(announced))]
    [read] = check(guardian, seen)
    await guardian.send_payload(read)
    assert guardian.text == notification_phrases.ANNOUNCEMENT_READ
    guardian.replies = [Reply("", answer_keyboard(1))]  # pressed in test_rules_messages.py
    check(guardian, seen)
    for n, key in enumerate(PEOPLE):
        chat = Chat(Conversation(journal, throttle=calm()), account=str(500 + n))
        await chat.send(f"/start {await invite_code(journal, tiny, key)}")
        check(chat, seen)
        await chat.press(phrases.DISAGREE)
        await chat.press(phrases.AGREE)
        await crawl(journal, chat, seen)

    never_built = (
        set(actions())
        - seen.actions
        - UNDER_NOTIFICATIONS
        - AFTER_A_FILE
        - ADMINISTRATOR_ONLY
        - AFTER_GRADUATION
    )
    assert not never_built, sorted(a.__name__ for a in never_built)
    # Both ways of every switch: "Оставить прежний" (keep) among them, a kind turned on and off.
    every_way = {
        (kind, f.name, value)
        for kind in actions()
        for f in fields(kind)  # type: ignore[arg-type]
        if f.type is bool
        for value in (False, True)
    }
    assert every_way <= seen.switches, every_way - seen.switches


def test_every_action_has_exactly_one_route() -> None:
    assert set(ROUTES) == set(actions())
