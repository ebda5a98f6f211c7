"""A pupil who left, in the class list again, comes back by the roster's own rule (the chat's
«Вернуть?»): into the place they had in that class this year, with its start date and records,
not into a place that begins on the day of the import; a pupil moved back to a class of this
year by the list gets that place as it was, as the chat's move does. The dry run says so
plainly."""

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli import main
from db.enums import EnrollmentEnd, Gender
from db.models import AuditEntry, Enrollment, Person
from services.context import Ctx, Journal
from services.marks.marking import record_mark
from services.marks.reading import period_marks
from services.roster.moves import move_pupil
from services.roster.pupils import admission_plan, admit_pupil, pupil_leaves
from services.school_import.service import ImportKind, import_file
from tests.conftest import SchoolFile
from tests.school_files.class_lists import Pupil, class_list_one_sheet
from tests.tiny_school import TODAY, TinySchool
from tests.write_support import actor, count, get, rows, run_op, update
from texts import roster_phrases

OLGA_BORN, ANNA_BORN = date(2015, 3, 2), date(2015, 5, 12)
OCT_1 = date(2026, 10, 1)


async def load(journal: Journal, pupils: list[Pupil], apply: bool) -> str:
    content = class_list_one_sheet(pupils)
    report = await journal.run(import_file, ImportKind.PUPILS, "список.xlsx", content, apply=apply)
    return report.render()


async def olga_came_and_left(journal: Journal, tiny: TinySchool) -> int:
    """Новикова Ольга, admitted into 5Б on 1 October, gone from the school today."""
    admin = await actor(journal, tiny, "admin")
    olga = await journal.run(
        admit_pupil, admin, tiny.classes["5Б"], "Новикова", "Ольга", "", OLGA_BORN, OCT_1
    )
    await journal.run(pupil_leaves, admin, olga, reason="переезд")
    return olga


async def test_a_pupil_who_left_keeps_her_place_and_its_start_date(
    journal: Journal, tiny: TinySchool
) -> None:
    olga = await olga_came_and_left(journal, tiny)
    people = await count(journal, Person)
    listed = [Pupil("Новикова Ольга", "02.03.2015", "5Б")]
    said = await load(journal, listed, apply=False)
    assert (
        "~ Новикова Ольга: выбыл(а) 18.11.2026 из 5Б; вернётся на прежнее место в 5Б, "
        "с той же даты начала (с 01.10.2026), со всеми записями (отметок 0, пропусков 0)"
    ) in said
    assert "ученики: добавится 0, изменится 1" in said
    [place] = await rows(journal, Enrollment, Enrollment.pupil_id == olga)
    assert place.ended == EnrollmentEnd.LEFT  # the dry run wrote nothing

    said = await load(journal, listed, apply=True)
    assert "вернулся(ась) на прежнее место в 5Б" in said
    assert await count(journal, Person) == people  # the same person, not a second one
    [place] = await rows(journal, Enrollment, Enrollment.pupil_id == olga)
    # As «Вернуть?» in the chat: the place as it was, from 1 October, not from today.
    assert (place.is_active, place.starts_on, place.ends_on, place.ended) == (
        True,
        OCT_1,
        None,
        None,
    )
    assert (await get(journal, Person, olga)).is_active
    [entry] = await rows(journal, AuditEntry, AuditEntry.action == "roster.pupil_readmitted")
    assert entry.subject_person_id == olga and entry.actor_id is None  # the command line
    # Loaded again, the same list changes nothing.
    assert "Всё в журнале уже так, как в файле." in await load(journal, listed, apply=True)


async def test_back_into_a_class_she_had_before_a_move(journal: Journal, tiny: TinySchool) -> None:
    """Петрова Анна of 5А, with a mark, moved to 5Б on 2 November and gone from 5Б today; the
    list names her in 5А: that place comes back as it was, the 5Б place stays ended."""
    anna = tiny.people["a2"]
    await update(journal, Person, anna, birth_date=ANNA_BORN, gender=Gender.FEMALE)
    math, admin = await actor(journal, tiny, "math"), await actor(journal, tiny, "admin")
    await journal.run(record_mark, math, tiny.lessons["math-mon"], anna, 4, "answer")
    await journal.run(move_pupil, admin, anna, tiny.classes["5Б"], date(2026, 11, 2))
    await journal.run(pupil_leaves, admin, anna)
    listed = [Pupil("Петрова Анна", "12.05.2015", "5А")]
    said = await load(journal, listed, apply=False)
    assert (
        "~ Петрова Анна: выбыла 18.11.2026 из 5Б; вернётся на прежнее место в 5А, с той же "
        "даты начала (с начала учебного года), со всеми записями (отметок 1, пропусков 0); "
        "родители (Петров Николай) снова получат доступ"
    ) in said
    await load(journal, listed, apply=True)
    places = {p.class_id: p for p in await rows(journal, Enrollment, Enrollment.pupil_id == anna)}
    back, gone = places[tiny.classes["5А"]], places[tiny.classes["5Б"]]
    assert (back.is_active, back.starts_on, back.ends_on, back.ended) == (True, None, None, None)
    assert (gone.is_active, gone.ends_on, gone.ended) == (False, TODAY, EnrollmentEnd.LEFT)
    # Her father reads her marks again.
    marks = await journal.run(period_marks, await actor(journal, tiny, "g3"), anna)
    assert [m.value for s in marks.subjects for m in s.marks] == [4]


async def test_into_a_class_she_never_had_she_starts_today(
    journal: Journal, tiny: TinySchool
) -> None:
    olga = await olga_came_and_left(journal, tiny)
    listed = [Pupil("Новикова Ольга", "02.03.2015", "5А")]
    said = await load(journal, listed, apply=False)
    assert "вернётся в школу, в 5А, с 18.11.2026, со всеми записями" in said
    await load(journal, listed, apply=True)
    places = {p.class_id: p for p in await rows(journal, Enrollment, Enrollment.pupil_id == olga)}
    assert (places[tiny.classes["5А"]].is_active, places[tiny.classes["5А"]].starts_on) == (
        True,
        TODAY,
    )
    assert places[tiny.classes["5Б"]].ended == EnrollmentEnd.LEFT


async def test_the_chat_says_since_when_the_place_comes_back(
    journal: Journal, tiny: TinySchool
) -> None:
    """The same rule tells the chat's «Вернуть?» the place's start date."""
    await olga_came_and_left(journal, tiny)
    admin = await actor(journal, tiny, "admin")
    plan = await journal.run(
        admission_plan, admin, tiny.classes["5Б"], "Новикова", "Ольга", "", OLGA_BORN
    )
    assert plan.returning is not None and plan.returning.place_since == OCT_1
    assert "вернётся на прежнее место в 5Б (с 01.10.2026) со всеми записями" in (
        roster_phrases.admission(plan)
    )


async def test_a_pupil_moved_by_mistake_is_moved_back_by_the_list_as_in_the_chat(
    journal: Journal, tiny: TinySchool
) -> None:
    """Иванов Иван of 5А moved to 5Б, and the school's list still has him in 5А: his 5А place
    comes back as it was, and the 5Б place, where nothing was written, goes (the chat's rule,
    services.roster.moves), instead of a 5А place restarted today."""
    ivan = tiny.people["a1"]
    await update(journal, Person, ivan, birth_date=date(2015, 1, 10))
    admin = await actor(journal, tiny, "admin")
    await journal.run(move_pupil, admin, ivan, tiny.classes["5Б"], date(2026, 11, 2))
    listed = [Pupil("Иванов Иван", "10.01.2015", "5А")]
    said = await load(journal, listed, apply=False)
    assert (
        "~ Иванов Иван: 5Б → 5А, возвращение на прежнее место (с начала учебного года): "
        "записи в 5А остаются как были; место в 5Б уберётся: там ничего не записано"
    ) in said
    assert "место в 5Б убрано" in await load(journal, listed, apply=True)
    [place] = await rows(journal, Enrollment, Enrollment.pupil_id == ivan)
    assert (place.class_id, place.is_active, place.starts_on, place.ended) == (
        tiny.classes["5А"],
        True,
        None,
        None,
    )
    moves = await rows(journal, AuditEntry, AuditEntry.action == "roster.pupil_moved")
    assert [(m.actor_id, m.details["back"]) for m in moves] == [
        (tiny.people["admin"], False),
        (None, True),
    ]


def test_the_command_line_says_it_then_does_it(
    school_file: SchoolFile, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = ["roster", "admit", "Новикова Ольга", "--class", "5Б", "--born", "2.3.2015"]
    assert main([*roster, "--on", "01.10.2026"]) == 0
    assert main(["roster", "leave", "Новикова Ольга"]) == 0
    path = tmp_path / "ученики.xlsx"
    path.write_bytes(class_list_one_sheet([Pupil("Новикова Ольга", "02.03.2015", "5Б")]))
    capsys.readouterr()
    assert main(["import", "pupils", str(path), "--check"]) == 0
    out = capsys.readouterr().out
    assert "вернётся на прежнее место в 5Б, с той же даты начала (с 01.10.2026)" in out
    assert "повторите команду с --apply" in out
    assert main(["import", "pupils", str(path), "--apply"]) == 0
    assert "вернулся(ась) на прежнее место в 5Б" in capsys.readouterr().out
    # She studies in 5Б again, from 1 October: moving her back there is «уже учится».
    assert main(["roster", "move", "Новикова Ольга", "--to", "5Б", "--check"]) == 1
    assert "Новикова Ольга уже учится в 5Б" in capsys.readouterr().err
    assert run_op(school_file.url, _starts) == [(OCT_1, True)]


async def _starts(ctx: Ctx) -> list[tuple[date | None, bool]]:
    found = await ctx.session.execute(
        select(Enrollment.starts_on, Enrollment.is_active)
        .join(Person, Person.id == Enrollment.pupil_id)
        .where(Person.last_name == "Новикова")
    )
    return [(s, a) for s, a in found]
