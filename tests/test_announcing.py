from typing import Any

import pytest

from db.enums import AnnouncementScope
from db.models import Announcement, AnnouncementRead
from services.context import Journal
from services.errors import AccessDenied, NotFound, RuleViolation
from services.messages.announcing import mark_announcement_read, publish_announcement
from tests.tiny_school import TinySchool
from tests.write_support import actor, count, events, get

SCHOOL, GRADE, CLASS = AnnouncementScope.SCHOOL, AnnouncementScope.GRADE, AnnouncementScope.CLASS


async def publish(journal: Journal, tiny: TinySchool, who: str, **kw: Any) -> int:
    kw.setdefault("title", "Собрание")
    kw.setdefault("text", "В четверг в 18:00, актовый зал.")
    kw.setdefault("scope", SCHOOL)
    return await journal.run(publish_announcement, await actor(journal, tiny, who), **kw)


async def read(journal: Journal, tiny: TinySchool, who: str, announcement_id: int) -> None:
    await journal.run(mark_announcement_read, await actor(journal, tiny, who), announcement_id)


async def test_deputy_publishes_school_wide(journal: Journal, tiny: TinySchool) -> None:
    announcement_id = await publish(journal, tiny, "deputy", to_staff=True)
    row = await get(journal, Announcement, announcement_id)
    assert (row.scope, row.author_id, row.to_staff) == (SCHOOL, tiny.people["deputy"], True)
    [event] = await events(journal, "announcement.published")
    assert event.payload == {"announcement_id": announcement_id}


async def test_director_publishes_per_grade_that_exists(journal: Journal, tiny: TinySchool) -> None:
    await publish(journal, tiny, "director", scope=GRADE, grade=5)
    with pytest.raises(RuleViolation, match="7-х классов"):
        await publish(journal, tiny, "director", scope=GRADE, grade=7)
    with pytest.raises(RuleViolation):
        await publish(journal, tiny, "director", scope=GRADE)
    with pytest.raises(RuleViolation):
        await publish(journal, tiny, "director", scope=SCHOOL, grade=5)


async def test_class_teacher_writes_to_own_class_only(journal: Journal, tiny: TinySchool) -> None:
    fifth_a, fifth_b = tiny.classes["5А"], tiny.classes["5Б"]
    await publish(journal, tiny, "math", scope=CLASS, class_id=fifth_a, to_pupils=False)
    with pytest.raises(AccessDenied, match="своему классу"):
        await publish(journal, tiny, "math", scope=CLASS, class_id=fifth_b)
    with pytest.raises(AccessDenied, match="своему классу"):
        await publish(journal, tiny, "math", scope=SCHOOL)
    with pytest.raises(AccessDenied, match="сотрудников"):
        await publish(journal, tiny, "math", scope=CLASS, class_id=fifth_a, to_staff=True)
    assert await count(journal, Announcement) == 1


async def test_others_do_not_publish(journal: Journal, tiny: TinySchool) -> None:
    for who in ("admin", "eng1", "a1", "g1", "medic"):
        with pytest.raises(AccessDenied):
            await publish(journal, tiny, who, scope=CLASS, class_id=tiny.classes["5А"])
    assert await count(journal, Announcement) == 0
    assert await events(journal) == []


async def test_announcement_fields_are_checked(journal: Journal, tiny: TinySchool) -> None:
    bad: list[tuple[dict[str, Any], str]] = [
        ({"title": ""}, "Заголовок"),
        ({"title": "з" * 201}, "200"),
        ({"text": " "}, "пустым"),
        ({"text": "т" * 4001}, "4000"),
        ({"to_guardians": False, "to_pupils": False}, "кому"),
    ]
    for fields, match in bad:
        with pytest.raises(RuleViolation, match=match):
            await publish(journal, tiny, "deputy", **fields)
    assert await count(journal, Announcement) == 0


async def test_limits_are_inclusive(journal: Journal, tiny: TinySchool) -> None:
    announcement_id = await publish(journal, tiny, "deputy", title="з" * 200, text="т" * 4000)
    row = await get(journal, Announcement, announcement_id)
    assert (row.title, row.text) == ("з" * 200, "т" * 4000)


async def test_reading_is_idempotent_and_for_the_audience(
    journal: Journal, tiny: TinySchool
) -> None:
    to_5a = await publish(journal, tiny, "math", scope=CLASS, class_id=tiny.classes["5А"])
    await read(journal, tiny, "g1", to_5a)
    await read(journal, tiny, "g1", to_5a)
    assert await count(journal, AnnouncementRead) == 1
    await read(journal, tiny, "a2", to_5a)
    for outsider in ("g4", "b1", "medic", "rus"):
        with pytest.raises(AccessDenied, match="адресовано не вам"):
            await read(journal, tiny, outsider, to_5a)
    assert await count(journal, AnnouncementRead) == 2


async def test_audience_follows_the_flags_and_the_grade(journal: Journal, tiny: TinySchool) -> None:
    guardians_of_5 = await publish(journal, tiny, "deputy", scope=GRADE, grade=5, to_pupils=False)
    await read(journal, tiny, "g3", guardians_of_5)
    for outsider in ("a1", "g4", "deputy"):
        with pytest.raises(AccessDenied):
            await read(journal, tiny, outsider, guardians_of_5)
    staff_only = await publish(
        journal, tiny, "deputy", to_guardians=False, to_pupils=False, to_staff=True
    )
    for staff in ("medic", "eng2", "director"):
        await read(journal, tiny, staff, staff_only)
    with pytest.raises(AccessDenied):
        await read(journal, tiny, "a1", staff_only)


async def test_reading_a_missing_announcement(journal: Journal, tiny: TinySchool) -> None:
    with pytest.raises(NotFound):
        await read(journal, tiny, "g1", 999_999)
