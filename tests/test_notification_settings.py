"""The notification settings service: who may set what for whom, which values it takes, what
it stores (one row per chat account and child), and what a chat without rows hears."""

from typing import Any

import pytest
from sqlalchemy import update

from db.enums import Platform
from db.models import ChatAccount, GuardianLink, NotificationPreference, School
from notifications.rules.prefs import load_prefs
from services.context import Ctx, Journal
from services.errors import AccessDenied, RuleViolation
from services.settings.notifications import (
    KINDS,
    NotificationSettings,
    notification_settings,
    set_kind,
    set_quiet_hours,
    set_subject_threshold,
    set_threshold,
)
from tests.tiny_school import TinySchool
from tests.write_support import actor, rows

TG = Platform.TELEGRAM


async def chat_of(journal: Journal, tiny: TinySchool, key: str, external_id: str) -> int:
    async def add(ctx: Ctx) -> int:
        account = ChatAccount(
            platform=TG,
            external_id=external_id,
            person_id=tiny.people[key],
            consent_at=ctx.now,
            linked_at=ctx.now,
        )
        ctx.session.add(account)
        await ctx.session.flush()
        return account.id

    return await journal.run(add)


async def call(
    journal: Journal, tiny: TinySchool, key: str, op: Any, *args: Any
) -> NotificationSettings:
    result: NotificationSettings = await journal.run(
        op, await actor(journal, tiny, key), TG, f"chat-{key}", *args
    )
    return result


async def stored(journal: Journal, account_id: int) -> dict[int | None, NotificationPreference]:
    found = await rows(
        journal, NotificationPreference, NotificationPreference.chat_account_id == account_id
    )
    return {row.pupil_id: row for row in found}


@pytest.fixture
async def chats(journal: Journal, tiny: TinySchool) -> dict[str, int]:
    keys = ("g1", "g2", "g3", "a1", "g4", "math", "eng1")
    return {key: await chat_of(journal, tiny, key, f"chat-{key}") for key in keys}


async def test_without_rows_the_defaults_show_and_nothing_is_written(
    journal: Journal, tiny: TinySchool, chats: dict[str, int]
) -> None:
    view = await call(journal, tiny, "g2", notification_settings, tiny.people["a1"])
    assert view.offered == KINDS
    assert view.enabled == set(KINDS) - {"all_marks", "evening_card"}
    assert view.poor_mark_threshold == 2
    assert (view.quiet_from, view.quiet_to) == ("22:00", "07:00")
    assert [(s.name, s.threshold, s.own) for s in view.subjects] == [
        ("Английский язык", 2, False),
        ("Математика", 2, False),
        ("Русский язык", 2, False),
    ]
    assert await stored(journal, chats["g2"]) == {}


async def test_the_school_threshold_is_the_default(
    journal: Journal, tiny: TinySchool, chats: dict[str, int]
) -> None:
    async def strict(ctx: Ctx) -> None:
        await ctx.session.execute(
            update(School).where(School.id == tiny.school_id).values(poor_mark_threshold=3)
        )

    await journal.run(strict)
    view = await call(journal, tiny, "g2", notification_settings, tiny.people["a1"])
    assert view.poor_mark_threshold == 3 and {s.threshold for s in view.subjects} == {3}


async def test_a_toggle_writes_a_row_for_every_child_so_the_other_keeps_its_own(
    journal: Journal, tiny: TinySchool, chats: dict[str, int]
) -> None:
    ivan, maria = tiny.people["a1"], tiny.people["b1"]
    view = await call(journal, tiny, "g1", set_kind, ivan, "absences", False)
    assert not view.is_on("absences") and view.pupil_id == ivan
    saved = await stored(journal, chats["g1"])
    assert set(saved) == {None, ivan, maria}
    assert not saved[ivan].absences and saved[maria].absences and saved[None].absences
    # What the notifications read agrees with the screen.
    book = await journal.run(lambda ctx: load_prefs(ctx.session, [chats["g1"]]))
    assert not book.get(chats["g1"], ivan).absences
    assert book.get(chats["g1"], maria).absences
    maria_view = await call(journal, tiny, "g1", notification_settings, maria)
    assert maria_view.is_on("absences")

    again = await call(journal, tiny, "g1", set_kind, ivan, "all_marks", True)
    assert again.is_on("all_marks") and not again.is_on("absences")
    assert len(await stored(journal, chats["g1"])) == 3  # still one row per child


async def test_announcements_and_quiet_hours_are_the_persons(
    journal: Journal, tiny: TinySchool, chats: dict[str, int]
) -> None:
    ivan, maria = tiny.people["a1"], tiny.people["b1"]
    await call(journal, tiny, "g1", set_kind, maria, "announcements", False)
    view = await call(journal, tiny, "g1", set_quiet_hours, maria, "21:00", "07:00")
    assert (view.quiet_from, view.quiet_to) == ("21:00", "07:00")
    saved = await stored(journal, chats["g1"])
    assert {(r.quiet_from, r.quiet_to, r.announcements) for r in saved.values()} == {
        ("21:00", "07:00", False)
    }
    ivan_view = await call(journal, tiny, "g1", notification_settings, ivan)
    assert not ivan_view.is_on("announcements") and ivan_view.quiet_from == "21:00"
    book = await journal.run(lambda ctx: load_prefs(ctx.session, [chats["g1"]]))
    assert not book.get(chats["g1"]).announcements  # as the announcement rule asks


async def test_quiet_hours_can_be_switched_off_and_must_be_times(
    journal: Journal, tiny: TinySchool, chats: dict[str, int]
) -> None:
    ivan = tiny.people["a1"]
    view = await call(journal, tiny, "g2", set_quiet_hours, ivan, "00:00", "00:00")
    assert not view.quiet
    for start, end in (("24:00", "07:00"), ("22:00", "7:00"), ("22-00", "07:00"), ("", "")):
        with pytest.raises(RuleViolation):
            await call(journal, tiny, "g2", set_quiet_hours, ivan, start, end)
    saved = await stored(journal, chats["g2"])
    assert {(r.quiet_from, r.quiet_to) for r in saved.values()} == {("00:00", "00:00")}


async def test_thresholds_are_two_or_three_general_and_per_subject(
    journal: Journal, tiny: TinySchool, chats: dict[str, int]
) -> None:
    ivan, math, rus = tiny.people["a1"], tiny.subjects["math"], tiny.subjects["rus"]
    for wrong in (1, 4, 5, 0):
        with pytest.raises(RuleViolation):
            await call(journal, tiny, "g2", set_threshold, ivan, wrong)
        with pytest.raises(RuleViolation):
            await call(journal, tiny, "g2", set_subject_threshold, ivan, math, wrong)
    assert await stored(journal, chats["g2"]) == {}

    view = await call(journal, tiny, "g2", set_subject_threshold, ivan, math, 3)
    assert {s.subject_id: (s.threshold, s.own) for s in view.subjects}[math] == (3, True)
    assert (await stored(journal, chats["g2"]))[ivan].subject_thresholds == {str(math): 3}
    view = await call(journal, tiny, "g2", set_threshold, ivan, 3)
    assert {s.subject_id: s.threshold for s in view.subjects}[rus] == 3
    # Back to the general value: the subject follows the general threshold again.
    await call(journal, tiny, "g2", set_threshold, ivan, 2)
    view = await call(journal, tiny, "g2", set_subject_threshold, ivan, math, 2)
    assert not any(s.own for s in view.subjects)
    row = (await stored(journal, chats["g2"]))[ivan]
    assert row.poor_mark_threshold == 2 and row.subject_thresholds == {}
    book = await journal.run(lambda ctx: load_prefs(ctx.session, [chats["g2"]]))
    assert book.get(chats["g2"], ivan).threshold(math) == 2


async def test_a_subject_not_in_the_pupils_timetable_is_refused(
    journal: Journal, tiny: TinySchool, chats: dict[str, int]
) -> None:
    with pytest.raises(RuleViolation):
        await call(
            journal, tiny, "g2", set_subject_threshold, tiny.people["a1"], tiny.subjects["read"], 3
        )
    with pytest.raises(RuleViolation):
        await call(journal, tiny, "g2", set_kind, tiny.people["a1"], "everything", True)
    assert await stored(journal, chats["g2"]) == {}


async def test_nobody_sets_anything_for_someone_elses_child(
    journal: Journal, tiny: TinySchool, chats: dict[str, int]
) -> None:
    anna = tiny.people["a2"]
    attempts: list[tuple[str, Any, tuple[Any, ...]]] = [
        ("g2", notification_settings, (anna,)),
        ("g2", set_kind, (anna, "absences", False)),
        ("g2", set_threshold, (anna, 3)),
        ("g2", set_subject_threshold, (anna, tiny.subjects["math"], 3)),
        ("g2", set_quiet_hours, (anna, "21:00", "07:00")),
        ("a1", set_kind, (anna, "absences", False)),  # a classmate
        ("math", set_kind, (anna, "absences", False)),  # her teacher: may read, not set
        ("g2", set_kind, (tiny.people["g3"], "absences", False)),  # a person, not a pupil
    ]
    for key, op, args in attempts:
        with pytest.raises(AccessDenied):
            await call(journal, tiny, key, op, *args)
    for key in ("g2", "a1", "math"):
        assert await stored(journal, chats[key]) == {}


async def test_only_the_chats_own_person_changes_it(
    journal: Journal, tiny: TinySchool, chats: dict[str, int]
) -> None:
    g2 = await actor(journal, tiny, "g2")
    with pytest.raises(AccessDenied):  # g1's chat, g2 acting
        await journal.run(set_kind, g2, TG, "chat-g1", tiny.people["a1"], "absences", False)
    with pytest.raises(AccessDenied):  # no such chat
        await journal.run(set_kind, g2, TG, "nobody", tiny.people["a1"], "absences", False)
    assert await stored(journal, chats["g1"]) == {}


async def test_a_pupils_own_settings_are_the_accounts_own_row(
    journal: Journal, tiny: TinySchool, chats: dict[str, int]
) -> None:
    view = await call(journal, tiny, "a1", set_kind, tiny.people["a1"], "evening_card", True)
    assert view.pupil_id is None and view.is_on("evening_card")
    assert set(await stored(journal, chats["a1"])) == {None}
    same = await call(journal, tiny, "a1", notification_settings, None)
    assert same.is_on("evening_card") and same.subjects


async def test_staff_set_their_notice_board_and_quiet_hours_only(
    journal: Journal, tiny: TinySchool, chats: dict[str, int]
) -> None:
    view = await call(journal, tiny, "eng1", notification_settings, None)
    assert view.offered == ("announcements",) and not view.subjects and not view.marks
    # A class teacher also hears of their class's final marks at risk.
    view = await call(journal, tiny, "math", notification_settings, None)
    assert view.offered == ("final_risk", "announcements") and not view.marks
    view = await call(journal, tiny, "math", set_kind, None, "final_risk", False)
    assert not view.is_on("final_risk")
    await call(journal, tiny, "math", set_kind, None, "announcements", False)
    await call(journal, tiny, "math", set_quiet_hours, None, "23:00", "08:00")
    for key, op, args in (
        ("math", set_kind, ("absences", False)),
        ("math", set_threshold, (3,)),
        ("eng1", set_kind, ("final_risk", False)),
    ):
        with pytest.raises(RuleViolation):
            await call(journal, tiny, key, op, None, *args)
    (row,) = (await stored(journal, chats["math"])).values()
    assert (row.pupil_id, row.final_risk, row.announcements, row.quiet_from, row.absences) == (
        None,
        False,
        False,
        "23:00",
        True,
    )
    book = await journal.run(lambda ctx: load_prefs(ctx.session, [chats["math"]]))
    assert not book.get(chats["math"]).final_risk  # as the class teacher's alert asks
    assert await stored(journal, chats["eng1"]) == {}


async def test_a_teacher_who_is_a_parent_sets_her_own_row_and_her_childs_only(
    journal: Journal, tiny: TinySchool, chats: dict[str, int]
) -> None:
    async def parent(ctx: Ctx) -> None:
        ctx.session.add(GuardianLink(guardian_id=tiny.people["math"], pupil_id=tiny.people["b2"]))

    await journal.run(parent)
    me, dima, account = tiny.people["math"], tiny.people["b2"], chats["math"]
    # Anna is in her class, Словесников a colleague, Сергей Иванов a parent: not hers to set.
    for other in ("a2", "rus", "g2"):
        for op, args in (
            (notification_settings, ()),
            (set_kind, ("announcements", False)),
            (set_kind, ("absences", False)),
            (set_quiet_hours, ("21:00", "07:00")),
        ):
            with pytest.raises(AccessDenied):
                await call(journal, tiny, "math", op, tiny.people[other], *args)
    assert await stored(journal, account) == {}

    # Her own row, asked for by her own id or by none: the class teacher's alerts.
    for whose in (me, None):
        view = await call(journal, tiny, "math", notification_settings, whose)
        assert view.pupil_id is None and view.offered == ("final_risk", "announcements")
    view = await call(journal, tiny, "math", set_kind, me, "final_risk", False)
    assert not view.is_on("final_risk")
    child = await call(journal, tiny, "math", set_kind, dima, "absences", False)
    assert child.pupil_id == dima and child.is_on("final_risk") and "absences" in child.offered
    await call(journal, tiny, "math", set_quiet_hours, me, "23:00", "08:00")
    saved = await stored(journal, account)
    assert set(saved) == {None, dima}
    assert not saved[None].final_risk and saved[None].absences
    assert saved[dima].final_risk and not saved[dima].absences
    assert {(r.quiet_from, r.quiet_to) for r in saved.values()} == {("23:00", "08:00")}
    # What the notifications read agrees: her class's alerts off, her son's on.
    book = await journal.run(lambda ctx: load_prefs(ctx.session, [account]))
    assert not book.get(account).final_risk and book.get(account).quiet_from == "23:00"
    assert book.get(account, dima).final_risk and not book.get(account, dima).absences


async def test_a_grade_without_marks_offers_no_mark_alerts(
    journal: Journal, tiny: TinySchool, chats: dict[str, int]
) -> None:
    eva = tiny.people["c1"]
    view = await call(journal, tiny, "g4", notification_settings, eva)
    assert not {"poor_marks", "all_marks", "final_risk"} & set(view.offered)
    assert "absences" in view.offered and not view.subjects
    with pytest.raises(RuleViolation):
        await call(journal, tiny, "g4", set_kind, eva, "poor_marks", False)
    with pytest.raises(RuleViolation):
        await call(journal, tiny, "g4", set_threshold, eva, 3)
