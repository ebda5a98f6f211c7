"""Staff added and class teachers changed (the administrator of the journal, 001 §4.1.3), and a
teacher substituted for a stretch of days (the deputy or the administrator, 001 §4.6)."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from db.enums import LessonStatus, StaffRole
from db.models import Lesson, Person, SchoolClass, StaffPosition
from services import events
from services.context import Ctx
from services.errors import AccessDenied, RuleViolation
from services.people.actor import Actor, Role
from services.plain_text import shown_text
from services.roster.common import (
    clean_name,
    open_class,
    person_of_school,
    require_admin,
)
from services.roster.guardians import _contacts
from services.schedule.changes import substitute_teacher

LONGEST_SUBSTITUTION = timedelta(days=366)
SUBSTITUTED_FOR_DAYS = "substitution.for_days"
# How people name the positions, typed in the chat or on the command line.
POSITION_WORDS = {
    "учитель": StaffRole.TEACHER,
    "директор": StaffRole.DIRECTOR,
    "завуч": StaffRole.DEPUTY,
    "заместитель": StaffRole.DEPUTY,
    "заместитель директора": StaffRole.DEPUTY,
    "администратор": StaffRole.ADMIN,
    "администратор журнала": StaffRole.ADMIN,
    "медик": StaffRole.MEDIC,
    "медсестра": StaffRole.MEDIC,
    "медицинский работник": StaffRole.MEDIC,
} | {r.value: r for r in StaffRole}


def positions_of(words: list[str]) -> set[StaffRole]:
    """The positions named; RuleViolation naming a word that is none."""
    roles = set()
    for word in words:
        role = POSITION_WORDS.get(" ".join(word.split()).casefold())
        if role is None:
            known = "учитель, завуч, директор, администратор, медик"
            raise RuleViolation(f"Не знаю должность «{word.strip()}»: бывают {known}.")
        roles.add(role)
    return roles


async def add_staff(
    ctx: Ctx,
    actor: Actor,
    last_name: str,
    first_name: str,
    middle_name: str,
    roles: set[StaffRole],
    phone: str = "",
    email: str = "",
) -> int:
    """A new member of staff with their positions; returns their id."""
    require_admin(actor)
    if not roles:
        raise RuleViolation("Укажите хотя бы одну должность.")
    phone, email = _contacts(phone, email)
    person = Person(
        school_id=actor.school_id,
        last_name=clean_name(last_name, "фамилия"),
        first_name=clean_name(first_name, "имя"),
        middle_name=clean_name(middle_name, "отчество", required=False),
        phone=phone,
        email=email,
    )
    ctx.session.add(person)
    await ctx.session.flush()
    for role in sorted(roles):
        ctx.session.add(StaffPosition(person_id=person.id, role=role))
    events.audit(ctx, actor, "roster.staff_added", person.id, roles=sorted(r.value for r in roles))
    return person.id


async def _staff_member(ctx: Ctx, actor: Actor, person_id: int) -> Person:
    person = await person_of_school(ctx, actor, person_id)
    is_staff = await ctx.session.scalar(
        select(StaffPosition.id).where(StaffPosition.person_id == person_id).limit(1)
    )
    if not person.is_active or is_staff is None:
        raise RuleViolation(f"{person.full_name} не работает в школе.")
    return person


async def set_class_teacher(ctx: Ctx, actor: Actor, class_id: int, teacher_id: int) -> None:
    """The class gets another class teacher; the previous one loses the class's pages at once."""
    require_admin(actor)
    cls = await open_class(ctx, actor, class_id)
    teacher = await _staff_member(ctx, actor, teacher_id)
    if cls.class_teacher_id == teacher_id:
        raise RuleViolation(f"{teacher.full_name} уже классный руководитель {cls.title}.")
    previous = cls.class_teacher_id
    cls.class_teacher_id = teacher_id
    events.audit(
        ctx,
        actor,
        "roster.class_teacher_changed",
        teacher_id,
        class_id=cls.id,
        previous_teacher_id=previous,
    )


@dataclass(frozen=True)
class PeriodSubstitution:
    substituted: int  # lessons handed to the substitute
    busy: tuple[tuple[date, int, str], ...]  # (date, number, class) the substitute cannot take


async def substitute_for_days(
    ctx: Ctx,
    actor: Actor,
    teacher_id: int,
    substitute_id: int,
    starts_on: date,
    ends_on: date,
    note: str = "",
) -> PeriodSubstitution:
    """Hands every lesson of the teacher from starts_on to ends_on to the substitute (a sick
    leave, a course). Lessons the substitute is busy at are listed, for the deputy to give to
    someone else one by one; those already handed to a third teacher are left alone."""
    if not actor.has(Role.DEPUTY, Role.ADMIN):
        raise AccessDenied(
            "Изменения в расписание вносят заместитель директора или администратор журнала."
        )
    if ends_on < starts_on:
        raise RuleViolation("Конец замены раньше её начала.")
    if ends_on - starts_on > LONGEST_SUBSTITUTION:
        raise RuleViolation("Замена дольше года: проверьте даты.")
    if teacher_id == substitute_id:
        raise RuleViolation("Учитель не может замещать сам себя.")
    await _staff_member(ctx, actor, teacher_id)
    await _staff_member(ctx, actor, substitute_id)
    lessons = (
        await ctx.session.scalars(
            select(Lesson)
            .join(SchoolClass, SchoolClass.id == Lesson.class_id)
            .where(
                SchoolClass.school_id == actor.school_id,
                Lesson.teacher_id == teacher_id,
                Lesson.substitute_teacher_id.is_(None),
                Lesson.status != LessonStatus.CANCELLED,
                Lesson.date.between(starts_on, ends_on),
            )
            .order_by(Lesson.date, Lesson.number)
        )
    ).all()
    taken, busy = [], []
    for lesson in lessons:
        try:  # its checks come before any change: a refused lesson is left as it was
            await substitute_teacher(
                ctx, actor, lesson.id, substitute_id, note, told_in_summary=True
            )
        except RuleViolation:
            cls = await ctx.session.get(SchoolClass, lesson.class_id)
            busy.append((lesson.date, lesson.number, cls.title if cls else ""))
            continue
        taken.append(lesson.id)
    done = len(taken)
    if taken:  # the substitute hears it once, with every day, class and subject
        events.emit(
            ctx,
            actor.school_id,
            SUBSTITUTED_FOR_DAYS,
            {
                "teacher_id": teacher_id,
                "substitute_id": substitute_id,
                "starts_on": starts_on.isoformat(),
                "ends_on": ends_on.isoformat(),
                "note": shown_text(note).strip(),
                "lesson_ids": taken,
            },
        )
    events.audit(
        ctx,
        actor,
        "roster.substitution_for_days",
        teacher_id,
        substitute_id=substitute_id,
        starts_on=starts_on.isoformat(),
        ends_on=ends_on.isoformat(),
        lessons=done,
        busy=len(busy),
    )
    return PeriodSubstitution(done, tuple(busy))
