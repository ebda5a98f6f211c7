"""A small, hand-made school whose every person and lesson the rule tests can name."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from db.enums import LessonStatus, PeriodKind, StaffRole
from db.models import (
    BellSlot,
    Enrollment,
    GuardianLink,
    Lesson,
    Period,
    Person,
    School,
    SchoolClass,
    SchoolYear,
    StaffPosition,
    Subgroup,
    SubgroupMember,
    Subject,
    TeachingAssignment,
    WorkType,
)
from services.context import Ctx

# Wednesday 18 November 2026, 12:00 in Moscow: lessons 1-4 have started, 5 and later not yet.
TINY_NOW = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 18)

BELLS_FIRST_SHIFT = [
    (time(8, 30), time(9, 15)),
    (time(9, 25), time(10, 10)),
    (time(10, 30), time(11, 15)),
    (time(11, 30), time(12, 15)),
    (time(12, 30), time(13, 15)),
    (time(13, 25), time(14, 10)),
]

WORK_TYPES = [
    ("answer", "Ответ на уроке", "отв", 1.0),
    ("homework", "Домашняя работа", "д/з", 1.0),
    ("independent", "Самостоятельная работа", "с/р", 1.5),
    ("lab", "Лабораторная работа", "л/р", 1.5),
    ("control", "Контрольная работа", "к/р", 2.0),
]


@dataclass
class TinySchool:
    school_id: int
    year_id: int
    periods: dict[str, int] = field(default_factory=dict)
    people: dict[str, int] = field(default_factory=dict)
    classes: dict[str, int] = field(default_factory=dict)
    subjects: dict[str, int] = field(default_factory=dict)
    subgroups: dict[str, int] = field(default_factory=dict)
    assignments: dict[str, int] = field(default_factory=dict)
    lessons: dict[str, int] = field(default_factory=dict)
    work_types: dict[str, int] = field(default_factory=dict)


async def build_tiny_school(ctx: Ctx) -> TinySchool:
    s = ctx.session
    school = School(name="МБОУ «Школа № 1»", short_name="Школа № 1", timezone="Europe/Moscow")
    s.add(school)
    await s.flush()
    year = SchoolYear(
        school_id=school.id, name="2026/2027", starts_on=date(2026, 9, 1), ends_on=date(2027, 5, 31)
    )
    s.add(year)
    await s.flush()
    t = TinySchool(school_id=school.id, year_id=year.id)

    quarters = [
        (date(2026, 9, 1), date(2026, 10, 24)),
        (date(2026, 11, 5), date(2026, 12, 28)),
        (date(2027, 1, 12), date(2027, 3, 21)),
        (date(2027, 3, 31), date(2027, 5, 26)),
    ]
    for number, (start, end) in enumerate(quarters, 1):
        period = Period(
            year_id=year.id,
            kind=PeriodKind.QUARTER,
            number=number,
            name=f"{number} четверть",
            starts_on=start,
            ends_on=end,
        )
        s.add(period)
        await s.flush()
        t.periods[f"q{number}"] = period.id
    year_period = Period(
        year_id=year.id,
        kind=PeriodKind.YEAR,
        number=1,
        name="Год",
        starts_on=year.starts_on,
        ends_on=year.ends_on,
    )
    s.add(year_period)
    for number, (starts_at, ends_at) in enumerate(BELLS_FIRST_SHIFT, 1):
        s.add(
            BellSlot(
                school_id=school.id, shift=1, number=number, starts_at=starts_at, ends_at=ends_at
            )
        )
    for code, name, short, weight in WORK_TYPES:
        wt = WorkType(school_id=school.id, code=code, name=name, short_name=short, weight=weight)
        s.add(wt)
        await s.flush()
        t.work_types[code] = wt.id

    async def person(key: str, last: str, first: str, middle: str = "") -> int:
        p = Person(school_id=school.id, last_name=last, first_name=first, middle_name=middle)
        s.add(p)
        await s.flush()
        t.people[key] = p.id
        return p.id

    staff = {
        "admin": ("Админов", "Алексей", "Петрович", StaffRole.ADMIN),
        "director": ("Директорова", "Галина", "Ивановна", StaffRole.DIRECTOR),
        "deputy": ("Завучева", "Ольга", "Сергеевна", StaffRole.DEPUTY),
        "math": ("Числова", "Мария", "Андреевна", StaffRole.TEACHER),
        "rus": ("Словесников", "Иван", "Ильич", StaffRole.TEACHER),
        "eng1": ("Инглишева", "Анна", "Викторовна", StaffRole.TEACHER),
        "eng2": ("Лондонов", "Пётр", "Олегович", StaffRole.TEACHER),
        "primary": ("Азбукина", "Нина", "Павловна", StaffRole.TEACHER),
        "medic": ("Здоровых", "Елена", "Юрьевна", StaffRole.MEDIC),
    }
    for key, (last, first, middle, role) in staff.items():
        pid = await person(key, last, first, middle)
        s.add(StaffPosition(person_id=pid, role=role))

    for key, grade, letter, teacher in (
        ("1А", 1, "А", "primary"),
        ("5А", 5, "А", "math"),
        ("5Б", 5, "Б", "rus"),
    ):
        c = SchoolClass(
            school_id=school.id,
            year_id=year.id,
            grade=grade,
            letter=letter,
            shift=1,
            class_teacher_id=t.people[teacher],
        )
        s.add(c)
        await s.flush()
        t.classes[key] = c.id

    pupils = {
        "a1": ("Иванов", "Иван", "5А"),
        "a2": ("Петрова", "Анна", "5А"),
        "a3": ("Сидоров", "Олег", "5А"),
        "b1": ("Иванова", "Мария", "5Б"),
        "b2": ("Кузнецов", "Дмитрий", "5Б"),
        "c1": ("Смирнова", "Ева", "1А"),
    }
    for key, (last, first, cls) in pupils.items():
        pid = await person(key, last, first)
        s.add(Enrollment(pupil_id=pid, class_id=t.classes[cls]))

    guardians = {
        "g1": ("Иванова", "Елена", ["a1", "b1"]),
        "g2": ("Иванов", "Сергей", ["a1"]),
        "g3": ("Петров", "Николай", ["a2"]),
        "g4": ("Смирнов", "Антон", ["c1"]),
    }
    for key, (last, first, children) in guardians.items():
        gid = await person(key, last, first)
        for child in children:
            s.add(GuardianLink(guardian_id=gid, pupil_id=t.people[child], relation="родитель"))

    for key, name, short in (
        ("math", "Математика", "Матем."),
        ("rus", "Русский язык", "Рус. яз."),
        ("eng", "Английский язык", "Англ. яз."),
        ("read", "Чтение", "Чтение"),
    ):
        subject = Subject(school_id=school.id, name=name, short_name=short)
        s.add(subject)
        await s.flush()
        t.subjects[key] = subject.id

    for key, name, members in (("eng1", "1 группа", ["a1", "a2"]), ("eng2", "2 группа", ["a3"])):
        group = Subgroup(class_id=t.classes["5А"], subject_id=t.subjects["eng"], name=name)
        s.add(group)
        await s.flush()
        t.subgroups[key] = group.id
        for m in members:
            s.add(SubgroupMember(subgroup_id=group.id, pupil_id=t.people[m]))

    loads = {
        "5А-math": ("5А", "math", None, "math", 4),
        "5А-rus": ("5А", "rus", None, "rus", 5),
        "5А-eng1": ("5А", "eng", "eng1", "eng1", 3),
        "5А-eng2": ("5А", "eng", "eng2", "eng2", 3),
        "5Б-math": ("5Б", "math", None, "math", 4),
        "5Б-rus": ("5Б", "rus", None, "rus", 5),
        "1А-read": ("1А", "read", None, "primary", 4),
    }
    for key, (cls, subj, group_key, teacher, hours) in loads.items():
        assignment = TeachingAssignment(
            class_id=t.classes[cls],
            subject_id=t.subjects[subj],
            subgroup_id=t.subgroups[group_key] if group_key else None,
            teacher_id=t.people[teacher],
            hours_per_week=hours,
        )
        s.add(assignment)
        await s.flush()
        t.assignments[key] = assignment.id

    lessons = {
        "math-mon": ("5А-math", date(2026, 11, 16), 1, LessonStatus.HELD),
        "rus-tue-cancelled": ("5А-rus", date(2026, 11, 17), 1, LessonStatus.CANCELLED),
        "math-today": ("5А-math", TODAY, 1, LessonStatus.HELD),
        "rus-today": ("5А-rus", TODAY, 2, LessonStatus.PLANNED),
        "eng1-today": ("5А-eng1", TODAY, 3, LessonStatus.PLANNED),
        "eng2-today": ("5А-eng2", TODAY, 3, LessonStatus.PLANNED),
        "math-later-today": ("5А-math", TODAY, 5, LessonStatus.PLANNED),
        "math-fri": ("5А-math", date(2026, 11, 20), 2, LessonStatus.PLANNED),
        "rus-thu": ("5А-rus", date(2026, 11, 19), 1, LessonStatus.PLANNED),
        "5Б-math-today": ("5Б-math", TODAY, 3, LessonStatus.PLANNED),
        "1А-read-today": ("1А-read", TODAY, 1, LessonStatus.PLANNED),
    }
    for key, (load, day, number, status) in lessons.items():
        a = await s.get(TeachingAssignment, t.assignments[load])
        assert a is not None
        lesson = Lesson(
            assignment_id=a.id,
            class_id=a.class_id,
            subject_id=a.subject_id,
            subgroup_id=a.subgroup_id,
            teacher_id=a.teacher_id,
            date=day,
            number=number,
            room="21",
            status=status,
        )
        s.add(lesson)
        await s.flush()
        t.lessons[key] = lesson.id
    return t
