"""A repeater whose grade has no class in the next year (001 §4.1.12): the promotion is refused
with the class it lacks and the way on — the administrator opens the class (in the chat's flow
by a button, on the command line by the command the refusal names), and the repeater is placed
there. In the tiny school 5Б's pupils move up to 6Б, and there was no 4Б: no 5Б in 2027/2028."""

import pytest
from sqlalchemy import select

from bot.cli import main
from db.enums import EnrollmentEnd
from db.models import (
    AuditEntry,
    Enrollment,
    SchoolClass,
    SchoolYear,
    TeachingAssignment,
    TimetableEntry,
)
from keyboards.actions.staff import YearPromoteOpenClass
from services.context import Ctx, Journal
from services.errors import AccessDenied, RuleViolation
from services.year_end.closing import close_year
from services.year_end.new_class import MissingClasses, add_class
from services.year_end.next_year import open_next_year
from services.year_end.promotion import OrderExceptions, plan_promotion, promote_pupils
from tests.conftest import SchoolFile
from tests.staff_kit import PlatformChat, staff_chat
from tests.test_year_end import ORDER, year_finals
from tests.tiny_school import TinySchool
from tests.write_support import actor, count, rows, with_journal
from texts import staff_phrases

NO_5B = "нет класса 5Б в 2027/2028 (туда переходят: Кузнецов Дмитрий (5Б))"


async def next_year_open(journal: Journal, tiny: TinySchool) -> int:
    admin = await actor(journal, tiny, "admin")
    await year_finals(journal, tiny)
    await journal.run(close_year, admin, tiny.year_id)
    return (await journal.run(open_next_year, admin, tiny.year_id)).year_id


async def place_of(journal: Journal, pupil: int) -> tuple[str, EnrollmentEnd | None]:
    """The pupil's held place: its class and year, and how last year's place ended."""

    async def op(ctx: Ctx) -> tuple[str, EnrollmentEnd | None]:
        held = (
            await ctx.session.execute(
                select(SchoolClass, SchoolYear.name)
                .join(Enrollment, Enrollment.class_id == SchoolClass.id)
                .join(SchoolYear, SchoolYear.id == SchoolClass.year_id)
                .where(Enrollment.pupil_id == pupil, Enrollment.is_active.is_(True))
            )
        ).one()
        ended = await ctx.session.scalar(
            select(Enrollment.ended).where(
                Enrollment.pupil_id == pupil, Enrollment.is_active.is_(False)
            )
        )
        return f"{held[0].title} {held[1]}", ended

    return await journal.run(op)


async def repeater_typed(journal: Journal, tiny: TinySchool) -> PlatformChat:
    """The administrator's promotion draft of 2026/2027, the next year open, with Kuznetsov of 5Б
    just typed as a repeater: refused for want of 5Б in 2027/2028, with the way on."""
    await next_year_open(journal, tiny)
    chat = await staff_chat(journal, tiny, "admin")
    await chat.press(staff_phrases.ROSTER)
    await chat.press(staff_phrases.YEAR_END)
    await chat.press("Перевести учеников 2026/2027")
    await chat.send(ORDER)
    await chat.press(staff_phrases.PROMOTE_ADD_REPEAT)
    await chat.send("Кузнецов Дмитрий")
    return chat


async def test_the_refusal_names_the_class_and_opening_it_places_the_repeater(
    journal: Journal, tiny: TinySchool
) -> None:
    admin = await actor(journal, tiny, "admin")
    next_year = await next_year_open(journal, tiny)
    kuznetsov = tiny.people["b2"]
    with pytest.raises(MissingClasses) as refused:
        await journal.run(
            plan_promotion, admin, tiny.year_id, ORDER, OrderExceptions(repeat=[kuznetsov])
        )
    assert refused.value.message == f"Перевод не выполнен: {NO_5B}."
    [missing] = refused.value.missing
    assert (missing.title, missing.year_id) == ("5Б", next_year)

    # Only the administrator opens classes, only in an open year, each once.
    with pytest.raises(AccessDenied):
        await journal.run(add_class, await actor(journal, tiny, "director"), next_year, 5, "Б")
    with pytest.raises(RuleViolation, match="закрыт"):
        await journal.run(add_class, admin, tiny.year_id, 5, "Б")
    with pytest.raises(RuleViolation, match="не похоже на класс"):
        await journal.run(add_class, admin, next_year, 12, "Б")
    added = await journal.run(add_class, admin, next_year, 5, "б")
    assert (added.title, added.year, added.load_from) == ("5Б", "2027/2028", "2026/2027")
    with pytest.raises(RuleViolation, match="уже есть"):
        await journal.run(add_class, admin, next_year, 5, "Б")
    # Last year's 5Б load, for editing; no class teacher, no weekly timetable yet.
    [five_b] = await rows(journal, SchoolClass, SchoolClass.id == added.id)
    assert five_b.class_teacher_id is None
    loads = await rows(journal, TeachingAssignment, TeachingAssignment.class_id == added.id)
    assert sorted(a.teacher_id for a in loads) == sorted(tiny.people[k] for k in ("math", "rus"))
    assert added.loads == 2
    load_ids = [a.id for a in loads]
    assert await count(journal, TimetableEntry, TimetableEntry.assignment_id.in_(load_ids)) == 0
    assert [a.action for a in await rows(journal, AuditEntry)].count("year.class_added") == 1

    done = await journal.run(
        promote_pupils, admin, tiny.year_id, ORDER, OrderExceptions(repeat=[kuznetsov])
    )
    assert (done.promoted, done.repeated) == (5, 1)
    assert await place_of(journal, kuznetsov) == ("5Б 2027/2028", EnrollmentEnd.REPEATED)


async def test_the_administrator_opens_the_class_in_the_promotion_flow(
    journal: Journal, tiny: TinySchool
) -> None:
    chat = await repeater_typed(journal, tiny)
    assert chat.text.startswith(f"Перевод не выполнен: {NO_5B}.")
    assert "Класс можно открыть прямо здесь" in chat.text
    assert chat.labels == ["Открыть 5Б в 2027/2028", staff_phrases.BACK]
    # «Назад» leaves him out of the order, as before.
    await chat.press(staff_phrases.BACK)
    assert "• на повторное обучение: нет" in chat.text
    await chat.press(staff_phrases.PROMOTE_ADD_REPEAT)
    await chat.send("Кузнецов Дмитрий")
    # Someone else from a stranger's chat cannot press it.
    director = await staff_chat(journal, tiny, "director", "201")
    await director.forge(YearPromoteOpenClass(year=tiny.year_id))
    assert "переводит учеников администратор журнала" in director.text
    assert await count(journal, SchoolClass, SchoolClass.grade == 5) == 2  # 5А, 5Б of 2026/2027

    await chat.press("Открыть 5Б в 2027/2028")
    assert chat.text.startswith(
        "Открыт класс 5Б в 2027/2028: нагрузка 5Б 2026/2027 перенесена для правки (строк 2); "
        "классного руководителя и расписание назначьте до начала года."
    )
    assert "• на повторное обучение: Кузнецов Дмитрий (5Б)" in chat.text
    await chat.press(staff_phrases.PROMOTE_CHECK)
    assert "5Б → 5Б, повторное обучение: 1" in chat.text
    assert "5Б → 6Б: 1" in chat.text
    await chat.press(staff_phrases.PROMOTE_YES)
    assert "оставлены на повторное обучение 1" in chat.text
    assert await place_of(journal, tiny.people["b2"]) == ("5Б 2027/2028", EnrollmentEnd.REPEATED)


async def test_a_stale_open_button_opens_nothing(journal: Journal, tiny: TinySchool) -> None:
    chat = await repeater_typed(journal, tiny)
    stale = chat.button("Открыть 5Б в 2027/2028").payload
    await chat.send("Смирнова Ева")  # another name typed instead: he no longer waits
    assert "• на повторное обучение: Смирнова Ева (1А)" in chat.text
    await chat.send_payload(stale)  # the draft as it stands: nothing to open for it
    assert chat.text.startswith("Перевод учеников 2026/2027 → 2027/2028")
    assert "• на повторное обучение: Смирнова Ева (1А)" in chat.text
    assert await count(journal, SchoolClass, SchoolClass.grade == 5) == 2


async def test_a_class_gone_by_the_check_is_offered_there_too(
    journal: Journal, tiny: TinySchool
) -> None:
    """The order's summary finds a class missing after all (removed meanwhile): the same way
    on, from «Проверить и перевести»."""
    chat = await repeater_typed(journal, tiny)
    await chat.press("Открыть 5Б в 2027/2028")

    async def remove_it(ctx: Ctx) -> None:
        found = await ctx.session.scalars(
            select(SchoolClass)
            .join(SchoolYear, SchoolYear.id == SchoolClass.year_id)
            .where(SchoolYear.name == "2027/2028", SchoolClass.grade == 5)
        )
        await ctx.session.delete(found.one())

    await journal.run(remove_it)
    await chat.press(staff_phrases.PROMOTE_CHECK)
    assert chat.text.startswith(f"Перевод не выполнен: {NO_5B}.")
    await chat.press("Открыть 5Б в 2027/2028")
    assert chat.text.startswith("Открыт класс 5Б в 2027/2028")
    await chat.press(staff_phrases.PROMOTE_CHECK)
    assert "5Б → 5Б, повторное обучение: 1" in chat.text


def test_the_command_line_names_the_command_that_opens_it(
    school_file: SchoolFile, capsys: pytest.CaptureFixture[str]
) -> None:
    with_journal(school_file.url, lambda journal: year_finals(journal, school_file.tiny, "5"))

    def ok(*argv: str) -> str:
        assert main(["year", *argv]) == 0, capsys.readouterr().err
        return capsys.readouterr().out

    ok("close")
    ok("open-next")
    promote = ["promote", "--order", "№ 45 от 30.05.2027", "--repeat", "Кузнецов Дмитрий"]
    assert main(["year", *promote]) == 1
    said = capsys.readouterr().err
    assert said.startswith(f"Перевод не выполнен: {NO_5B}.")
    assert "  journal year --year 2027/2028 add-class 5Б" in said
    assert main(["year", "add-class", "12А"]) == 1
    assert "Не понимаю класс «12А»" in capsys.readouterr().err
    opened = ok("--year", "2027/2028", "add-class", "5Б")
    assert opened.startswith(
        "Открыт класс 5Б в 2027/2028: нагрузка 5Б 2026/2027 перенесена для правки (строк 2)"
    )
    assert "journal roster class-teacher 5Б" in opened
    assert "оставлены на повторное обучение 1" in ok(*promote)
