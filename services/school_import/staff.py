"""Staff, their positions and the classes they lead, from the school's staff list.

Staff are found again by name (and date of birth where given); a changed position is
changed, but a file takes away neither the administrator of the journal nor the teacher of
lessons this year, and removes nobody; a class gets the class teacher its row names."""

import difflib
import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select

from db.enums import Gender, StaffRole
from db.models import (
    Lesson,
    Person,
    School,
    SchoolClass,
    SchoolYear,
    StaffPosition,
    TeachingAssignment,
)
from services.context import Ctx
from services.school_import.finding import find_class
from services.school_import.issues import Issue, Issues, Where
from services.school_import.normalize import (
    BadDate,
    email_problem,
    name_key,
    parse_date,
    phone_key,
    phone_problem,
)
from services.school_import.report import ImportReport
from services.school_import.roster_rows import Name, gender_change, read_gender, read_name
from services.school_import.school import classes_of_year, load_people
from services.school_import.tables import read_rows
from services.school_import.workbook import Row

STAFF = "сотрудники"
POSITIONS = "должности"
CLASS_TEACHERS = "классные руководители"
# The first stem that fits wins: "заместитель директора" is a deputy, not a director.
ROLE_STEMS: tuple[tuple[StaffRole, tuple[str, ...]], ...] = (
    (StaffRole.DEPUTY, ("заместител", "зам ", "зам.", "завуч")),
    (StaffRole.DIRECTOR, ("директор",)),
    (StaffRole.ADMIN, ("администратор",)),
    (StaffRole.MEDIC, ("медицин", "медсестр", "медбрат", "фельдшер", "врач")),
    (StaffRole.TEACHER, ("учител", "педагог", "преподават", "воспитател", "логопед")),
)
ROLE_TITLES = {
    StaffRole.ADMIN: "администратор журнала",
    StaffRole.DIRECTOR: "директор",
    StaffRole.DEPUTY: "заместитель директора",
    StaffRole.TEACHER: "учитель",
    StaffRole.MEDIC: "медицинский работник",
}
_KNOWN_WORDS = ("учитель", "директор", "заместитель", "администратор", "медицинский", "педагог")


@dataclass(frozen=True)
class StaffRow:
    where: Where
    name: Name
    birth_date: date | None
    roles: frozenset[StaffRole]
    class_led: SchoolClass | None
    phone: str
    email: str
    gender: Gender | None = None  # the «Пол» column is optional


def parse_roles(text: str) -> tuple[set[StaffRole], list[str]]:
    """The journal's roles the text names, and the parts of it that are none of them."""
    roles, other = set(), []
    for part in re.split(r"[,;/+\n]|\s+и\s+", text.casefold().replace("ё", "е")):
        part = part.strip()
        if not part:
            continue
        role = next((r for r, stems in ROLE_STEMS if any(s in f"{part} " for s in stems)), None)
        if role is None:
            other.append(part)
        else:
            roles.add(role)
    return roles, other


async def import_staff(
    ctx: Ctx, school: School, year: SchoolYear, filename: str, content: bytes, apply: bool
) -> ImportReport:
    issues = Issues()
    rows = read_rows(content, filename, issues, ("full_name", "position"), "сотрудники")
    classes = await classes_of_year(ctx, year.id)
    parsed = [r for row in rows if (r := _read(row, classes, issues)) is not None]
    _check_twice(parsed, issues)
    issues.raise_if_any(filename)
    report = ImportReport("сотрудники и должности", filename, applied=apply, notices=issues.notices)
    people = await load_people(ctx, school.id)
    teaching = await _teaching(ctx, year.id)
    new_staff: list[tuple[Person, StaffRow]] = []
    for row in parsed:
        candidates = [
            people.persons[i]
            for i in people.staff.get(row.name.key, [])
            if row.birth_date is None or people.persons[i].birth_date in (None, row.birth_date)
        ]
        if not candidates:
            person = Person(
                school_id=school.id,
                last_name=row.name.last,
                first_name=row.name.first,
                middle_name=row.name.middle,
                birth_date=row.birth_date,
                gender=row.gender,
                phone=row.phone,
                email=row.email,
            )
            new_staff.append((person, row))
            report.added(STAFF, f"{row.name.full}: {_titles(row.roles)}")
            for _ in row.roles:
                report.added(POSITIONS)
            _lead(report, row, person, apply)
            continue
        person = candidates[0]
        current = {StaffRole(r) for r in people.positions[person.id]}
        changes = await _positions(ctx, report, row, person, current, teaching, apply)
        gender = gender_change(person.gender, row.gender)
        if gender is not None:
            changes.append(gender)
            if apply:
                person.gender = row.gender
        if row.phone and phone_key(row.phone) != phone_key(person.phone):
            changes.append(f"телефон {person.phone or '—'} → {row.phone}")
            if apply:
                person.phone = row.phone
        if row.email and name_key(row.email) != name_key(person.email):
            changes.append(f"почта {person.email or '—'} → {row.email}")
            if apply:
                person.email = row.email
        if changes:
            report.changed(STAFF, f"{row.name.full}: " + ", ".join(changes))
        else:
            report.unchanged(STAFF)
        _lead(report, row, person, apply)
    if apply and new_staff:
        ctx.session.add_all(p for p, _ in new_staff)
        await ctx.session.flush()
        for person, row in new_staff:
            ctx.session.add_all(StaffPosition(person_id=person.id, role=r) for r in row.roles)
            if row.class_led is not None:
                row.class_led.class_teacher_id = person.id
        await ctx.session.flush()
    return report


async def _teaching(ctx: Ctx, year_id: int) -> set[int]:
    """Who teaches this year: has load, lessons (their own or substituted) or leads a class."""
    classes = select(SchoolClass.id).where(SchoolClass.year_id == year_id)
    found: set[int] = set()
    for query in (
        select(TeachingAssignment.teacher_id).where(TeachingAssignment.class_id.in_(classes)),
        select(Lesson.teacher_id).where(Lesson.class_id.in_(classes)),
        select(Lesson.substitute_teacher_id).where(
            Lesson.class_id.in_(classes), Lesson.substitute_teacher_id.is_not(None)
        ),
        select(SchoolClass.class_teacher_id).where(
            SchoolClass.year_id == year_id, SchoolClass.class_teacher_id.is_not(None)
        ),
    ):
        found.update(i for i in await ctx.session.scalars(query.distinct()) if i is not None)
    return found


async def _positions(
    ctx: Ctx,
    report: ImportReport,
    row: StaffRow,
    person: Person,
    current: set[StaffRole],
    teaching: set[int],
    apply: bool,
) -> list[str]:
    """The file's positions replace the person's, but for two a file cannot take away: the
    administrator of the journal (a duty given in the journal, not a post on a staff list;
    taking it could lock the school out) and a teacher's while they have lessons or load this
    year (their records need their teacher)."""
    kept = current & {StaffRole.ADMIN}
    if StaffRole.TEACHER in current - row.roles and person.id in teaching:
        kept.add(StaffRole.TEACHER)
        report.notices.append(
            Issue(
                row.where,
                f"{row.name.full}: должность «учитель» остаётся — на этого учителя записаны "
                "нагрузка или уроки этого года; сначала передайте их другому учителю",
            )
        )
    wanted = set(row.roles) | kept
    gained, lost = wanted - current, current - wanted
    report.unchanged(POSITIONS, len(current & wanted))
    if lost:
        report.tally(POSITIONS).changed += 1
        changes = [f"должность {_titles(frozenset(current))} → {_titles(frozenset(wanted))}"]
    else:
        changes = [f"+ {ROLE_TITLES[role]}" for role in sorted(gained)]
        report.tally(POSITIONS).added += len(gained)
    if apply:
        ctx.session.add_all(StaffPosition(person_id=person.id, role=r) for r in sorted(gained))
        if lost:
            await ctx.session.execute(
                delete(StaffPosition).where(
                    StaffPosition.person_id == person.id, StaffPosition.role.in_(lost)
                )
            )
    return changes


def _lead(report: ImportReport, row: StaffRow, person: Person, apply: bool) -> None:
    c = row.class_led
    if c is None:
        return
    if person.id is not None and c.class_teacher_id == person.id:
        report.unchanged(CLASS_TEACHERS)
        return
    line = f"{c.title}: классный руководитель {row.name.full}"
    if c.class_teacher_id is None:
        report.added(CLASS_TEACHERS, line)
    else:
        report.changed(CLASS_TEACHERS, line)
    if apply and person.id is not None:
        c.class_teacher_id = person.id


def _titles(roles: frozenset[StaffRole]) -> str:
    return ", ".join(ROLE_TITLES[r] for r in sorted(roles))


def _read(row: Row, classes: dict[tuple[int, str], SchoolClass], issues: Issues) -> StaffRow | None:
    name = read_name(row, "", issues, "сотрудник")
    position = row.get("position")
    if name is None:
        if position is not None and position.text:
            issues.error(row.where, "у должности нет ФИО сотрудника")
        return None
    ok = True
    roles: set[StaffRole] = set()
    if position is None or not position.text:
        issues.error(row.where, f"у сотрудника {name.full} не указана должность")
        ok = False
    else:
        roles, other = parse_roles(position.text)
        for part in other:
            guess = difflib.get_close_matches(part.split(" ")[0], _KNOWN_WORDS, n=1, cutoff=0.75)
            if guess:
                issues.error(
                    position.where, f"должность «{part}»: опечатка? Может быть, «{guess[0]}»"
                )
                ok = False
        if not roles and ok:
            issues.notice(
                position.where,
                f"{name.full} пропущен: должность «{position.text}» журналу не нужна",
            )
            return None
    birth = None
    birth_cell = row.get("birth_date")
    if birth_cell is not None and birth_cell.value is not None:
        try:
            birth = parse_date(birth_cell.value)
        except BadDate as exc:
            issues.error(birth_cell.where, str(exc))
            ok = False
    gender, gender_read = read_gender(row, issues)
    ok = ok and gender_read
    class_led = None
    led = row.get("class_led")
    if led is not None and led.text and led.text.casefold() not in ("нет", "-", "—"):
        class_led, problem = find_class(classes, led.text)
        if problem:
            issues.error(led.where, problem)
            ok = False
    phone, email = row.text("phone"), row.text("email")
    for value, check, column in ((phone, phone_problem, "phone"), (email, email_problem, "email")):
        text = check(value) if value else None
        if text is not None:
            cell = row.get(column)
            issues.error(cell.where if cell else row.where, text)
            ok = False
    if not ok:
        return None
    if class_led is not None and StaffRole.TEACHER not in roles:
        roles.add(StaffRole.TEACHER)  # a class is led by one of its teachers
    return StaffRow(row.where, name, birth, frozenset(roles), class_led, phone, email, gender)


def _check_twice(rows: list[StaffRow], issues: Issues) -> None:
    seen: dict[tuple[str, date | None], StaffRow] = {}
    leads: dict[int, StaffRow] = {}
    for r in rows:
        first = seen.setdefault((r.name.key, r.birth_date), r)
        if first is not r:
            issues.error(
                r.where,
                f"{r.name.full} уже есть в списке: лист «{first.where.sheet}», "
                f"строка {first.where.row}",
            )
        if r.class_led is not None:
            other = leads.setdefault(r.class_led.id, r)
            if other is not r:
                issues.error(
                    r.where,
                    f"у класса {r.class_led.title} уже есть классный "
                    f"руководитель в строке {other.where.row}: "
                    f"{other.name.full}",
                )
