from datetime import date, timedelta

import pytest

from db.enums import AttendanceStatus, InviteRole, Platform
from db.models import ChatAccount, InviteCode, Lesson
from services.attendance.roll_call import correct_attendance, save_roll_call
from services.class_teacher.overview import class_week_attendance, reissue_invite, unlinked_people
from services.context import Ctx, Journal
from services.errors import AccessDenied, RuleViolation
from services.invites.class_invites import MIN_VALID_DAYS
from services.invites.redeeming import InviteRefused, issue_invites, redeem_invite
from services.staff_views import UnlinkedPerson, WeekAttendance
from tests import read_rows
from tests.tiny_school import TINY_NOW, TODAY, TinySchool
from tests.write_support import actor, add_lesson, count, rows, update

ABSENT, ILL, LATE = AttendanceStatus.ABSENT, AttendanceStatus.ILL, AttendanceStatus.LATE
MONDAY = date(2026, 11, 16)


async def week(journal: Journal, tiny: TinySchool, who: str, start: date = TODAY) -> WeekAttendance:
    return await journal.run(
        class_week_attendance, await actor(journal, tiny, who), tiny.classes["5А"], start
    )


async def absences(journal: Journal, tiny: TinySchool, *marks: tuple[str, str, str]) -> None:
    async def op(ctx: Ctx) -> None:
        for lesson, pupil, status in marks:
            await read_rows.attendance(ctx, tiny, lesson, pupil, AttendanceStatus(status))

    await journal.run(op)


async def test_the_week_lists_every_non_present_entry_per_pupil(
    journal: Journal, tiny: TinySchool
) -> None:
    tiny.lessons["next-week"] = await add_lesson(journal, tiny, "5А-math", date(2026, 11, 23), 1)
    await absences(
        journal,
        tiny,
        ("math-mon", "a2", "absent"),
        ("rus-today", "a3", "late"),
        ("eng1-today", "a1", "ill"),
        ("math-today", "a2", "present"),
        ("rus-tue-cancelled", "a1", "absent"),
        ("next-week", "a1", "absent"),
        ("5Б-math-today", "b1", "absent"),
    )
    found = await week(journal, tiny, "math")
    assert (found.week_start, found.week_end) == (MONDAY, MONDAY + timedelta(days=6))
    assert found.class_title == "5А"
    assert [(p.pupil_id, [(e.lesson_id, e.status) for e in p.entries]) for p in found.pupils] == [
        (tiny.people["a1"], [(tiny.lessons["eng1-today"], ILL)]),
        (tiny.people["a2"], [(tiny.lessons["math-mon"], ABSENT)]),
        (tiny.people["a3"], [(tiny.lessons["rus-today"], LATE)]),
    ]
    entry = found.pupils[2].entries[0]
    assert (entry.date, entry.number, entry.subject) == (TODAY, 2, "Русский язык")
    assert all(e.can_correct for p in found.pupils for e in p.entries)


async def test_only_the_class_teacher_and_the_administration_see_the_week(
    journal: Journal, tiny: TinySchool
) -> None:
    await absences(journal, tiny, ("math-mon", "a2", "absent"))
    seen = await week(journal, tiny, "deputy")
    # The deputy reads but corrects nothing that is not their own lesson.
    assert [e.can_correct for p in seen.pupils for e in p.entries] == [False]
    for who in ("eng1", "rus", "g3", "a2"):
        with pytest.raises(AccessDenied):
            await week(journal, tiny, who)


async def test_entries_past_the_correction_window_are_marked_so(
    journal: Journal, tiny: TinySchool
) -> None:
    old_day = TODAY - timedelta(days=21)
    tiny.lessons["old-rus"] = await add_lesson(journal, tiny, "5А-rus", old_day, 1)
    await absences(journal, tiny, ("old-rus", "a1", "absent"))
    [pupil] = (await week(journal, tiny, "math", old_day)).pupils
    assert [e.can_correct for e in pupil.entries] == [False]
    # ... which is what the correction itself says.
    with pytest.raises(RuleViolation):
        await journal.run(
            correct_attendance,
            await actor(journal, tiny, "math"),
            tiny.lessons["old-rus"],
            tiny.people["a1"],
            AttendanceStatus.EXCUSED,
        )


async def test_lessons_begun_without_a_roll_call_are_listed(
    journal: Journal, tiny: TinySchool
) -> None:
    await update(
        journal, Lesson, tiny.lessons["eng2-today"], substitute_teacher_id=tiny.people["eng1"]
    )
    rus = await actor(journal, tiny, "rus")
    await journal.run(save_roll_call, rus, tiny.lessons["rus-today"], {})
    missing = (await week(journal, tiny, "math")).missing_roll_calls
    assert [m.lesson_id for m in missing] == [
        tiny.lessons[k] for k in ("math-mon", "math-today", "eng1-today", "eng2-today")
    ]
    assert [m.teacher for m in missing] == [
        "Числова М. А.",
        "Числова М. А.",
        "Инглишева А. В.",
        "Инглишева А. В.",
    ]


def by_person(found: list[UnlinkedPerson]) -> dict[int, UnlinkedPerson]:
    return {p.person_id: p for p in found}


async def unlinked(journal: Journal, tiny: TinySchool, cls: str = "5А") -> list[UnlinkedPerson]:
    teacher = {"5А": "math", "5Б": "rus"}[cls]
    return await journal.run(
        unlinked_people, await actor(journal, tiny, teacher), tiny.classes[cls]
    )


async def link(journal: Journal, tiny: TinySchool, who: str) -> None:
    async def op(ctx: Ctx) -> None:
        ctx.session.add(
            ChatAccount(
                platform=Platform.TELEGRAM,
                external_id=f"tg-{who}",
                person_id=tiny.people[who],
                consent_at=TINY_NOW,
                linked_at=TINY_NOW,
            )
        )

    await journal.run(op)


async def test_unlinked_pupils_and_guardians_each_with_a_working_code(
    journal: Journal, tiny: TinySchool
) -> None:
    await link(journal, tiny, "a1")
    found = await unlinked(journal, tiny)
    # Each pupil followed by their guardians: the slips are handed out in this order.
    assert [p.person_id for p in found] == [tiny.people[k] for k in ("g2", "g1", "a2", "g3", "a3")]
    g1 = by_person(found)[tiny.people["g1"]]
    assert (g1.role, g1.children, g1.class_title) == (InviteRole.GUARDIAN, ("Иван",), "5А")
    assert by_person(found)[tiny.people["a2"]].role == InviteRole.PUPIL
    assert all(p.is_new for p in found)
    assert all(p.expires_at == TINY_NOW + timedelta(days=30) for p in found)
    result = await journal.run(redeem_invite, Platform.VK, "vk-a2", found[2].code)
    assert result.person_id == tiny.people["a2"]


async def test_a_second_call_hands_out_the_same_codes_and_revokes_nothing(
    journal: Journal, tiny: TinySchool
) -> None:
    first = await unlinked(journal, tiny)
    again = await unlinked(journal, tiny)
    assert [(p.person_id, p.code) for p in again] == [(p.person_id, p.code) for p in first]
    assert not any(p.is_new for p in again)
    assert await count(journal, InviteCode) == len(first)
    assert await count(journal, InviteCode, InviteCode.revoked.is_(True)) == 0


async def test_codes_from_issue_invites_are_reused_and_used_ones_replaced(
    journal: Journal, tiny: TinySchool
) -> None:
    issued = await journal.run(
        issue_invites, await actor(journal, tiny, "math"), class_id=tiny.classes["5А"]
    )
    codes = {i.person_id: i.code for i in issued}
    await journal.run(redeem_invite, Platform.TELEGRAM, "tg-x", codes[tiny.people["a3"]])
    # g3 redeemed theirs and later unlinked the chat: the used code cannot come back.
    [g3_code] = await rows(journal, InviteCode, InviteCode.person_id == tiny.people["g3"])
    await update(journal, InviteCode, g3_code.id, used_at=TINY_NOW)
    found = by_person(await unlinked(journal, tiny))
    assert tiny.people["a3"] not in found
    assert found[tiny.people["a1"]].code == codes[tiny.people["a1"]]
    assert not found[tiny.people["a1"]].is_new
    assert (
        found[tiny.people["g3"]].is_new
        and found[tiny.people["g3"]].code != codes[tiny.people["g3"]]
    )


async def test_a_code_about_to_expire_is_replaced(journal: Journal, tiny: TinySchool) -> None:
    first = by_person(await unlinked(journal, tiny))
    [old] = await rows(journal, InviteCode, InviteCode.person_id == tiny.people["a2"])
    await update(
        journal, InviteCode, old.id, expires_at=TINY_NOW + timedelta(days=MIN_VALID_DAYS - 1)
    )
    found = by_person(await unlinked(journal, tiny))
    assert found[tiny.people["a2"]].is_new
    assert found[tiny.people["a2"]].code != first[tiny.people["a2"]].code
    assert not found[tiny.people["a1"]].is_new
    revoked = await rows(journal, InviteCode, InviteCode.revoked.is_(True))
    assert [r.id for r in revoked] == [old.id]


async def test_a_guardian_in_two_classes_gets_one_code(journal: Journal, tiny: TinySchool) -> None:
    g1_in_5a = by_person(await unlinked(journal, tiny))[tiny.people["g1"]]
    g1_in_5b = by_person(await unlinked(journal, tiny, "5Б"))[tiny.people["g1"]]
    assert g1_in_5b.code == g1_in_5a.code and not g1_in_5b.is_new
    assert g1_in_5b.children == ("Мария",)


async def test_only_the_class_teacher_hands_out_codes(journal: Journal, tiny: TinySchool) -> None:
    for who in ("rus", "deputy", "admin", "eng1", "g1"):
        with pytest.raises(AccessDenied):
            await journal.run(unlinked_people, await actor(journal, tiny, who), tiny.classes["5А"])
    assert await count(journal, InviteCode) == 0
    with pytest.raises(RuleViolation):
        await journal.run(
            unlinked_people, await actor(journal, tiny, "math"), tiny.classes["5А"], ttl_days=1
        )


async def test_reissue_gives_a_new_code_and_the_old_one_stops(
    journal: Journal, tiny: TinySchool
) -> None:
    await link(journal, tiny, "a1")
    old = by_person(await unlinked(journal, tiny))[tiny.people["g2"]]
    math = await actor(journal, tiny, "math")
    new = await journal.run(reissue_invite, math, tiny.classes["5А"], tiny.people["g2"])
    assert new.is_new and new.code != old.code
    refused = await journal.run(redeem_invite, Platform.TELEGRAM, "tg-g2", old.code)
    assert isinstance(refused, InviteRefused) and "отменён" in refused.message
    # Someone already linked may get a code for a second messenger.
    linked = await journal.run(reissue_invite, math, tiny.classes["5А"], tiny.people["a1"])
    assert linked.role == InviteRole.PUPIL
    with pytest.raises(RuleViolation):
        await journal.run(reissue_invite, math, tiny.classes["5А"], tiny.people["b2"])
