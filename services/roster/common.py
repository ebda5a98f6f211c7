"""What the roster changes share: who may make them, the people and classes they name."""

from datetime import date

from sqlalchemy import select

from db.models import Enrollment, Person, SchoolClass, SchoolYear
from services.context import Ctx
from services.errors import AccessDenied, NotFound, RuleViolation
from services.people.actor import Actor, Role
from services.plain_text import shown_text
from services.schedule.periods import school_today

ADMIN_ONLY = (
    "Состав учеников и сотрудников меняет администратор журнала "
    "(по сведениям секретаря, 001 §4.7.1)."
)
NAME_LIMIT = 60


def require_admin(actor: Actor) -> None:
    if not actor.has(Role.ADMIN):
        raise AccessDenied(ADMIN_ONLY)


def clean_name(value: str, what: str, *, required: bool = True) -> str:
    text = " ".join(shown_text(value).split())
    if required and not text:
        raise RuleViolation(f"Не указано: {what}.")
    if len(text) > NAME_LIMIT:
        raise RuleViolation(f"{what.capitalize()} — не длиннее {NAME_LIMIT} символов.")
    if any(ch.isdigit() for ch in text):
        raise RuleViolation(f"{what.capitalize()} не может содержать цифры: «{text}».")
    return text


async def open_class(ctx: Ctx, actor: Actor, class_id: int) -> SchoolClass:
    """A class of the actor's school in a year that is not closed."""
    cls = await ctx.session.get(SchoolClass, class_id)
    if cls is None or cls.school_id != actor.school_id:
        raise NotFound("Такого класса в школе нет.")
    year = await ctx.session.get(SchoolYear, cls.year_id)
    if year is None or year.is_closed:
        raise RuleViolation(f"Учебный год класса {cls.title} закрыт: его записи только читаются.")
    return cls


async def person_of_school(ctx: Ctx, actor: Actor, person_id: int) -> Person:
    person = await ctx.session.get(Person, person_id)
    if person is None or person.school_id != actor.school_id:
        raise NotFound("Такого человека в школе нет.")
    return person


async def current_place(ctx: Ctx, pupil_id: int) -> tuple[Enrollment, SchoolClass] | None:
    """The pupil's active place in a class of an open year."""
    row = (
        await ctx.session.execute(
            select(Enrollment, SchoolClass)
            .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
            .join(SchoolYear, SchoolYear.id == SchoolClass.year_id)
            .where(
                Enrollment.pupil_id == pupil_id,
                Enrollment.is_active.is_(True),
                SchoolYear.is_closed.is_(False),
            )
            .order_by(SchoolYear.starts_on.desc())
        )
    ).first()
    return None if row is None else (row[0], row[1])


def check_day(on: date, year: SchoolYear) -> None:
    if not year.starts_on <= on <= year.ends_on:
        raise RuleViolation(
            f"Дата {on:%d.%m.%Y} вне учебного года {year.name} "
            f"({year.starts_on:%d.%m.%Y}–{year.ends_on:%d.%m.%Y})."
        )


async def day_in_year(ctx: Ctx, actor: Actor, on: date | None, cls: SchoolClass) -> date:
    """The day a change in the class takes effect: `on`, or the school's today, in its year."""
    day = on or await school_today(ctx, actor.school_id)
    year = await ctx.session.get(SchoolYear, cls.year_id)
    assert year is not None  # a class's year: a foreign key
    check_day(day, year)
    return day
