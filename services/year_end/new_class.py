"""A class opened in a year that lacks it: most often the next year at the promotion, when the
director's order leaves a pupil in a grade whose class did not move up into that year (a
repeater of 5Б with no 4Б the year before). The administrator of the journal opens it
(001 §4.1.12) and the promotion can place the pupil; its subgroups and teaching load come from
the class of the same name in the year before, for editing, with neither a class teacher nor a
weekly timetable (that class's teachers teach its successor at those hours now)."""

from dataclasses import dataclass

from sqlalchemy import select

from db.models import SchoolClass, SchoolYear
from services import events
from services.context import Ctx
from services.errors import RuleViolation
from services.people.actor import Actor
from services.school_import.normalize import parse_class
from services.year_end.common import copy_of, require_admin, year_of_school
from services.year_end.next_year import carry_load


@dataclass(frozen=True)
class MissingClass:
    """A class of the next year the promotion needs and does not find."""

    grade: int
    letter: str
    year_id: int  # the year it is missing from
    year_name: str
    pupils: tuple[str, ...]  # who would go there: «Кузнецов Дмитрий (5Б)», «6В: 24 ученика»

    @property
    def title(self) -> str:
        return f"{self.grade}{self.letter}"


class MissingClasses(RuleViolation):
    """The order sends pupils to classes the next year does not have: nothing is promoted;
    each class can be opened (add_class) and the promotion made then."""

    def __init__(self, missing: tuple[MissingClass, ...]) -> None:
        self.missing = missing
        told = "; ".join(
            f"нет класса {m.title} в {m.year_name} (туда переходят: {', '.join(m.pupils)})"
            for m in missing
        )
        super().__init__(f"Перевод не выполнен: {told}.")


@dataclass(frozen=True)
class AddedClass:
    id: int
    title: str
    year: str
    loads: int  # load lines carried from the class of the same name the year before
    load_from: str  # that class's year, "" when there was none


async def add_class(ctx: Ctx, actor: Actor, year_id: int, grade: int, letter: str) -> AddedClass:
    require_admin(actor)
    year = await year_of_school(ctx, actor, year_id)
    if year.is_closed:
        raise RuleViolation(f"Учебный год {year.name} закрыт: класс в него не добавить.")
    parsed = parse_class(f"{grade}{letter}")
    if parsed is None:
        raise RuleViolation(
            f"«{grade}{letter}» не похоже на класс: номер от 1 до 11 и буква, например 5Б."
        )
    grade, letter = parsed
    s = ctx.session
    exists = await s.scalar(
        select(SchoolClass.id).where(
            SchoolClass.year_id == year.id, SchoolClass.grade == grade, SchoolClass.letter == letter
        )
    )
    if exists is not None:
        raise RuleViolation(f"Класс {grade}{letter} в {year.name} уже есть.")
    before = (
        await s.execute(
            select(SchoolClass, SchoolYear.name)
            .join(SchoolYear, SchoolYear.id == SchoolClass.year_id)
            .where(
                SchoolClass.school_id == actor.school_id,
                SchoolClass.grade == grade,
                SchoolClass.letter == letter,
                SchoolYear.starts_on < year.starts_on,
            )
            .order_by(SchoolYear.starts_on.desc())
        )
    ).first()
    if before is None:
        cls = SchoolClass(
            school_id=actor.school_id, year_id=year.id, grade=grade, letter=letter, shift=1
        )
    else:
        cls = copy_of(before[0], year_id=year.id, class_teacher_id=None)
    s.add(cls)
    await s.flush()
    loads = 0 if before is None else (await carry_load(ctx, before[0], cls, timetable=False))[0]
    events.audit(
        ctx,
        actor,
        "year.class_added",
        year_id=year.id,
        class_id=cls.id,
        title=cls.title,
        load_from_class_id=None if before is None else before[0].id,
        loads=loads,
    )
    return AddedClass(cls.id, cls.title, year.name, loads, "" if before is None else before[1])
