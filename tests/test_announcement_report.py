from datetime import timedelta
from itertools import count as counter

import pytest
from sqlalchemy import select

from db.enums import AnnouncementScope, Platform
from db.models import Announcement, ChatAccount, DigestItem, OutgoingMessage, Person
from services.context import Ctx, Journal
from services.errors import AccessDenied, NotFound
from services.messages.announcement_report import delivery_report
from services.messages.announcing import mark_announcement_read, publish_announcement
from services.staff_views import AnnouncementReport
from tests import read_rows
from tests.tiny_school import TINY_NOW, TinySchool
from tests.write_support import actor, update

_keys = counter()


async def publish(journal: Journal, tiny: TinySchool, who: str = "deputy", **kw: object) -> int:
    fields: dict[str, object] = {"title": "Собрание", "text": "В пятницу", "scope": "school"}
    return await journal.run(publish_announcement, await actor(journal, tiny, who), **fields | kw)


async def report(journal: Journal, tiny: TinySchool, who: str, ann: int) -> AnnouncementReport:
    return await journal.run(delivery_report, await actor(journal, tiny, who), ann)


async def chat(
    journal: Journal, tiny: TinySchool, who: str, platform: Platform = Platform.TELEGRAM, **kw: bool
) -> int:
    async def op(ctx: Ctx) -> int:
        account = ChatAccount(
            platform=platform,
            external_id=f"{who}-{platform.value}",
            person_id=tiny.people[who],
            consent_at=TINY_NOW,
            linked_at=TINY_NOW,
            **kw,
        )
        ctx.session.add(account)
        await ctx.session.flush()
        return account.id

    return await journal.run(op)


async def message(
    journal: Journal, account: int, kind: str, ref_id: int | None, status: str
) -> None:
    async def op(ctx: Ctx) -> None:
        ctx.session.add(
            OutgoingMessage(
                chat_account_id=account,
                platform=Platform.TELEGRAM,
                chat_external_id="x",
                kind=kind,
                ref_id=ref_id,
                text="…",
                dedup_key=f"k{next(_keys)}",
                status=status,
                created_at=ctx.now,
                next_attempt_at=ctx.now,
            )
        )

    await journal.run(op)


async def held(journal: Journal, account: int, ann: int, released: bool) -> None:
    async def op(ctx: Ctx) -> None:
        ctx.session.add(
            DigestItem(
                chat_account_id=account,
                kind="announcement",
                ref_id=ann,
                text="…",
                dedup_key=f"k{next(_keys)}",
                created_at=ctx.now - timedelta(hours=8),
                release_at=ctx.now - timedelta(minutes=1),
                released=released,
            )
        )

    await journal.run(op)


async def test_counts_of_the_audience_and_its_delivery(journal: Journal, tiny: TinySchool) -> None:
    ann = await publish(journal, tiny)
    await message(journal, await chat(journal, tiny, "a1"), "announcement", ann, "sent")
    # g1 blocked the bot in Telegram but still reads VK: reachable.
    await message(
        journal, await chat(journal, tiny, "g1", Platform.VK), "announcement", ann, "sent"
    )
    await chat(journal, tiny, "g1", is_blocked=True)
    g2 = await chat(journal, tiny, "g2", is_blocked=True)
    await message(journal, g2, "announcement", ann, "failed")
    await message(journal, await chat(journal, tiny, "g3"), "announcement", ann, "pending")
    # g4's notice waited out the quiet hours and went out in a morning digest of several.
    g4 = await chat(journal, tiny, "g4")
    await held(journal, g4, ann, released=True)
    await message(journal, g4, "digest", None, "sent")
    await journal.run(mark_announcement_read, await actor(journal, tiny, "a1"), ann)
    found = await report(journal, tiny, "deputy", ann)
    assert (found.audience, found.linked, found.not_linked) == (10, 5, 5)
    assert (found.delivered, found.queued, found.read, found.blocked) == (3, 1, 1, 1)
    assert [(p.full_name, p.note) for p in found.not_linked_people] == [
        ("Смирнова Ева", "ученик 1А"),
        ("Петрова Анна", "ученик 5А"),
        ("Сидоров Олег", "ученик 5А"),
        ("Иванова Мария", "ученик 5Б"),
        ("Кузнецов Дмитрий", "ученик 5Б"),
    ]
    assert [(p.person_id, p.note) for p in found.blocked_people] == [
        (tiny.people["g2"], "родитель, 5А")
    ]


async def test_digest_items_not_yet_sent_are_queued(journal: Journal, tiny: TinySchool) -> None:
    ann = await publish(journal, tiny)
    await held(journal, await chat(journal, tiny, "g1"), ann, released=False)
    g2 = await chat(journal, tiny, "g2")
    await held(journal, g2, ann, released=True)
    await message(journal, g2, "digest", None, "pending")
    found = await report(journal, tiny, "deputy", ann)
    assert (found.delivered, found.queued) == (0, 2)


async def test_a_class_announcement_to_guardians_only(journal: Journal, tiny: TinySchool) -> None:
    ann = await publish(
        journal, tiny, "math", scope="class", class_id=tiny.classes["5А"], to_pupils=False
    )
    found = await report(journal, tiny, "math", ann)
    assert found.audience == 3
    notes = {p.person_id: p.note for p in found.not_linked_people}
    assert notes == {tiny.people[k]: "родитель, 5А" for k in ("g1", "g2", "g3")}


async def test_staff_audience_leaves_the_author_and_inactive_people_out(
    journal: Journal, tiny: TinySchool
) -> None:
    await update(journal, Person, tiny.people["medic"], is_active=False)
    ann = await publish(journal, tiny, to_staff=True, to_pupils=False, to_guardians=False)
    found = await report(journal, tiny, "director", ann)
    staff = {p.person_id for p in found.not_linked_people}
    expected = {"admin", "director", "math", "rus", "eng1", "eng2", "primary"}
    assert staff == {tiny.people[k] for k in expected}
    assert {p.note for p in found.not_linked_people} == {"сотрудник"}


async def test_grade_announcement_covers_only_that_grade(
    journal: Journal, tiny: TinySchool
) -> None:
    ann = await publish(journal, tiny, scope=AnnouncementScope.GRADE, grade=1)
    found = await report(journal, tiny, "deputy", ann)
    assert {p.person_id for p in found.not_linked_people} == {
        tiny.people["c1"],
        tiny.people["g4"],
    }


async def test_only_the_author_deputy_and_director_see_the_report(
    journal: Journal, tiny: TinySchool
) -> None:
    ann = await publish(journal, tiny, "math", scope="class", class_id=tiny.classes["5А"])
    for who in ("math", "deputy", "director"):
        assert (await report(journal, tiny, who, ann)).audience == 6
    for who in ("rus", "admin", "g1", "a1"):
        with pytest.raises(AccessDenied):
            await report(journal, tiny, who, ann)
    with pytest.raises(NotFound):
        await report(journal, tiny, "deputy", 10_000)


async def test_another_schools_announcement_is_not_found(
    journal: Journal, tiny: TinySchool
) -> None:
    await journal.run(read_rows.other_school, tiny)

    async def foreign(ctx: Ctx) -> int:
        found = await ctx.session.scalar(
            select(Announcement.id).where(Announcement.title == "Чужое объявление")
        )
        assert found is not None
        return found

    with pytest.raises(NotFound):
        await report(journal, tiny, "deputy", await journal.run(foreign))
