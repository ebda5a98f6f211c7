"""What the schools in a database hold, in the shape of a build's summary."""

from sqlalchemy import distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Select

from db.demo.summary import ClassSummary, SchoolSummary
from db.enums import AttendanceStatus, StaffRole
from db.models import (
    Attendance,
    Enrollment,
    GuardianLink,
    Homework,
    Lesson,
    Mark,
    Person,
    School,
    SchoolClass,
    StaffPosition,
    TeachingAssignment,
)

MISSED = (AttendanceStatus.ABSENT, AttendanceStatus.ILL, AttendanceStatus.EXCUSED)


async def _count(session: AsyncSession, query: Select[int]) -> int:
    return int(await session.scalar(query) or 0)


async def _staff(session: AsyncSession, school_id: int, role: StaffRole) -> int:
    query = (
        select(Person.id)
        .join(StaffPosition, StaffPosition.person_id == Person.id)
        .where(Person.school_id == school_id, StaffPosition.role == role)
        .order_by(Person.id)
    )
    return int(await session.scalar(query) or 0)


async def describe_schools(session: AsyncSession) -> list[SchoolSummary]:
    schools = (await session.scalars(select(School).order_by(School.id))).all()
    return [await describe_school(session, school) for school in schools]


async def describe_school(session: AsyncSession, school: School) -> SchoolSummary:
    classes = (
        await session.execute(
            select(SchoolClass, func.count(Enrollment.id), Person)
            .outerjoin(Enrollment, Enrollment.class_id == SchoolClass.id)
            .outerjoin(Person, Person.id == SchoolClass.class_teacher_id)
            .where(SchoolClass.school_id == school.id)
            .group_by(SchoolClass.id, Person.id)
            .order_by(SchoolClass.grade, SchoolClass.letter)
        )
    ).all()
    in_school = SchoolClass.school_id == school.id
    lessons_of_school = select(Lesson.id).join(SchoolClass, SchoolClass.id == Lesson.class_id)
    lesson_ids = lessons_of_school.where(in_school).scalar_subquery()
    pupils_of_school = select(Enrollment.pupil_id).join(
        SchoolClass, SchoolClass.id == Enrollment.class_id
    )
    return SchoolSummary(
        id=school.id,
        name=school.name,
        short_name=school.short_name,
        timezone=school.timezone,
        classes=tuple(
            ClassSummary(
                c.id,
                c.title,
                c.grade,
                c.shift,
                pupils,
                c.class_teacher_id,
                teacher.short_name if teacher else "",
            )
            for c, pupils, teacher in classes
        ),
        pupils=sum(int(pupils) for _, pupils, _ in classes),
        guardians=await _count(
            session,
            select(func.count(distinct(GuardianLink.guardian_id))).where(
                GuardianLink.pupil_id.in_(pupils_of_school.where(in_school).scalar_subquery())
            ),
        ),
        teachers=await _count(
            session,
            select(func.count(distinct(TeachingAssignment.teacher_id)))
            .join(SchoolClass, SchoolClass.id == TeachingAssignment.class_id)
            .where(in_school),
        ),
        lessons=await _count(
            session,
            select(func.count(Lesson.id))
            .join(SchoolClass, SchoolClass.id == Lesson.class_id)
            .where(in_school),
        ),
        marks=await _count(
            session,
            select(func.count(Mark.id)).where(Mark.lesson_id.in_(lesson_ids), ~Mark.is_deleted),
        ),
        absences=await _count(
            session,
            select(func.count(Attendance.id)).where(
                Attendance.lesson_id.in_(lesson_ids), Attendance.status.in_(MISSED)
            ),
        ),
        homework=await _count(
            session,
            select(func.count(Homework.id))
            .join(SchoolClass, SchoolClass.id == Homework.class_id)
            .where(in_school),
        ),
        admin_id=await _staff(session, school.id, StaffRole.ADMIN),
        director_id=await _staff(session, school.id, StaffRole.DIRECTOR),
    )
