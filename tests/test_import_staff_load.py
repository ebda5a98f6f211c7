"""Staff and positions, class teachers, the teaching load and subgroups from Excel."""

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from db.enums import StaffRole
from db.models import (
    Person,
    SchoolClass,
    StaffPosition,
    Subgroup,
    SubgroupMember,
    TeachingAssignment,
)
from services.context import Ctx, Journal
from services.school_import.issues import ImportRefused
from services.school_import.report import ImportReport
from services.school_import.service import ImportKind, import_file
from services.school_import.templates import template_workbook
from tests.school_files.staff_lists import load_list, staff_list, subgroup_list, workbook
from tests.tiny_school import TinySchool

STAFF_ROWS = [
    ("Числова Мария Андреевна", "учитель", "5А", "+7 900 111-22-33", 12),
    ("Новикова Татьяна Львовна", "Учитель, заместитель директора", "5Б", None, 20),
    ("Пушкин Олег Сергеевич", "учитель", None, None, 1),
    ("Кузьмина Зоя Петровна", "завхоз", None, None, 30),
]


async def run(journal: Journal, kind: ImportKind, content: bytes, apply: bool) -> ImportReport:
    return await journal.run(import_file, kind, "файл.xlsx", content, apply=apply)


async def test_staff_added_updated_and_again_nothing(journal: Journal, tiny: TinySchool) -> None:
    content = staff_list(STAFF_ROWS)
    dry = await run(journal, ImportKind.STAFF, content, apply=False)
    assert dry.tallies["сотрудники"].added == 2 and dry.tallies["сотрудники"].changed == 1
    assert dry.tallies["классные руководители"].changed == 1  # 5Б: Словесников → Новикова
    assert dry.tallies["классные руководители"].unchanged == 1
    assert "Кузьмина Зоя Петровна пропущен: должность «завхоз» журналу не нужна" in dry.render()
    applied = await run(journal, ImportKind.STAFF, content, apply=True)
    assert applied.tallies == dry.tallies

    async def check(ctx: Ctx) -> None:
        novikova = (
            await ctx.session.scalars(select(Person).where(Person.last_name == "Новикова"))
        ).one()
        roles = set(
            await ctx.session.scalars(
                select(StaffPosition.role).where(StaffPosition.person_id == novikova.id)
            )
        )
        assert roles == {StaffRole.TEACHER, StaffRole.DEPUTY}
        five_b = await ctx.session.get(SchoolClass, tiny.classes["5Б"])
        assert five_b is not None and five_b.class_teacher_id == novikova.id
        math = await ctx.session.get(Person, tiny.people["math"])
        assert math is not None and math.phone == "+7 900 111-22-33"

    await journal.run(check)
    again = await run(journal, ImportKind.STAFF, content, apply=True)
    assert not again.has_changes


async def test_a_changed_position_is_changed(journal: Journal, tiny: TinySchool) -> None:
    """A deputy back to teaching, a director moved to teaching; the journal's administrator
    and a teacher with lessons keep what a file cannot take away; nobody is removed."""
    rows = [
        ("Завучева Ольга Сергеевна", "учитель", None),
        ("Директорова Галина Ивановна", "учитель", None),
        ("Админов Алексей Петрович", "учитель", None),
        ("Числова Мария Андреевна", "заместитель директора", None),
    ]
    dry = await run(journal, ImportKind.STAFF, staff_list(rows), apply=False)
    text = dry.render()
    assert "должности: добавится 2, изменится 2, без изменений 2" in text
    assert "~ Завучева Ольга Сергеевна: должность заместитель директора → учитель" in text
    assert "~ Директорова Галина Ивановна: должность директор → учитель" in text
    assert "~ Админов Алексей Петрович: + учитель" in text
    assert "~ Числова Мария Андреевна: + заместитель директора" in text
    assert "Числова Мария Андреевна: должность «учитель» остаётся" in text

    async def roles(ctx: Ctx) -> dict[str, set[StaffRole]]:
        found: dict[str, set[StaffRole]] = {}
        for key in ("deputy", "director", "admin", "math"):
            found[key] = set(
                await ctx.session.scalars(
                    select(StaffPosition.role).where(StaffPosition.person_id == tiny.people[key])
                )
            )
        return found

    before = await journal.run(roles)
    assert before["deputy"] == {StaffRole.DEPUTY}
    await run(journal, ImportKind.STAFF, staff_list(rows), apply=True)
    assert await journal.run(roles) == {
        "deputy": {StaffRole.TEACHER},
        "director": {StaffRole.TEACHER},
        "admin": {StaffRole.ADMIN, StaffRole.TEACHER},
        "math": {StaffRole.TEACHER, StaffRole.DEPUTY},
    }
    again = await run(journal, ImportKind.STAFF, staff_list(rows), apply=True)
    assert not again.has_changes, again.render()
    # Those the file leaves out stay as they were.
    rus = await journal.run(lambda ctx: ctx.session.get(Person, tiny.people["rus"]))
    assert rus is not None and rus.is_active


async def test_staff_errors(journal: Journal, tiny: TinySchool) -> None:
    rows = [
        ("Числова Мария Андреевна", "учитель", "5А"),
        ("ЧИСЛОВА  Мария Андреевна", "учитель", None),
        ("Петров Пётр", "учитеь", None),
        ("Сидоров Олег", "учитель", "9Г"),
        ("Лебедев Иван", "учитель", "5А"),
    ]
    with pytest.raises(ImportRefused) as refused:
        await run(journal, ImportKind.STAFF, staff_list(rows), apply=True)
    text = refused.value.message
    assert (
        "строка 3: ЧИСЛОВА Мария Андреевна уже есть в списке: лист «Сотрудники», строка 2" in text
    )
    assert (
        "строка 4, столбец B (Должность): должность «учитеь»: опечатка? Может быть, «учитель»"
        in text
    )
    assert "строка 5, столбец C (Классное руководство): класса 9Г нет в журнале" in text
    assert "строка 6: у класса 5А уже есть классный руководитель в строке 2" in text


LOAD_ROWS = [
    ("Числова М.А.", "5А", "Математика", None, 5),
    ("Инглишева Анна Викторовна", "5А", "Английский язык", "1 группа", 3),
    ("Лондонов П. О.", "5А", "Английский язык", "2 группа", 3),
    ("Словесников Иван Ильич", "5Б", "Литература", "весь класс", 3),
    ("Словесников Иван Ильич", "5Б", "Информатика", "Девочки", 1),
]


async def test_load_updates_and_adds(journal: Journal, tiny: TinySchool) -> None:
    content = load_list(LOAD_ROWS)
    dry = await run(journal, ImportKind.LOAD, content, apply=False)
    assert dry.tallies["нагрузка"].changed == 1  # 5А math: 4 → 5 hours
    assert dry.tallies["нагрузка"].unchanged == 2
    assert dry.tallies["нагрузка"].added == 2
    assert dry.tallies["предметы"].added == 2 and dry.tallies["подгруппы"].added == 1
    await run(journal, ImportKind.LOAD, content, apply=True)

    async def check(ctx: Ctx) -> None:
        load = await ctx.session.get(TeachingAssignment, tiny.assignments["5А-math"])
        assert load is not None and load.hours_per_week == 5
        girls = (
            await ctx.session.scalars(select(Subgroup).where(Subgroup.name == "Девочки"))
        ).one()
        assert girls.class_id == tiny.classes["5Б"]

    await journal.run(check)
    assert not (await run(journal, ImportKind.LOAD, content, apply=True)).has_changes


async def test_load_errors(journal: Journal, tiny: TinySchool) -> None:
    rows = [
        ("Числова М.А.", "5А", "Математика", None, 4),
        ("Иванов Неизвестный", "5А", "Физика", None, 2),
        ("Числова М.А.", "7Д", "Математика", None, 4),
        ("Числова М.А.", "5Б", "Математика", None, "полтора"),
        ("Словесников Иван Ильич", "5А", "математика", None, 4),
    ]
    with pytest.raises(ImportRefused) as refused:
        await run(journal, ImportKind.LOAD, load_list(rows), apply=True)
    text = refused.value.message
    assert "столбец A (Учитель): учитель «Иванов Неизвестный» не найден среди сотрудников" in text
    assert "столбец B (Класс): класса 7Д нет в журнале" in text
    assert "столбец E (Часов в неделю): часов в неделю «полтора»: нужно целое число" in text
    assert "строка 6: 5А, математика: уже в строке 2 (Числова)" in text


async def test_subgroups_move_and_add(journal: Journal, tiny: TinySchool) -> None:
    rows = [
        ("5А", "Английский язык", "1 группа", "Иванов Иван"),
        ("5А", "Английский язык", "1 группа", "Сидоров Олег"),  # from the 2nd group
        ("5А", "Английский язык", "2 группа", "Петрова Анна"),  # from the 1st group
        ("5Б", "Информатика", "Первая", "Кузнецов Дмитрий"),
    ]
    content = subgroup_list(rows)
    dry = await run(journal, ImportKind.SUBGROUPS, content, apply=False)
    assert dry.tallies["ученики в подгруппах"].changed == 2
    assert dry.tallies["ученики в подгруппах"].unchanged == 1
    assert dry.tallies["ученики в подгруппах"].added == 1
    await run(journal, ImportKind.SUBGROUPS, content, apply=True)

    async def check(ctx: Ctx) -> None:
        member = (
            await ctx.session.scalars(
                select(SubgroupMember).where(SubgroupMember.pupil_id == tiny.people["a3"])
            )
        ).one()
        assert member.subgroup_id == tiny.subgroups["eng1"]

    await journal.run(check)
    assert not (await run(journal, ImportKind.SUBGROUPS, content, apply=True)).has_changes
    bad = subgroup_list([("5А", "Английский язык", "1 группа", "Кузнецов Дмитрий")])
    with pytest.raises(ImportRefused) as refused:
        await run(journal, ImportKind.SUBGROUPS, bad, apply=True)
    assert "строка 2: в классе 5А нет ученика Кузнецов Дмитрий" in refused.value.message


async def test_invisible_characters_are_dropped_and_told(
    journal: Journal, tiny: TinySchool
) -> None:
    """A zero-width space, a DEL or a bidi override pasted into a cell is not kept: the
    names come out as typed, and the dry run says where it found them."""
    rows = [
        ("Числова\u200b Мария Андреевна", "учитель\x7f", "5А"),
        ("Пушкин Олег \u202eСергеевич", "учитель", None),
    ]
    dry = await run(journal, ImportKind.STAFF, staff_list(rows), apply=False)
    text = dry.render()
    assert dry.tallies["сотрудники"].unchanged == 1 and dry.tallies["сотрудники"].added == 1
    assert "+ Пушкин Олег Сергеевич: учитель" in text
    assert (
        "лист «Сотрудники», строка 2, столбец A (ФИО): убраны невидимые служебные символы; "
        "таких клеток в столбце: 2" in text
    )
    assert "строка 2, столбец B (Должность): убраны невидимые служебные символы\n" in text + "\n"
    await run(journal, ImportKind.STAFF, staff_list(rows), apply=True)

    async def pushkin(ctx: Ctx) -> Person:
        return (await ctx.session.scalars(select(Person).where(Person.last_name == "Пушкин"))).one()

    person = await journal.run(pushkin)
    assert (person.first_name, person.middle_name) == ("Олег", "Сергеевич")


def gendered_staff(rows: list[tuple[str, str, str]]) -> bytes:
    """A staff list with «Пол»: (full name, position, gender as typed)."""
    return workbook({"Сотрудники": (("ФИО", "Должность", "Пол"), rows)})


async def staff_genders(journal: Journal, *last_names: str) -> dict[str, str | None]:
    async def read(ctx: Ctx) -> dict[str, str | None]:
        found = await ctx.session.scalars(select(Person).where(Person.last_name.in_(last_names)))
        return {p.last_name: (p.gender.value if p.gender else None) for p in found}

    return await journal.run(read)


async def test_the_staff_gender_is_read_from_the_column_pol(
    journal: Journal, tiny: TinySchool
) -> None:
    """Issue 15: the staff file's optional «Пол» is read as the pupils' is; garbage is named by
    its cell; a corrected gender updates the person, an empty cell keeps theirs."""
    rows = [
        ("Числова Мария Андреевна", "учитель", "Ж"),
        ("Словесников Иван Ильич", "учитель", "муж."),
        ("Пушкин Олег Сергеевич", "учитель", "мужской"),
        ("Ахматова Анна Андреевна", "учитель", ""),
    ]
    dry = await run(journal, ImportKind.STAFF, gendered_staff(rows), apply=False)
    text = dry.render()
    assert "~ Числова Мария Андреевна: пол — → ж" in text
    assert "~ Словесников Иван Ильич: пол — → м" in text
    await run(journal, ImportKind.STAFF, gendered_staff(rows), apply=True)
    names = ("Числова", "Словесников", "Пушкин", "Ахматова")
    assert await staff_genders(journal, *names) == {
        "Числова": "f",
        "Словесников": "m",
        "Пушкин": "m",
        "Ахматова": None,
    }
    rows[3] = ("Ахматова Анна Андреевна", "учитель", "жен")  # the gender given later
    rows[2] = ("Пушкин Олег Сергеевич", "учитель", "ж")  # corrected
    rows[0] = ("Числова Мария Андреевна", "учитель", "")  # left empty: kept as it was
    report = await run(journal, ImportKind.STAFF, gendered_staff(rows), apply=True)
    text = report.render()
    assert "~ Ахматова Анна Андреевна: пол — → ж" in text
    assert "~ Пушкин Олег Сергеевич: пол м → ж" in text
    assert report.tallies["сотрудники"].changed == 2, text
    assert await staff_genders(journal, *names) == {
        "Числова": "f",
        "Словесников": "m",
        "Пушкин": "f",
        "Ахматова": "f",
    }
    assert not (await run(journal, ImportKind.STAFF, gendered_staff(rows), apply=True)).has_changes

    bad = [("Лермонтов Михаил Юрьевич", "учитель", "мужчина?"), ("Толстой Лев", "учитель", "2")]
    with pytest.raises(ImportRefused) as refused:
        await run(journal, ImportKind.STAFF, gendered_staff(bad), apply=True)
    message = refused.value.message
    assert "лист «Сотрудники», строка 2, столбец C (Пол): пол «мужчина?» не понят" in message
    assert "строка 3, столбец C (Пол): пол «2» не понят: напишите «м» или «ж»" in message
    assert await staff_genders(journal, "Лермонтов", "Толстой") == {}


def test_the_staff_template_has_the_column_pol() -> None:
    sheet = load_workbook(io.BytesIO(template_workbook("staff"))).active
    assert sheet is not None
    headers = [c.value for c in sheet[2]]
    example = dict(zip(headers, [c.value for c in sheet[3]], strict=True))
    assert example["Пол"] == "ж" and headers.index("Пол") == headers.index("ФИО") + 1
