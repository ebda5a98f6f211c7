"""When a lesson begins and ends in real time: the date, the class's shift and the bell schedule."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select

from db.models import BellSlot, Lesson, School, SchoolClass
from services.context import Ctx
from services.errors import NotFound


async def school_of(ctx: Ctx, school_id: int) -> School:
    school = await ctx.session.get(School, school_id)
    if school is None:
        raise NotFound("Школа не найдена.")
    return school


async def class_of(ctx: Ctx, lesson: Lesson) -> SchoolClass:
    school_class = await ctx.session.get(SchoolClass, lesson.class_id)
    if school_class is None:
        raise NotFound("Класс урока не найден.")
    return school_class


async def slot_interval(
    ctx: Ctx, school_class: SchoolClass, on: date, number: int
) -> tuple[datetime, datetime] | None:
    """The aware UTC start and end of lesson `number` of the class's shift, if the bells know it."""
    slot = await ctx.session.scalar(
        select(BellSlot).where(
            BellSlot.school_id == school_class.school_id,
            BellSlot.shift == school_class.shift,
            BellSlot.number == number,
        )
    )
    if slot is None:
        return None
    school = await school_of(ctx, school_class.school_id)
    zone = ZoneInfo(school.timezone)
    return (
        datetime.combine(on, slot.starts_at, zone).astimezone(UTC),
        datetime.combine(on, slot.ends_at, zone).astimezone(UTC),
    )


async def lesson_starts_at(ctx: Ctx, lesson: Lesson) -> datetime:
    school_class = await class_of(ctx, lesson)
    interval = await slot_interval(ctx, school_class, lesson.date, lesson.number)
    if interval is not None:
        return interval[0]
    # Without a bell slot the lesson counts as begun when its school day begins.
    school = await school_of(ctx, school_class.school_id)
    zone = ZoneInfo(school.timezone)
    return datetime.combine(lesson.date, time(0, 0), zone).astimezone(UTC)


async def has_started(ctx: Ctx, lesson: Lesson) -> bool:
    return ctx.now >= await lesson_starts_at(ctx, lesson)
