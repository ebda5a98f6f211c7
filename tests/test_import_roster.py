"""Pupils and guardians from the school's Excel class lists."""

import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from db.enums import EnrollmentEnd
from db.models import AuditEntry, Enrollment, GuardianLink, Person, SchoolClass
from services.context import Ctx, Journal
from services.errors import AccessDenied
from services.people.actor import load_actor
from services.school_import.issues import ImportRefused
from services.school_import.report import ImportReport
from services.school_import.service import ImportKind, import_file
from services.school_import.templates import template_workbook
from tests.school_files.class_lists import (
    Guardian,
    Pupil,
    class_list_one_sheet,
    class_list_per_sheet,
    sample_pupils,
)
from tests.tiny_school import TinySchool

PUPILS = ImportKind.PUPILS


async def load(
    journal: Journal, content: bytes, apply: bool, name: str = "список.xlsx"
) -> ImportReport:
    return await journal.run(import_file, PUPILS, name, content, apply=apply)


async def count(journal: Journal, model: type) -> int:
    async def go(ctx: Ctx) -> int:
        return int(await ctx.session.scalar(select(func.count()).select_from(model)) or 0)

    return await journal.run(go)


async def test_dry_run_tells_and_writes_nothing(journal: Journal, tiny: TinySchool) -> None:
    before = await count(journal, Person)
    report = await load(journal, class_list_per_sheet(sample_pupils()), apply=False)
    assert await count(journal, Person) == before
    assert not report.applied
    assert report.tallies["ученики"].added == 4
    # The mother of two children in two classes is one person; the sibling's parents too.
    assert report.tallies["родители"].added == 4
    assert report.tallies["классы"].added == 2
    text = report.render()
    assert "Проверка, ничего не записано" in text and "добавится 4" in text
    # The misspelt header is understood and told; the extra column is ignored.
    assert "«Дата раждения» понят как «дата рождения»" in text


async def test_apply_then_same_file_again_changes_nothing(
    journal: Journal, tiny: TinySchool
) -> None:
    content = class_list_per_sheet(sample_pupils())
    report = await load(journal, content, apply=True)
    assert report.applied and report.tallies["ученики"].added == 4

    async def check(ctx: Ctx) -> None:
        orlova = (
            await ctx.session.scalars(
                select(Person).where(Person.last_name == "Орлова", Person.first_name == "Светлана")
            )
        ).one()
        assert orlova.phone == "+7 912 345-67-01" and orlova.email == "orlova@mail.ru"
        children = await ctx.session.scalars(
            select(GuardianLink.relation).where(GuardianLink.guardian_id == orlova.id)
        )
        assert list(children) == ["мать", "мать"]
        titles = await ctx.session.scalars(
            select(SchoolClass.grade).where(SchoolClass.letter == "В")
        )
        assert list(titles) == [5]
        audit = (await ctx.session.scalars(select(AuditEntry))).one()
        assert audit.action == "import_pupils"

    await journal.run(check)
    persons = await count(journal, Person)
    again = await load(journal, content, apply=True)
    assert not again.has_changes
    assert again.tallies["ученики"].unchanged == 4 and again.tallies["родители"].unchanged == 4
    assert "Всё в журнале уже так, как в файле." in again.render()
    assert await count(journal, Person) == persons


async def test_changes_update_people_instead_of_duplicating(
    journal: Journal, tiny: TinySchool
) -> None:
    await load(journal, class_list_per_sheet(sample_pupils()), apply=True)
    persons = await count(journal, Person)
    changed = sample_pupils()
    # Ё written as Е, other case and stray spaces: the same pupil, moved to another class;
    # the mother's new phone; the father found by name and child without a phone.
    changed[0] = Pupil(
        "  ОРЛОВ   кирилл андреевич ", "14.03.2015", "6А",
        [Guardian("Орлова Светлана Игоревна", "мать", "+7 999 000-00-01"),
         Guardian("орлов андрей петрович", "отец")],
    )  # fmt: skip
    changed[1].guardians[0].phone = "+7 999 000-00-01"
    changed[2] = Pupil("Семенов Артем Ильич", "30.12.2014", "5В", changed[2].guardians)
    report = await load(journal, class_list_one_sheet(changed), apply=True)
    assert report.tallies["ученики"].changed == 1 and report.tallies["ученики"].added == 0
    assert report.tallies["родители"].added == 0
    assert report.tallies["родители"].changed == 1
    assert await count(journal, Person) == persons

    async def check(ctx: Ctx) -> None:
        kirill = (
            await ctx.session.scalars(select(Person).where(Person.first_name == "Кирилл"))
        ).one()
        rows = await ctx.session.execute(
            select(SchoolClass.grade, SchoolClass.letter, Enrollment.is_active)
            .join(Enrollment, Enrollment.class_id == SchoolClass.id)
            .where(Enrollment.pupil_id == kirill.id)
            .order_by(SchoolClass.grade)
        )
        assert [tuple(r) for r in rows] == [(5, "В", False), (6, "А", True)]
        places = await ctx.session.scalars(
            select(Enrollment).where(Enrollment.pupil_id == kirill.id).order_by(Enrollment.id)
        )
        # As a move through the chat: the old place ends today, the new one starts today.
        assert [(e.ends_on, e.ended, e.starts_on) for e in places] == [
            (date(2026, 11, 18), EnrollmentEnd.MOVED, None),
            (None, None, date(2026, 11, 18)),
        ]
        mother = (
            await ctx.session.scalars(select(Person).where(Person.first_name == "Светлана"))
        ).one()
        assert mother.phone == "+7 999 000-00-01"

    await journal.run(check)


async def test_errors_name_sheet_row_and_column_and_nothing_is_written(
    journal: Journal, tiny: TinySchool
) -> None:
    pupils = [
        *sample_pupils(),
        Pupil("Петров Пётр", "31.02.2015", "5В"),
        Pupil("Лисицына Вера", "01.02.2015", "5Ъ"),
        Pupil("Орлов Кирилл Андреевич", "14.03.2015", "5В"),
        Pupil("Гусев Олег", "01.02.2015", "5А", [Guardian("Гусева Анна", "мать", "12-34")]),
    ]
    before = await count(journal, Person)
    with pytest.raises(ImportRefused) as refused:
        await load(journal, class_list_one_sheet(pupils), apply=True)
    text = refused.value.message
    assert "Файл «список.xlsx» не загружен: ошибок 4" in text
    assert (
        "лист «Ученики», строка 6, столбец E (Дата рождения): нет такой даты: «31.02.2015»" in text
    )
    assert "строка 7, столбец A (Класс): не понимаю класс «5Ъ»" in text
    assert "строка 8: ученик Орлов Кирилл Андреевич (14.03.2015) уже записан" in text
    assert "строка 9, столбец G (Телефон матери): телефон «12-34» не похож на номер" in text
    assert await count(journal, Person) == before


async def test_a_file_that_is_not_a_class_list(journal: Journal, tiny: TinySchool) -> None:
    with pytest.raises(ImportRefused) as refused:
        await load(journal, b"not excel at all", apply=False)
    assert "не открывается как таблица Excel" in refused.value.message
    headers = ("Класс", "Фамилия", "Имя", "Отчество", "Пол", "Мать", "Телефон матери", "Отец",
               "Телефон отца", "СНИЛС")  # fmt: skip
    with pytest.raises(ImportRefused) as refused:
        await load(journal, class_list_one_sheet(sample_pupils(), headers), apply=False)
    assert "лист «Ученики»: нет столбца «Дата рождения»" in refused.value.message


async def test_only_the_administrator_imports(journal: Journal, tiny: TinySchool) -> None:
    content = class_list_per_sheet(sample_pupils())

    async def as_person(ctx: Ctx, key: str) -> ImportReport:
        actor = await load_actor(ctx, tiny.people[key])
        return await import_file(ctx, PUPILS, "a.xlsx", content, apply=False, actor=actor)

    with pytest.raises(AccessDenied):
        await journal.run(as_person, "director")
    report = await journal.run(as_person, "admin")
    assert report.tallies["ученики"].added == 4


async def test_existing_pupil_and_guardian_found_by_name_and_birth(
    journal: Journal, tiny: TinySchool
) -> None:
    async def set_birth(ctx: Ctx) -> None:
        pupil = await ctx.session.get(Person, tiny.people["a1"])
        assert pupil is not None
        pupil.birth_date = date(2015, 1, 10)

    await journal.run(set_birth)
    pupils = [Pupil("Иванов Иван", "10.01.2015", "5А", [Guardian("Иванова Елена", "родитель")])]
    report = await load(journal, class_list_per_sheet(pupils), apply=False)
    assert report.tallies["ученики"].unchanged == 1
    assert report.tallies["родители"].unchanged == 1
    assert not report.has_changes


def gendered_list(rows: list[tuple[str, str, str, str]]) -> bytes:
    """A one-sheet list with «Пол»: (last name, first name, birth, gender as typed)."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Ученики"
    ws.append(["Класс", "Фамилия", "Имя", "Пол", "Дата рождения"])
    for last, first, birth, gender in rows:
        ws.append(["5В", last, first, gender, birth])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def genders(journal: Journal) -> dict[str, str | None]:
    async def read(ctx: Ctx) -> dict[str, str | None]:
        found = await ctx.session.scalars(select(Person).where(Person.birth_date.is_not(None)))
        return {p.last_name: (p.gender.value if p.gender else None) for p in found}

    return await journal.run(read)


async def test_the_pupils_gender_is_read_from_the_column_pol(
    journal: Journal, tiny: TinySchool
) -> None:
    """Issue 15: «Пол» (м/ж, муж/жен, мужской/женский, any case) into persons.gender; optional;
    garbage named by its row and column; a corrected gender updates the pupil."""
    rows = [
        ("Аксенов", "Павел", "01.02.2015", "м"),
        ("Белова", "Ирина", "02.02.2015", "Ж"),
        ("Волков", "Егор", "03.02.2015", "муж."),
        ("Громова", "Ада", "04.02.2015", "жен"),
        ("Денисов", "Лев", "05.02.2015", "Мужской"),
        ("Ежова", "Яна", "06.02.2015", "женский"),
        ("Жуков", "Саша", "07.02.2015", ""),
    ]
    await load(journal, gendered_list(rows), apply=True)
    assert await genders(journal) == {
        "Аксенов": "m",
        "Белова": "f",
        "Волков": "m",
        "Громова": "f",
        "Денисов": "m",
        "Ежова": "f",
        "Жуков": None,
    }
    rows[6] = ("Жуков", "Саша", "07.02.2015", "ж")  # the gender given later
    rows[0] = ("Аксенов", "Павел", "01.02.2015", "")  # left empty: kept as it was
    report = await load(journal, gendered_list(rows), apply=True)
    assert "~ Жуков Саша: пол — → ж" in report.render()
    assert report.tallies["ученики"].changed == 1
    found = await genders(journal)
    assert (found["Жуков"], found["Аксенов"]) == ("f", "m")

    bad = [("Зайцев", "Глеб", "08.02.2015", "мужчина?"), ("Ильина", "Ия", "09.02.2015", "2")]
    with pytest.raises(ImportRefused) as refused:
        await load(journal, gendered_list(bad), apply=False)
    text = refused.value.message
    assert "лист «Ученики», строка 2, столбец D (Пол): пол «мужчина?» не понят" in text
    assert "строка 3, столбец D (Пол): пол «2» не понят: напишите «м» или «ж»" in text
    assert "Зайцев" not in await genders(journal)


def test_the_pupils_template_has_the_column_pol() -> None:
    sheet = load_workbook(io.BytesIO(template_workbook("pupils"))).active
    assert sheet is not None
    headers = [c.value for c in sheet[2]]
    example = dict(zip(headers, [c.value for c in sheet[3]], strict=True))
    assert example["Пол"] == "м" and headers.index("Пол") == headers.index("Дата рождения") + 1
