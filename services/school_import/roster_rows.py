"""The class list read row by row: a pupil with the guardians named beside them."""

from dataclasses import dataclass, field
from datetime import date

from db.enums import Gender
from services.school_import.issues import Issues, Where
from services.school_import.normalize import (
    BadDate,
    clean,
    email_problem,
    parse_class,
    parse_date,
    person_key,
    phone_problem,
    split_full_name,
)
from services.school_import.workbook import Row, Table

OLDEST_PUPIL_YEARS = 21
YOUNGEST_PUPIL_YEARS = 5
# «Пол» as schools write it: м/ж, муж/жен, мужской/женский, мальчик/девочка, any case, a dot.
GENDERS = {
    **dict.fromkeys(("м", "муж", "мужской", "мальчик", "m", "male"), Gender.MALE),
    **dict.fromkeys(("ж", "жен", "женский", "девочка", "f", "female"), Gender.FEMALE),
}
GENDER_LETTERS = {Gender.MALE: "м", Gender.FEMALE: "ж"}


@dataclass(frozen=True)
class Name:
    last: str
    first: str
    middle: str

    @property
    def key(self) -> str:
        return person_key(self.last, self.first, self.middle)

    @property
    def full(self) -> str:
        return " ".join(p for p in (self.last, self.first, self.middle) if p)


@dataclass(frozen=True)
class GuardianRow:
    where: Where
    name: Name
    relation: str
    phone: str
    email: str


@dataclass(frozen=True)
class PupilRow:
    where: Where
    name: Name
    birth_date: date
    grade: int
    letter: str
    guardians: tuple[GuardianRow, ...] = field(default=())
    gender: Gender | None = None  # the «Пол» column is optional

    @property
    def class_title(self) -> str:
        return f"{self.grade}{self.letter}"


def read_name(row: Row, slot: str, issues: Issues, what: str) -> Name | None:
    full = row.get("full_name", slot)
    if full is not None and full.text:
        parts = split_full_name(full.text)
        if parts is None:
            issues.error(full.where, f"{what}: нужны фамилия и имя, а написано «{full.text}»")
            return None
        return Name(*parts)
    last, first = row.text("last_name", slot), row.text("first_name", slot)
    if last or first:
        if not (last and first):
            issues.error(row.where, f"{what}: нужны и фамилия, и имя")
            return None
        return Name(last, first, row.text("middle_name", slot))
    return None


def read_pupils(table: Table, today: date, issues: Issues) -> list[PupilRow]:
    sheet_class = parse_class(table.sheet)
    has_class = table.has("class")
    if not has_class and sheet_class is None:
        issues.error(
            table.where,
            "нет столбца «Класс», и название листа — не класс (назовите лист, например, «5А»)",
        )
        return []
    if not (table.has("full_name") or (table.has("last_name") and table.has("first_name"))):
        issues.error(table.where, "нет столбца «ФИО» ученика (или «Фамилия» и «Имя»)")
        return []
    if not table.has("birth_date"):
        issues.error(table.where, "нет столбца «Дата рождения»")
        return []
    pupils = []
    for row in table.rows:
        pupil = _read_pupil(row, table, sheet_class, today, issues)
        if pupil is not None:
            pupils.append(pupil)
    return pupils


def _read_pupil(
    row: Row, table: Table, sheet_class: tuple[int, str] | None, today: date, issues: Issues
) -> PupilRow | None:
    name = read_name(row, "", issues, "ученик")
    if name is None:
        if not any(row.text("full_name", s) or row.text("last_name", s) for s in table.slots()):
            return None  # a row of remarks, not a pupil
        issues.error(row.where, "у ученика нет ФИО, а родители указаны")
        return None
    birth = _birth_date(row, today, issues)
    grade_letter = sheet_class
    class_cell = row.get("class")
    if class_cell is not None and class_cell.text:
        grade_letter = parse_class(class_cell.text)
        if grade_letter is None:
            issues.error(
                class_cell.where, f"не понимаю класс «{class_cell.text}»: напишите, например, 5А"
            )
    elif grade_letter is None:
        issues.error(row.where, "не указан класс ученика")
    guardians = tuple(g for s in table.slots() if (g := _guardian(row, s, issues)) is not None)
    gender, gender_read = read_gender(row, issues)
    if birth is None or grade_letter is None or not gender_read:
        return None
    return PupilRow(row.where, name, birth, grade_letter[0], grade_letter[1], guardians, gender)


def read_gender(row: Row, issues: Issues) -> tuple[Gender | None, bool]:
    """The row's «Пол» (None when not given), and False when it reads as neither (told)."""
    cell = row.get("gender")
    if cell is None or not cell.text:
        return None, True
    found = GENDERS.get(clean(cell.text).casefold().rstrip(".").strip())
    if found is None:
        issues.error(cell.where, f"пол «{cell.text}» не понят: напишите «м» или «ж»")
        return None, False
    return found, True


def gender_change(was: Gender | None, now: Gender | None) -> str | None:
    """«пол — → ж» when the file gives a gender the person has not; an empty cell keeps it."""
    if now is None or was == now:
        return None
    return f"пол {GENDER_LETTERS[was] if was else '—'} → {GENDER_LETTERS[now]}"


def _birth_date(row: Row, today: date, issues: Issues) -> date | None:
    cell = row.get("birth_date")
    if cell is None or cell.value is None:
        issues.error(row.where, "не указана дата рождения ученика")
        return None
    try:
        birth = parse_date(cell.value)
    except BadDate as exc:
        issues.error(cell.where, str(exc))
        return None
    age = today.year - birth.year
    if not YOUNGEST_PUPIL_YEARS <= age <= OLDEST_PUPIL_YEARS:
        issues.error(cell.where, f"дата рождения {birth:%d.%m.%Y}: ученику выходит {age} лет")
        return None
    return birth


def _guardian(row: Row, slot: str, issues: Issues) -> GuardianRow | None:
    name = read_name(row, slot, issues, "родитель")
    phone, email = row.text("phone", slot), row.text("email", slot)
    if name is None:
        if phone or email:
            issues.error(row.where, "телефон или почта родителя указаны, а ФИО родителя нет")
        return None
    ok = True
    for value, problem, column in (
        (phone, phone_problem, "phone"),
        (email, email_problem, "email"),
    ):
        text = problem(value) if value else None
        if text is not None:
            cell = row.get(column, slot)
            issues.error(cell.where if cell else row.where, text)
            ok = False
    relation = clean(row.text("relation", slot)).lower() or _relation_from_slot(row, slot)
    return GuardianRow(row.where, name, relation, phone, email) if ok else None


def _relation_from_slot(row: Row, slot: str) -> str:
    for column in row.cells:
        if column.slot == slot and column.relation:
            return column.relation
    return "родитель"
