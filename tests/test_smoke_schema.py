from sqlalchemy import func, select

from db.models import Person
from services.context import Ctx, Journal
from services.people.actor import Role, load_actor
from tests.tiny_school import TinySchool


async def count_people(ctx: Ctx) -> int:
    return int(await ctx.session.scalar(select(func.count()).select_from(Person)) or 0)


async def test_tiny_school_builds_and_roles_are_derived(journal: Journal, tiny: TinySchool) -> None:
    assert await journal.run(count_people) == 19
    g1 = await journal.run(load_actor, tiny.people["g1"])
    assert g1.roles == {Role.GUARDIAN}
    assert g1.children == {tiny.people["a1"], tiny.people["b1"]}
    math = await journal.run(load_actor, tiny.people["math"])
    assert math.roles == {Role.TEACHER, Role.CLASS_TEACHER}
