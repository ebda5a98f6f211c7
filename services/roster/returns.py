"""Roster changes undone. A pupil who left and is admitted again is the same person, known by
name and date of birth: they come back with every mark and absence, into the very place they
left when it is the same class, and their guardians' access comes back with them. A pupil moved
to the wrong class and moved back gets the old place as it was (the day they joined it too);
the wrong place goes if nothing was recorded there, and stays as a move if something was."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, func, select

from db.enums import AttendanceStatus, EnrollmentEnd, Gender
from db.models import (
    Attendance,
    Enrollment,
    GuardianLink,
    Homework,
    HomeworkTarget,
    Lesson,
    Mark,
    Person,
    SchoolClass,
    Subgroup,
    SubgroupMember,
)
from services import events
from services.context import Ctx
from services.errors import RuleViolation
from services.people.actor import Actor
from services.roster.common import current_place, day_in_year, open_class, require_admin
from services.school_import.normalize import person_key


@dataclass(frozen=True)
class ReturningPupil:
    """A pupil who left, whom admitting again brings back."""

    pupil_id: int
    full_name: str
    gender: Gender | None
    birth_date: date | None
    left_class: str
    left_on: date | None
    same_place: bool  # back into the very place they left
    back_to_place: bool  # into a place they had in that class (left or earlier), as it was
    place_since: date | None  # when that place began (None: at the year's start)
    marks: int
    absences: int
    guardians: tuple[str, ...]


async def _left_place(ctx: Ctx, pupil_id: int) -> tuple[Enrollment, SchoolClass] | None:
    row = (
        await ctx.session.execute(
            select(Enrollment, SchoolClass)
            .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
            .where(Enrollment.pupil_id == pupil_id, Enrollment.ended == EnrollmentEnd.LEFT)
            .order_by(Enrollment.ends_on.desc(), Enrollment.id.desc())
        )
    ).first()
    return None if row is None else (row[0], row[1])


async def place_in(ctx: Ctx, pupil_id: int, class_id: int | None) -> Enrollment | None:
    """The pupil's place in the class, held or ended (one per pupil and class)."""
    if class_id is None:  # a class an import is still to create
        return None
    found: Enrollment | None = await ctx.session.scalar(
        select(Enrollment).where(Enrollment.pupil_id == pupil_id, Enrollment.class_id == class_id)
    )
    return found


def was_left(pupil: Person, places: list[Enrollment]) -> bool:
    """Whether the pupil left the school (and so comes back by `readmit`), from their places."""
    return not pupil.is_active and any(e.ended == EnrollmentEnd.LEFT for e in places)


async def left_namesake(
    ctx: Ctx, school_id: int, last: str, first: str, middle: str, birth_date: date | None
) -> Person | None:
    """The pupil of this name who left the school, born on that day. Without a date of birth
    only one whose date the journal does not know either: otherwise the date is asked for, so
    that a namesake is not taken for them, nor they for a new child."""
    key = person_key(last, first, middle)
    gone = (
        await ctx.session.scalars(
            select(Person)
            .join(Enrollment, Enrollment.pupil_id == Person.id)
            .where(
                Person.school_id == school_id,
                Person.is_active.is_(False),
                Enrollment.ended == EnrollmentEnd.LEFT,
            )
            .order_by(Person.id)
        )
    ).unique()
    namesakes = [p for p in gone if person_key(p.last_name, p.first_name, p.middle_name) == key]
    same = [p for p in namesakes if p.birth_date == birth_date]
    if birth_date is None and any(p.birth_date is not None for p in namesakes):
        raise RuleViolation(
            f"{namesakes[0].full_name} уже учился(ась) в школе и выбыл(а). Напишите дату "
            "рождения: если это он(а), ученик вернётся со всеми записями, если другой "
            "ребёнок — будет принят новый."
        )
    return same[0] if same else None


async def describe_return(ctx: Ctx, pupil: Person, cls: SchoolClass) -> ReturningPupil:
    """What `readmit` into `cls` will do, said before it is done (the chat's «Вернуть?»,
    --check, the class list's dry run)."""
    place = await _left_place(ctx, pupil.id)
    again = await place_in(ctx, pupil.id, cls.id)
    marks = await ctx.session.scalar(
        select(func.count()).where(Mark.pupil_id == pupil.id, Mark.is_deleted.is_(False))
    )
    absences = await ctx.session.scalar(
        select(func.count()).where(
            Attendance.pupil_id == pupil.id, Attendance.status != AttendanceStatus.PRESENT
        )
    )
    guardians = await ctx.session.scalars(
        select(Person)
        .join(GuardianLink, GuardianLink.guardian_id == Person.id)
        .where(GuardianLink.pupil_id == pupil.id, Person.is_active.is_(True))
        .order_by(Person.last_name, Person.first_name)
    )
    return ReturningPupil(
        pupil_id=pupil.id,
        full_name=pupil.full_name,
        gender=pupil.gender,
        birth_date=pupil.birth_date,
        left_class=place[1].title if place else "",
        left_on=place[0].ends_on if place else None,
        same_place=place is not None and place[1].id == cls.id,
        back_to_place=again is not None,
        place_since=again.starts_on if again is not None else None,
        marks=marks or 0,
        absences=absences or 0,
        guardians=tuple(g.full_name for g in guardians),
    )


async def readmit(
    ctx: Ctx, actor: Actor | None, pupil: Person, cls: SchoolClass, day: date
) -> None:
    """The pupil who left studies again, in `cls` from `day`: the chat, `journal roster admit`
    and a class list (actor None: `journal import` on the command line) alike."""
    if pupil.is_active or await current_place(ctx, pupil.id) is not None:
        raise RuleViolation(f"{pupil.full_name} уже учится в школе.")
    left = await _left_place(ctx, pupil.id)
    if left is None:
        raise RuleViolation(f"{pupil.full_name} не выбывал(а) из школы.")
    pupil.is_active = True
    place = await place_in(ctx, pupil.id, cls.id)
    if place is None:
        ctx.session.add(Enrollment(pupil_id=pupil.id, class_id=cls.id, starts_on=day))
    else:  # the place they left (or had earlier this year): as it was, from when it began
        place.is_active, place.ends_on, place.ended = True, None, None
    events.audit(
        ctx,
        actor,
        "roster.pupil_readmitted",
        pupil.id,
        class_id=cls.id,
        left_class_id=left[1].id,
        on=day.isoformat(),
    )


async def readmit_pupil(
    ctx: Ctx, actor: Actor, pupil_id: int, class_id: int, on: date | None = None
) -> ReturningPupil:
    """The confirmed return of a pupil who left (the chat's «Да, вернуть»): who came back."""
    require_admin(actor)
    cls = await open_class(ctx, actor, class_id)
    pupil = await ctx.session.get(Person, pupil_id)
    if pupil is None or pupil.school_id != actor.school_id:
        raise RuleViolation("Ученик не найден.")
    told = await describe_return(ctx, pupil, cls)
    await readmit(ctx, actor, pupil, cls, await day_in_year(ctx, actor, on, cls))
    return told


async def has_records_in(ctx: Ctx, pupil_id: int, class_id: int) -> bool:
    """Whether anything of the pupil's was written in the class's lessons: marks (even
    deleted ones), attendance, individual homework."""
    lessons = select(Lesson.id).where(Lesson.class_id == class_id)
    for model in (Mark, Attendance):
        found = await ctx.session.scalar(
            select(model.id).where(model.pupil_id == pupil_id, model.lesson_id.in_(lessons))
        )
        if found is not None:
            return True
    homework = select(Homework.id).where(Homework.lesson_id.in_(lessons))
    found = await ctx.session.scalar(
        select(HomeworkTarget.id).where(
            HomeworkTarget.pupil_id == pupil_id, HomeworkTarget.homework_id.in_(homework)
        )
    )
    return found is not None


async def drop_wrong_place(ctx: Ctx, place: Enrollment) -> None:
    """A place the pupil was moved into by mistake and had nothing written in: gone, with
    their groups there (the audit keeps the move and its undoing)."""
    groups = select(Subgroup.id).where(Subgroup.class_id == place.class_id)
    await ctx.session.execute(
        delete(SubgroupMember)
        .where(SubgroupMember.pupil_id == place.pupil_id, SubgroupMember.subgroup_id.in_(groups))
        .execution_options(synchronize_session=False)
    )
    await ctx.session.delete(place)
