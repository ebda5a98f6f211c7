"""chat_standing reads in one statement what account_status, actor_for_chat, my_pupils,
school_of and get_state read one by one: it must say exactly what they say, for everyone."""

from sqlalchemy import update

from db.enums import Platform
from db.models import ChatAccount, Person, School
from services.chat.accounts import account_status, actor_for_chat, select_pupil
from services.chat.standing import ChatStanding, chat_standing, unblock
from services.chat.state import NO_STATE, get_state, set_state
from services.context import Ctx, Journal
from services.lessons.timing import school_of
from services.people.family import my_pupils
from tests.test_chat_accounts import link
from tests.tiny_school import TinySchool

TG = Platform.TELEGRAM


async def as_before(ctx: Ctx, external_id: str) -> ChatStanding:
    """The standing as the separate reads give it (actor_for_chat also unblocks)."""
    status = await account_status(ctx, TG, external_id)
    state = await get_state(ctx, TG, external_id)
    actor = await actor_for_chat(ctx, TG, external_id) if status.person_id else None
    if actor is None:
        return ChatStanding(status, state=state)
    school = await school_of(ctx, actor.school_id)
    pupils = tuple(await my_pupils(ctx, actor))
    return ChatStanding(status, actor, pupils, school.name, school.timezone, state=state)


async def test_everyone_stands_as_the_separate_reads_say(journal: Journal, tiny: TinySchool):
    async def arrange(ctx: Ctx) -> None:
        for n, (key, person_id) in enumerate(tiny.people.items()):
            await link(ctx, TG, key, person_id)
            if n % 3 == 0:
                await set_state(ctx, TG, key, "schedule_week", {"pupil": 1, "week": n})
        await ctx.session.flush()
        actor = await actor_for_chat(ctx, TG, "g1")
        assert actor is not None
        await select_pupil(ctx, actor, TG, "g1", tiny.people["b1"])
        # Someone switched off, and a child who moved to another school.
        await ctx.session.execute(
            update(Person).where(Person.id == tiny.people["eng2"]).values(is_active=False)
        )
        other = School(name="Школа № 2", short_name="Ш2", timezone="Asia/Yekaterinburg")
        ctx.session.add(other)
        await ctx.session.flush()
        await ctx.session.execute(
            update(Person).where(Person.id == tiny.people["b1"]).values(school_id=other.id)
        )

    await journal.run(arrange)

    async def compare(ctx: Ctx) -> None:
        for key in [*tiny.people, "stranger"]:
            standing = await chat_standing(ctx, TG, key)
            assert not standing.unblocked
            assert standing == await as_before(ctx, key), key

    await journal.run(compare)
    g1 = await journal.run(chat_standing, TG, "g1")
    assert g1.actor is not None and g1.actor.children == {tiny.people["a1"], tiny.people["b1"]}
    assert [p.id for p in g1.pupils] == [tiny.people["a1"]]  # b1 is at another school now
    assert g1.status.selected_pupil_id == tiny.people["b1"]
    math = await journal.run(chat_standing, TG, "math")
    assert math.actor is not None and math.actor.teaching and not math.pupils
    assert (await journal.run(chat_standing, TG, "eng2")).actor is None


async def test_the_memory_of_a_chat_not_linked_yet(journal: Journal, tiny: TinySchool) -> None:
    await journal.run(set_state, TG, "500", "awaiting_code")
    standing = await journal.run(chat_standing, TG, "500")
    assert not standing.status.exists and standing.actor is None
    assert standing.state.name == "awaiting_code"
    assert (await journal.run(chat_standing, TG, "501")).state == NO_STATE


async def test_a_blocked_chat_is_reported_and_unblocked_by_the_caller(
    journal: Journal, tiny: TinySchool
) -> None:
    async def arrange(ctx: Ctx) -> None:
        await link(ctx, TG, "7", tiny.people["g2"], blocked=True)

    await journal.run(arrange)
    standing = await journal.run(chat_standing, TG, "7")
    assert standing.unblocked and standing.actor is not None
    await journal.run(unblock, TG, "7")
    assert not (await journal.run(chat_standing, TG, "7")).unblocked

    async def blocked(ctx: Ctx) -> bool | None:
        return await ctx.session.scalar(
            ChatAccount.__table__.select()
            .with_only_columns(ChatAccount.is_blocked)
            .where(ChatAccount.external_id == "7")
        )

    assert await journal.run(blocked) is False
