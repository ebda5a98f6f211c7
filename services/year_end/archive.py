"""The archive of a closed year (001 §4.1.9-10): a pupil's finals of every period of the year,
how the year ended for them and the subject debts they carry. The pupil and guardians read it
while the pupil studies here; after grade 9 or 11 for the days the school sets
(School.graduate_access_days), then no more. Staff who may read the school (or led the class)
read it always."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from db.enums import EnrollmentEnd, PeriodKind
from db.models import (
    Enrollment,
    FinalMark,
    Period,
    Person,
    School,
    SchoolClass,
    SchoolYear,
    Subject,
    SubjectDebt,
)
from services.context import Ctx
from services.errors import AccessDenied, NotFound
from services.people.actor import Actor, Role
from services.schedule.periods import school_today

OUTCOMES = {
    EnrollmentEnd.PROMOTED: "переведён(а) в следующий класс",
    EnrollmentEnd.CONDITIONAL: "переведён(а) условно, с академической задолженностью",
    EnrollmentEnd.REPEATED: "оставлен(а) на повторное обучение",
    EnrollmentEnd.GRADUATED: "окончил(а) обучение",
    EnrollmentEnd.MOVED: "переведён(а) в другой класс",
    EnrollmentEnd.LEFT: "выбыл(а)",
}
NO_ARCHIVE = "В архиве нет закрытых учебных годов этого ученика."
ARCHIVE_CLOSED = (
    "Доступ к архиву для выпускников и их родителей закончился {day:%d.%m.%Y}: "
    "за справкой обратитесь в школу."
)


@dataclass(frozen=True)
class ArchivedSubject:
    subject: str
    finals: tuple[tuple[str, str], ...]  # (period, mark) in the year's order, the year last


@dataclass(frozen=True)
class YearArchive:
    pupil: str
    year: str
    class_title: str
    outcome: str
    subjects: tuple[ArchivedSubject, ...]
    debts: tuple[str, ...]  # subjects still owed


async def _place(
    ctx: Ctx, pupil_id: int, year_id: int | None
) -> tuple[Enrollment, SchoolClass, SchoolYear]:
    query = (
        select(Enrollment, SchoolClass, SchoolYear)
        .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
        .join(SchoolYear, SchoolYear.id == SchoolClass.year_id)
        .where(Enrollment.pupil_id == pupil_id, SchoolYear.is_closed.is_(True))
        .order_by(SchoolYear.starts_on.desc(), Enrollment.ends_on.desc(), Enrollment.id.desc())
    )
    if year_id is not None:
        query = query.where(SchoolYear.id == year_id)
    row = (await ctx.session.execute(query)).first()
    if row is None:
        raise NotFound(NO_ARCHIVE)
    return row[0], row[1], row[2]


def graduate_access_until(year_ends_on: date, days: int) -> date:
    """The last day a graduate and their family read the archive of the year they finished."""
    return year_ends_on + timedelta(days=days)


async def _family_may_read(
    ctx: Ctx, actor: Actor, pupil_id: int, year: SchoolYear, ended: EnrollmentEnd | None
) -> None:
    studies_now = await ctx.session.scalar(
        select(Enrollment.id).where(Enrollment.pupil_id == pupil_id, Enrollment.is_active.is_(True))
    )
    if studies_now is not None:
        return
    if ended is EnrollmentEnd.GRADUATED:
        school = await ctx.session.get(School, actor.school_id)
        until = graduate_access_until(year.ends_on, school.graduate_access_days if school else 0)
        if await school_today(ctx, actor.school_id) <= until:
            return
        raise AccessDenied(ARCHIVE_CLOSED.format(day=until))
    raise AccessDenied("Нет доступа к данным этого ученика.")


async def year_archive(
    ctx: Ctx, actor: Actor, pupil_id: int, year_id: int | None = None
) -> YearArchive:
    """The pupil's archive of one closed year (the latest by default)."""
    pupil = await ctx.session.get(Person, pupil_id)
    if pupil is None or pupil.school_id != actor.school_id:
        raise AccessDenied("Нет доступа к данным этого ученика.")
    enrollment, cls, year = await _place(ctx, pupil_id, year_id)
    staff = actor.has(Role.ADMIN, Role.DIRECTOR, Role.DEPUTY) or cls.id in actor.class_teacher_of
    family = pupil_id in actor.children or actor.person_id == pupil_id
    if not staff:
        if not family:
            raise AccessDenied("Нет доступа к данным этого ученика.")
        await _family_may_read(ctx, actor, pupil_id, year, enrollment.ended)
    rows = await ctx.session.execute(
        select(Subject.name, Period.name, Period.kind, Period.ends_on, FinalMark.value)
        .join(FinalMark, FinalMark.subject_id == Subject.id)
        .join(Period, Period.id == FinalMark.period_id)
        .where(FinalMark.pupil_id == pupil_id, Period.year_id == year.id)
        .order_by(Subject.name, Period.kind == PeriodKind.YEAR, Period.ends_on)
    )
    subjects: dict[str, list[tuple[str, str]]] = {}
    for subject, period, _kind, _ends, value in rows:
        subjects.setdefault(subject, []).append((period, value))
    debts = (
        await ctx.session.scalars(
            select(Subject.name)
            .join(SubjectDebt, SubjectDebt.subject_id == Subject.id)
            .where(
                SubjectDebt.pupil_id == pupil_id,
                SubjectDebt.year_id == year.id,
                SubjectDebt.cleared_on.is_(None),
            )
            .order_by(Subject.name)
        )
    ).all()
    return YearArchive(
        pupil=pupil.full_name,
        year=year.name,
        class_title=cls.title,
        outcome=OUTCOMES.get(enrollment.ended, "") if enrollment.ended else "",
        subjects=tuple(ArchivedSubject(s, tuple(f)) for s, f in subjects.items()),
        debts=tuple(debts),
    )


async def last_year_archive(ctx: Ctx, actor: Actor, pupil_id: int) -> YearArchive | None:
    """The latest closed year of the pupil, or None if they have none (a first year here)."""
    try:
        await _place(ctx, pupil_id, None)
    except NotFound:
        return None
    return await year_archive(ctx, actor, pupil_id)
