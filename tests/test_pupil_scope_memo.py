"""The chat's standing reads the rows of the access check of the pupil the chat shows, and the
check (services.people.access.pupil_scope) then runs no statement of its own: the very rows
its own query gives, for this operation only, and only until the operation writes."""

from collections.abc import Sequence
from datetime import date
from typing import Any

import pytest
from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncEngine

from db.enums import Gender, Platform
from db.models import (
    ChatAccount,
    Enrollment,
    GuardianLink,
    Person,
    School,
    SchoolClass,
    SchoolYear,
    SubgroupMember,
)
from services.chat.standing import chat_standing
from services.context import Ctx, Journal
from services.errors import AccessDenied
from services.people.access import PupilScope, pupil_scope
from services.people.actor import load_actor
from services.people.scope_rows import SCOPE_QUERY, remembered_scope
from services.scoped_queries import plain_rows
from tests.read_rows import mark
from tests.test_chat_accounts import link
from tests.test_conversation_kit import linked_chat
from tests.test_conversation_transactions import counting
from tests.tiny_school import TinySchool

TG = Platform.TELEGRAM
PUPILS = ("a1", "a2", "a3", "b1", "b2", "c1")


def exactly(rows: Sequence[Sequence[Any]]) -> list[str]:
    """Rows with their values' types: True is not 1, Gender.MALE is not "m"."""
    return sorted(repr(tuple(r)) for r in rows)


async def query_rows(ctx: Ctx, pupil_id: int, school_id: int) -> list[str]:
    return exactly(
        await plain_rows(ctx, SCOPE_QUERY, {"pupil_id": pupil_id, "school_id": school_id})
    )


class OtherSchool:
    """A second school with a class of its own and a pupil in it, "x"."""

    school_id = 0
    class_id = 0
    pupil_id = 0


async def arrange(ctx: Ctx, tiny: TinySchool, other: OtherSchool) -> None:
    s = ctx.session
    for key, person_id in tiny.people.items():
        await link(ctx, TG, key, person_id)
    school = School(name="Школа № 2", short_name="Ш2", timezone="Asia/Yekaterinburg")
    s.add(school)
    await s.flush()
    year = SchoolYear(
        school_id=school.id, name="2026/2027", starts_on=date(2026, 9, 1), ends_on=date(2027, 5, 31)
    )
    s.add(year)
    await s.flush()
    klass = SchoolClass(school_id=school.id, year_id=year.id, grade=7, letter="В", home_room="3")
    x = Person(school_id=school.id, last_name="Чужой", first_name="Ян")
    s.add_all([klass, x])
    await s.flush()
    s.add(Enrollment(pupil_id=x.id, class_id=klass.id))
    other.school_id, other.class_id, other.pupil_id = school.id, klass.id, x.id
    # Every kind of column filled somewhere, and None where it may be.
    a1, b1, a3 = (tiny.people[k] for k in ("a1", "b1", "a3"))
    await s.execute(
        update(Person)
        .where(Person.id == a1)
        .values(birth_date=date(2015, 3, 4), gender=Gender.MALE, middle_name="Сергеевич")
    )
    await s.execute(
        update(Person)
        .where(Person.id == b1)
        .values(gender=Gender.FEMALE, refused_electronic=True, is_active=False)
    )
    await s.execute(
        update(SchoolClass)
        .where(SchoolClass.id == tiny.classes["5Б"])
        .values(home_room="14", class_teacher_id=None)
    )
    # Олег's place is in a class of the other school, while he is of this one.
    await s.execute(update(Enrollment).where(Enrollment.pupil_id == a3).values(class_id=klass.id))
    # Елена shows Мария; Николай shows his child at the other school.
    s.add(GuardianLink(guardian_id=tiny.people["g3"], pupil_id=x.id, relation="родитель"))
    for key, shown in (("g1", b1), ("g3", x.id)):
        await s.execute(
            update(ChatAccount)
            .where(ChatAccount.external_id == key)
            .values(selected_pupil_id=shown)
        )


async def test_the_kept_rows_are_those_the_check_reads(journal: Journal, tiny: TinySchool) -> None:
    other = OtherSchool()
    await journal.run(arrange, tiny, other)
    people = {**tiny.people, "x": other.pupil_id}
    # The chosen child (Мария, switched off since), the only child, the pupil themself; no one
    # for a guardian of several with none chosen yet, for staff, or for a child of another school.
    shown = {key: key for key in PUPILS}
    shown |= {"g1": "b1", "g2": "a1", "g4": "c1"}

    async def compare(ctx: Ctx) -> dict[str, PupilScope]:
        scopes = {}
        for key in tiny.people:
            standing = await chat_standing(ctx, TG, key)
            kept = {
                (who, school): rows
                for who, pupil_id in people.items()
                for school in (tiny.school_id, other.school_id)
                if (rows := remembered_scope(ctx, pupil_id, school)) is not None
            }
            if key not in shown:
                assert not kept, key
                continue
            assert list(kept) == [(shown[key], tiny.school_id)], key
            [rows] = kept.values()
            pupil_id = people[shown[key]]
            assert exactly(rows) == await query_rows(ctx, pupil_id, tiny.school_id), key
            if standing.actor is not None:  # Мария is switched off: her own chat shows nothing
                scopes[key] = await pupil_scope(ctx, standing.actor, pupil_id)
        return scopes

    kept = await journal.run(compare)
    assert {s.pupil.id: s.subgroup_ids for s in kept.values()} == {
        tiny.people["a1"]: {tiny.subgroups["eng1"]},
        tiny.people["a2"]: {tiny.subgroups["eng1"]},
        tiny.people["a3"]: {tiny.subgroups["eng2"]},
        tiny.people["b1"]: set(),
        tiny.people["b2"]: set(),
        tiny.people["c1"]: set(),
    }
    assert kept["a3"].school_class.id == other.class_id  # as the check's own query says

    # The same access decisions from the check's own query.
    async def read_anew(ctx: Ctx) -> dict[str, PupilScope]:
        scopes = {}
        for key, scope in kept.items():
            actor = await load_actor(ctx, tiny.people[key])  # no standing: nothing kept
            scopes[key] = await pupil_scope(ctx, actor, scope.pupil.id)
        return scopes

    assert await journal.run(read_anew) == kept

    async def other_school(ctx: Ctx) -> None:
        standing = await chat_standing(ctx, TG, "g3")
        assert standing.actor is not None and other.pupil_id in standing.actor.children
        assert await query_rows(ctx, other.pupil_id, tiny.school_id) == []
        with pytest.raises(AccessDenied):
            await pupil_scope(ctx, standing.actor, other.pupil_id)

    await journal.run(other_school)


async def test_after_a_write_the_check_reads_afresh(
    journal: Journal, engine: AsyncEngine, tiny: TinySchool
) -> None:
    await journal.run(link, TG, "g2", tiny.people["g2"])
    a1 = tiny.people["a1"]

    async def move_within(ctx: Ctx) -> tuple[PupilScope, PupilScope]:
        actor = (await chat_standing(ctx, TG, "g2")).actor
        assert actor is not None
        with counting(engine) as seen:
            before = await pupil_scope(ctx, actor, a1)
        assert seen["statements"] == 0  # kept by the standing
        await ctx.session.execute(
            update(Enrollment).where(Enrollment.pupil_id == a1).values(class_id=tiny.classes["5Б"])
        )
        await ctx.session.execute(delete(SubgroupMember).where(SubgroupMember.pupil_id == a1))
        with counting(engine) as seen:
            after = await pupil_scope(ctx, actor, a1)
        assert seen["statements"] == 1
        # The chat's standing read again after the write keeps nothing for later either.
        await chat_standing(ctx, TG, "g2")
        assert remembered_scope(ctx, a1, tiny.school_id) is None
        return before, after

    before, after = await journal.run(move_within)
    assert (before.school_class.id, before.subgroup_ids) == (
        tiny.classes["5А"],
        {tiny.subgroups["eng1"]},
    )
    assert (after.school_class.id, after.subgroup_ids) == (tiny.classes["5Б"], set())

    async def next_operation(ctx: Ctx) -> PupilScope:
        actor = (await chat_standing(ctx, TG, "g2")).actor
        assert actor is not None
        return await pupil_scope(ctx, actor, a1)

    moved = await journal.run(next_operation)
    assert moved.school_class.id == tiny.classes["5Б"] and moved.subgroup_ids == set()

    async def without_the_standing(ctx: Ctx) -> None:
        actor = await load_actor(ctx, tiny.people["g2"])
        with counting(engine) as seen:
            await pupil_scope(ctx, actor, a1)
        assert seen["statements"] == 1

    await journal.run(without_the_standing)


async def test_a_guardian_of_two_switching_sees_each_childs_own(
    journal: Journal, engine: AsyncEngine, tiny: TinySchool
) -> None:
    async def marks(ctx: Ctx) -> None:
        await mark(ctx, tiny, "math-today", "a1", 5, comment="Иван у доски")
        await mark(ctx, tiny, "5Б-math-today", "b1", 3, comment="Мария у доски")

    await journal.run(marks)
    chat = await linked_chat(journal, tiny, "g1")
    for child, own, other in (
        ("Мария, 5Б", "Мария у доски", "Иван у доски"),
        ("Иван, 5А", "Иван у доски", "Мария у доски"),
        ("Мария, 5Б", "Мария у доски", "Иван у доски"),
    ):
        await chat.send("/children")
        await chat.press(child)
        with counting(engine) as seen:
            await chat.send("Оценки")
        assert chat.text.startswith(f"Последние оценки · {child}")
        assert own in chat.text and other not in chat.text
        assert seen["statements"] == 2, child  # the standing kept the chosen child's rows
    # A button of the child not shown now: their rows are read, as before.
    await chat.send("/children")
    await chat.press("Иван, 5А")
    ivans_marks = chat.button("Оценки").payload
    await chat.send("/children")
    await chat.press("Мария, 5Б")
    with counting(engine) as seen:
        await chat.send_payload(ivans_marks)
    assert chat.text.startswith("Последние оценки · Иван, 5А") and "Мария у доски" not in chat.text
    assert seen["statements"] == 3


async def test_a_pupils_own_question_reads_no_scope_of_its_own(
    journal: Journal, engine: AsyncEngine, tiny: TinySchool
) -> None:
    chat = await linked_chat(journal, tiny, "a2", account="300")
    with counting(engine) as seen:
        await chat.press("Домашнее задание")
    assert "Анна, 5А" in chat.text
    assert seen["statements"] == 2  # the standing (with Анна's own rows), the homework
