"""Roster changes undone: a pupil who left and is admitted again is known by name and date of
birth and gets their place and records back, not a second person; a pupil moved to the wrong
class is moved back to the place as it was. In the services, the command line and the chat."""

from datetime import date

import pytest

from bot.cli import main
from db.enums import EnrollmentEnd, Gender
from db.models import Enrollment, Person
from services.context import Journal
from services.errors import RuleViolation
from services.marks.marking import record_mark
from services.marks.reading import period_marks
from services.people.actor import load_actor
from services.reports.journal_page import journal_page
from services.roster.moves import move_plan, move_pupil
from services.roster.pupils import admission_plan, admit_pupil, pupil_leaves
from tests.conftest import SchoolFile
from tests.staff_kit import staff_chat
from tests.tiny_school import TODAY, TinySchool
from tests.write_support import actor, count, get, rows, update
from texts import roster_phrases, staff_phrases

ANNA_BORN = date(2015, 5, 12)


async def anna_left(journal: Journal, tiny: TinySchool) -> int:
    """Петрова Анна of 5А, with a mark, gone from the school."""
    anna = tiny.people["a2"]
    await update(journal, Person, anna, birth_date=ANNA_BORN, gender=Gender.FEMALE)
    math, admin = await actor(journal, tiny, "math"), await actor(journal, tiny, "admin")
    await journal.run(record_mark, math, tiny.lessons["math-mon"], anna, 4, "answer")
    await journal.run(pupil_leaves, admin, anna, reason="переезд")
    return anna


async def test_a_pupil_who_left_comes_back_as_the_same_person(
    journal: Journal, tiny: TinySchool
) -> None:
    anna = await anna_left(journal, tiny)
    admin = await actor(journal, tiny, "admin")
    people = await count(journal, Person)
    plan = await journal.run(
        admission_plan, admin, tiny.classes["5А"], "Петрова", "Анна", "", ANNA_BORN
    )
    assert plan.returning is not None and plan.returning.pupil_id == anna
    assert roster_phrases.admission(plan) == (
        "Петрова Анна (12.05.2015) уже училась в школе: выбыла 18.11.2026 из 5А.\n"
        "Это тот же ученик, а не новый: вернётся на прежнее место в 5А со всеми записями "
        "(1 отметка).\n"
        "Родители (Петров Николай) снова получат доступ."
    )
    back = await journal.run(
        admit_pupil, admin, tiny.classes["5А"], "петрова ", "анна", "", ANNA_BORN
    )
    assert back == anna and await count(journal, Person) == people
    [place] = await rows(journal, Enrollment, Enrollment.pupil_id == anna)
    assert (place.is_active, place.starts_on, place.ends_on, place.ended) == (
        True,
        None,  # the place she had from the year's start, as it was
        None,
        None,
    )
    # Her father reads her marks again.
    marks = await journal.run(period_marks, await actor(journal, tiny, "g3"), anna)
    assert [m.value for s in marks.subjects for m in s.marks] == [4]
    assert (await get(journal, Person, anna)).is_active


async def test_a_namesake_is_not_taken_for_the_pupil_who_left(
    journal: Journal, tiny: TinySchool
) -> None:
    anna = await anna_left(journal, tiny)
    admin = await actor(journal, tiny, "admin")
    with pytest.raises(RuleViolation, match="Напишите дату рождения"):
        await journal.run(admit_pupil, admin, tiny.classes["5Б"], "Петрова", "Анна")
    other = await journal.run(
        admit_pupil, admin, tiny.classes["5Б"], "Петрова", "Анна", "", date(2015, 9, 1)
    )
    assert other != anna
    assert not (await get(journal, Person, anna)).is_active
    # Admitted into another class, she comes back there; the place she left stays as it ended.
    plan = await journal.run(
        admission_plan, admin, tiny.classes["5Б"], "Петрова", "Анна", "", ANNA_BORN
    )
    assert plan.returning is not None and not plan.returning.same_place
    await journal.run(admit_pupil, admin, tiny.classes["5Б"], "Петрова", "Анна", "", ANNA_BORN)
    places = {p.class_id: p for p in await rows(journal, Enrollment, Enrollment.pupil_id == anna)}
    assert places[tiny.classes["5А"]].ended == EnrollmentEnd.LEFT
    assert (places[tiny.classes["5Б"]].is_active, places[tiny.classes["5Б"]].starts_on) == (
        True,
        TODAY,
    )


async def test_a_pupil_moved_to_the_wrong_class_is_moved_back(
    journal: Journal, tiny: TinySchool
) -> None:
    math, admin = await actor(journal, tiny, "math"), await actor(journal, tiny, "admin")
    ivan = tiny.people["a1"]
    await journal.run(record_mark, math, tiny.lessons["math-mon"], ivan, 5, "answer")
    await journal.run(move_pupil, admin, ivan, tiny.classes["5Б"])
    plan = await journal.run(move_plan, admin, ivan, tiny.classes["5А"])
    assert roster_phrases.move_plan(plan) == (
        "Иванов Иван: 5Б → 5А, возвращение на прежнее место: записи в 5А остаются как были.\n"
        "Место в 5Б уберётся: там ничего не записано."
    )
    await journal.run(move_pupil, admin, ivan, tiny.classes["5А"])
    [place] = await rows(journal, Enrollment, Enrollment.pupil_id == ivan)
    assert (place.class_id, place.is_active, place.starts_on, place.ended) == (
        tiny.classes["5А"],
        True,
        None,
        None,
    )
    # 5А's page shows him as before: his row, not a gone pupil's, with his mark.
    page = await journal.run(journal_page, math, tiny.assignments["5А-math"], tiny.periods["q2"])
    row = next(r for r in page.rows if r.full_name.startswith("Иванов Иван"))
    assert "выбыл" not in row.full_name and "5" in row.cells


async def test_a_place_with_records_stays_when_the_pupil_is_moved_back(
    journal: Journal, tiny: TinySchool
) -> None:
    math, admin = await actor(journal, tiny, "math"), await actor(journal, tiny, "admin")
    ivan = tiny.people["a1"]
    await journal.run(move_pupil, admin, ivan, tiny.classes["5Б"])
    await journal.run(record_mark, math, tiny.lessons["5Б-math-today"], ivan, 3, "answer")
    plan = await journal.run(move_pupil, admin, ivan, tiny.classes["5А"])
    assert plan.back and not plan.drops_place
    places = {p.class_id: p for p in await rows(journal, Enrollment, Enrollment.pupil_id == ivan)}
    assert places[tiny.classes["5А"]].is_active
    assert places[tiny.classes["5Б"]].ended == EnrollmentEnd.MOVED
    page = await journal.run(journal_page, math, tiny.assignments["5Б-math"], tiny.periods["q2"])
    row = next(r for r in page.rows if r.full_name.startswith("Иванов Иван"))
    assert "выбыл" in row.full_name and "3" in row.cells


def test_the_command_line_checks_and_brings_back(
    school_file: SchoolFile, capsys: pytest.CaptureFixture[str]
) -> None:

    def ok(*argv: str) -> str:
        assert main(["roster", *argv]) == 0, capsys.readouterr().err
        return capsys.readouterr().out

    ok("admit", "Новикова Ольга", "--class", "5Б", "--born", "2.3.2015")
    ok("leave", "Новикова Ольга")
    said = ok("admit", "Новикова Ольга", "--class", "5Б", "--born", "2.3.2015", "--check")
    assert said.startswith("Новикова Ольга (02.03.2015) уже учился(ась) в школе: выбыл(а)")
    assert "вернётся на прежнее место в 5Б" in said and roster_phrases.CHECK_ONLY in said
    assert "Не нашёл ученика" in _refused(capsys, "move", "Новикова Ольга", "--to", "5А")
    said = ok("admit", "Новикова Ольга", "--class", "5Б", "--born", "2.3.2015")
    assert "вернулся(ась) на прежнее место в 5Б со всеми записями" in said
    # The check refuses what the change would: she studies here now.
    said = _refused(
        capsys, "admit", "Новикова Ольга", "--class", "5А", "--born", "2.3.2015", "--check"
    )
    assert said.startswith("Новикова Ольга уже учится в 5Б")
    ok("move", "Новикова Ольга", "--to", "5А")
    said = ok("move", "Новикова Ольга", "--to", "5Б", "--check")
    assert "возвращение на прежнее место" in said and roster_phrases.CHECK_ONLY in said
    said = ok("move", "Новикова Ольга", "--to", "5Б")
    assert said.startswith("Новикова Ольга снова в 5Б, на прежнем месте")
    assert "Место в 5А убрано" in said


def _refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(["roster", *argv]) == 1
    return capsys.readouterr().err


async def test_the_administrator_brings_back_and_undoes_a_move_in_the_chat(
    journal: Journal, tiny: TinySchool
) -> None:
    anna = await anna_left(journal, tiny)
    chat = await staff_chat(journal, tiny, "admin")
    await chat.press(staff_phrases.ROSTER)
    await chat.press("5А")
    assert chat.text.startswith("5А: учеников 2.")
    await chat.press(staff_phrases.ROSTER_ADMIT)
    await chat.send("Петрова Анна")
    assert "Напишите дату рождения" in chat.text  # asked again, in the flow
    await chat.send("Петрова Анна, 12.05.2015")
    assert chat.text.startswith("Петрова Анна (12.05.2015) уже училась в школе: выбыла")
    assert chat.text.endswith("Вернуть?")
    assert chat.labels == [roster_phrases.RETURN_YES, "Отмена"]
    await chat.press(roster_phrases.RETURN_YES)
    assert chat.text.startswith("Петрова Анна вернулась на прежнее место в 5А со всеми записями.")
    assert "5А: учеников 3." in chat.text
    assert await load_actor_ok(journal, anna)

    await chat.press("Иванов Иван")
    await chat.press(staff_phrases.ROSTER_MOVE)
    await chat.press("5Б")
    assert "Иванов Иван переведён(а) в 5Б." in chat.text
    await chat.press("Ошибка, вернуть в 5А")
    assert chat.text.startswith("Иванов Иван снова в 5А, на прежнем месте")
    [place] = await rows(journal, Enrollment, Enrollment.pupil_id == tiny.people["a1"])
    assert (place.class_id, place.is_active) == (tiny.classes["5А"], True)


async def load_actor_ok(journal: Journal, person_id: int) -> bool:
    return (await journal.run(load_actor, person_id)).person_id == person_id
