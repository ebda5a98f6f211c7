"""Changes through the year (issue 11): pupils admitted, moved with their records kept, leaving
with access ended at once; guardians added and corrected by the class teacher; staff added,
class teachers changed, a teacher substituted for days; subgroups changed at a period's end."""

from datetime import UTC, date, datetime

import pytest

from bot.cli import main
from db.enums import EnrollmentEnd, InviteRole, StaffRole
from db.models import (
    AuditEntry,
    Enrollment,
    GuardianLink,
    InviteCode,
    Lesson,
    Mark,
    Person,
    SubgroupMember,
)
from keyboards.actions.staff import PupilFamily, RosterLeaveYes
from services.context import Journal
from services.errors import AccessDenied, NotFound, RuleViolation
from services.invites.redeeming import issue_invites
from services.marks.marking import record_mark
from services.marks.reading import period_marks
from services.people.actor import load_actor
from services.reports.journal_page import journal_page
from services.roster.guardians import add_guardian, correct_guardian
from services.roster.moves import move_pupil
from services.roster.pupils import admit_pupil, pupil_leaves
from services.roster.staff import add_staff, set_class_teacher, substitute_for_days
from services.roster.subgroups import move_to_subgroup
from tests.conftest import FakeClock, SchoolFile
from tests.staff_kit import staff_chat
from tests.tiny_school import TODAY, TinySchool
from tests.write_support import actor, count, rows
from texts import staff_phrases


async def audit_actions(journal: Journal) -> list[str]:
    return [a.action for a in await rows(journal, AuditEntry)]


async def test_admit_a_pupil(journal: Journal, tiny: TinySchool) -> None:
    admin = await actor(journal, tiny, "admin")
    new = await journal.run(
        admit_pupil, admin, tiny.classes["5Б"], " Новикова ", "Ольга", "", date(2015, 3, 2)
    )
    [place] = await rows(journal, Enrollment, Enrollment.pupil_id == new)
    assert (place.class_id, place.starts_on, place.is_active) == (tiny.classes["5Б"], TODAY, True)
    assert "roster.pupil_admitted" in await audit_actions(journal)
    with pytest.raises(RuleViolation, match="уже учится в 5Б"):
        await journal.run(
            admit_pupil, admin, tiny.classes["5А"], "новикова", "ольга", "", date(2015, 3, 2)
        )
    for who in ("math", "director", "deputy"):
        with pytest.raises(AccessDenied):
            await journal.run(
                admit_pupil, await actor(journal, tiny, who), tiny.classes["5А"], "А", "Б"
            )
    with pytest.raises(RuleViolation, match="цифры"):
        await journal.run(admit_pupil, admin, tiny.classes["5А"], "Петров2", "Иван")
    with pytest.raises(RuleViolation, match="вне учебного года"):
        await journal.run(
            admit_pupil, admin, tiny.classes["5А"], "Орлов", "Иван", on=date(2027, 7, 1)
        )


async def test_a_moved_pupil_keeps_marks_seen_in_the_old_class_page(
    journal: Journal, tiny: TinySchool
) -> None:
    math, admin = await actor(journal, tiny, "math"), await actor(journal, tiny, "admin")
    ivan = tiny.people["a1"]
    await journal.run(record_mark, math, tiny.lessons["math-mon"], ivan, 5, "answer")
    await journal.run(move_pupil, admin, ivan, tiny.classes["5Б"])
    places = await rows(journal, Enrollment, Enrollment.pupil_id == ivan)
    old = next(p for p in places if p.class_id == tiny.classes["5А"])
    new = next(p for p in places if p.class_id == tiny.classes["5Б"])
    assert (old.is_active, old.ends_on, old.ended) == (False, TODAY, EnrollmentEnd.MOVED)
    assert (new.is_active, new.starts_on) == (True, TODAY)
    # The guardian still sees the mark, now in the new class.
    marks = await journal.run(
        period_marks, await actor(journal, tiny, "g2"), ivan, tiny.periods["q2"]
    )
    assert [m.value for s in marks.subjects for m in s.marks] == [5]
    assert marks.pupil.class_title == "5Б"
    # The old class's page keeps his row for the lesson he had.
    page = await journal.run(journal_page, math, tiny.assignments["5А-math"], tiny.periods["q2"])
    row = next(r for r in page.rows if r.full_name.startswith("Иванов Иван"))
    assert "выбыл" in row.full_name and "5" in row.cells
    assert "roster.pupil_moved" in await audit_actions(journal)
    with pytest.raises(RuleViolation, match="уже учится в 5Б"):
        await journal.run(move_pupil, admin, ivan, tiny.classes["5Б"])
    # Back to 5А: the same place as before, its records with it; 5Б's, empty, goes.
    await journal.run(move_pupil, admin, ivan, tiny.classes["5А"])
    assert await count(journal, Enrollment, Enrollment.pupil_id == ivan) == 1


async def test_a_pupil_who_leaves_loses_access_and_so_do_their_guardians(
    journal: Journal, tiny: TinySchool
) -> None:
    math, admin = await actor(journal, tiny, "math"), await actor(journal, tiny, "admin")
    anna = tiny.people["a2"]  # g3's only child
    await journal.run(record_mark, math, tiny.lessons["math-mon"], anna, 4, "answer")
    await journal.run(issue_invites, math, class_id=tiny.classes["5А"])
    g3 = await actor(journal, tiny, "g3")
    assert (await journal.run(period_marks, g3, anna)).subjects
    await journal.run(pupil_leaves, admin, anna, reason="переезд")
    with pytest.raises(AccessDenied):
        await journal.run(period_marks, await actor(journal, tiny, "g3"), anna)
    with pytest.raises(AccessDenied):
        await journal.run(load_actor, anna)
    assert await count(journal, Mark, Mark.pupil_id == anna) == 1  # records kept
    codes = await rows(journal, InviteCode, InviteCode.role != InviteRole.STAFF)
    revoked = {c.person_id for c in codes if c.revoked}
    assert revoked == {anna, tiny.people["g3"]}  # g1 and g2 have children still here
    [place] = await rows(journal, Enrollment, Enrollment.pupil_id == anna)
    assert (place.is_active, place.ended) == (False, EnrollmentEnd.LEFT)
    with pytest.raises(RuleViolation, match="не учится"):
        await journal.run(pupil_leaves, admin, anna)


async def test_the_class_teacher_adds_and_corrects_guardians(
    journal: Journal, tiny: TinySchool
) -> None:
    math = await actor(journal, tiny, "math")
    oleg = tiny.people["a3"]
    added = await journal.run(
        add_guardian, math, oleg, "Сидорова", "Вера", "Петровна", "мама", "8 (912) 345-67-89"
    )
    assert added.is_new
    with pytest.raises(RuleViolation, match="уже записан"):
        await journal.run(add_guardian, math, oleg, "СИДОРОВА", "вера", "петровна")
    with pytest.raises(AccessDenied):
        await journal.run(add_guardian, await actor(journal, tiny, "rus"), oleg, "Сидоров", "Пётр")
    with pytest.raises(RuleViolation, match="не похож на номер"):
        await journal.run(add_guardian, math, oleg, "Сидоров", "Пётр", phone="12-34")
    # The same mother of a child in 5Б (found by name and phone): linked, not entered twice.
    rus = await actor(journal, tiny, "rus")
    again = await journal.run(
        add_guardian, rus, tiny.people["b2"], "Сидорова", "Вера", "Петровна", "", "+79123456789"
    )
    assert again.guardian_id == added.guardian_id and not again.is_new
    await journal.run(
        correct_guardian, math, oleg, added.guardian_id, phone="+7 912 000-00-00", relation="мать"
    )
    [vera] = await rows(journal, Person, Person.id == added.guardian_id)
    assert vera.phone == "+7 912 000-00-00"
    [link] = await rows(
        journal, GuardianLink, GuardianLink.guardian_id == vera.id, GuardianLink.pupil_id == oleg
    )
    assert link.relation == "мать"
    corrected = [a for a in await rows(journal, AuditEntry) if a.action.endswith("corrected")]
    assert corrected[0].details["relation"] == ["мама", "мать"]
    with pytest.raises(RuleViolation, match="не записан"):
        await journal.run(correct_guardian, math, oleg, tiny.people["g1"], phone="")
    # The guardian's new account reads the child at once.
    g = await journal.run(load_actor, vera.id)
    assert oleg in g.children


async def test_staff_added_and_class_teacher_changed(journal: Journal, tiny: TinySchool) -> None:
    admin = await actor(journal, tiny, "admin")
    new = await journal.run(
        add_staff, admin, "Новых", "Анна", "Сергеевна", {StaffRole.TEACHER}, "", "a@school.ru"
    )
    await journal.run(set_class_teacher, admin, tiny.classes["5Б"], new)
    assert tiny.classes["5Б"] in (await journal.run(load_actor, new)).class_teacher_of
    assert tiny.classes["5Б"] not in (await actor(journal, tiny, "rus")).class_teacher_of
    with pytest.raises(RuleViolation, match="уже классный руководитель"):
        await journal.run(set_class_teacher, admin, tiny.classes["5Б"], new)
    with pytest.raises(RuleViolation, match="не работает"):
        await journal.run(set_class_teacher, admin, tiny.classes["5Б"], tiny.people["g1"])
    with pytest.raises(AccessDenied):
        await journal.run(set_class_teacher, await actor(journal, tiny, "deputy"), 1, new)
    with pytest.raises(RuleViolation, match="должность"):
        await journal.run(add_staff, admin, "Пустов", "Иван", "", set())
    assert {"roster.staff_added", "roster.class_teacher_changed"} <= set(
        await audit_actions(journal)
    )


async def test_a_teacher_substituted_for_days(journal: Journal, tiny: TinySchool) -> None:
    deputy = await actor(journal, tiny, "deputy")
    done = await journal.run(
        substitute_for_days,
        deputy,
        tiny.people["math"],
        tiny.people["eng2"],
        date(2026, 11, 16),
        date(2026, 11, 20),
        "больничный",
    )
    # eng2 teaches their own group at the 3rd lesson today, when 5Б has mathematics.
    assert done.busy == ((TODAY, 3, "5Б"),)
    assert done.substituted == 4
    taken = await rows(journal, Lesson, Lesson.substitute_teacher_id == tiny.people["eng2"])
    assert {lesson.id for lesson in taken} == {
        tiny.lessons[k] for k in ("math-mon", "math-today", "math-later-today", "math-fri")
    }
    with pytest.raises(AccessDenied):
        await journal.run(
            substitute_for_days,
            await actor(journal, tiny, "math"),
            tiny.people["rus"],
            tiny.people["eng2"],
            TODAY,
            TODAY,
        )
    with pytest.raises(RuleViolation, match="раньше"):
        await journal.run(
            substitute_for_days,
            deputy,
            tiny.people["rus"],
            tiny.people["eng2"],
            TODAY,
            date(2026, 11, 1),
        )


async def test_subgroups_change_only_at_a_periods_end(
    journal: Journal, tiny: TinySchool, clock: FakeClock
) -> None:
    admin = await actor(journal, tiny, "admin")
    oleg = tiny.people["a3"]  # in the 2nd English group
    with pytest.raises(RuleViolation, match="по окончании учебного периода"):
        await journal.run(move_to_subgroup, admin, oleg, tiny.subgroups["eng1"])
    clock.now = datetime(2026, 12, 28, 12, 0, tzinfo=UTC)  # the 2nd quarter's last day
    await journal.run(move_to_subgroup, admin, oleg, tiny.subgroups["eng1"])
    groups = await rows(journal, SubgroupMember, SubgroupMember.pupil_id == oleg)
    assert [g.subgroup_id for g in groups] == [tiny.subgroups["eng1"]]
    clock.now = datetime(2027, 1, 5, 12, 0, tzinfo=UTC)  # the winter holidays
    await journal.run(move_to_subgroup, admin, oleg, tiny.subgroups["eng2"])
    with pytest.raises(NotFound):
        await journal.run(move_to_subgroup, admin, tiny.people["b1"], tiny.subgroups["eng1"])
    with pytest.raises(AccessDenied):
        await journal.run(
            move_to_subgroup, await actor(journal, tiny, "math"), oleg, tiny.subgroups["eng1"]
        )


def test_the_command_line_makes_the_changes(
    school_file: SchoolFile, capsys: pytest.CaptureFixture[str]
) -> None:

    def ok(*argv: str) -> str:
        assert main(["roster", *argv]) == 0, capsys.readouterr().err
        return capsys.readouterr().out

    def refused(*argv: str) -> str:
        assert main(["roster", *argv]) == 1
        return capsys.readouterr().err

    assert "принят(а) в 5Б" in ok("admit", "Новикова Ольга", "--class", "5б", "--born", "2.3.2015")
    assert "переведён(а) в 5А" in ok("move", "Новикова Ольга", "--to", "5А")
    assert "Не нашёл ученика «Нет Такого»" in refused("move", "Нет Такого", "--to", "5А")
    assert "Нет такой даты" in refused(
        "admit", "Орлов Иван", "--class", "5А", "--born", "31.02.2015"
    )
    assert "записан(а) родителем" in ok(
        "guardian", "Новикова Ольга", "Новиков Пётр", "--relation", "папа", "--phone", "89123456789"
    )
    assert "исправлены" in ok(
        "guardian", "Новикова Ольга", "Новиков Пётр", "--fix", "--new-name", "Новиков Павел"
    )
    assert "добавлен(а)" in ok("staff", "Учителева Анна", "--position", "учитель, завуч")
    assert "Не знаю должность «дворник»" in refused("staff", "Метлов Иван", "--position", "дворник")
    assert "Учителева Анна" in ok("class-teacher", "5Б", "Учителева")
    said = ok(
        "substitute", "Числова", "--by", "Лондонов", "--from", "16.11.2026", "--to", "20.11.2026"
    )
    assert "Лондонов П. О. заменяет Числова М. А." in said
    assert "по окончании" in refused(
        "subgroup", "Сидоров Олег", "--subject", "английский язык", "--group", "1 группа"
    )
    assert "выбыл(а)" in ok("leave", "Новикова Ольга", "--reason", "переезд")
    assert main(["roster"]) == 2  # an action is required


async def test_the_class_teacher_keeps_guardians_in_the_chat(
    journal: Journal, tiny: TinySchool
) -> None:
    chat = await staff_chat(journal, tiny, "math")
    await chat.press(staff_phrases.MY_CLASS)
    await chat.press(staff_phrases.CLASS_FAMILIES)
    assert chat.text.startswith("Родители учеников · 5А")
    assert "Иванов Иван (2)" in chat.labels and "Сидоров Олег (0)" in chat.labels
    await chat.press("Сидоров Олег (0)")
    assert "Сидоров Олег · родители\nРодители не записаны." in chat.text
    await chat.press(staff_phrases.FAMILY_ADD)
    await chat.send("Сидорова")
    assert staff_phrases.FAMILY_NEED_NAME in chat.text  # the flow is kept
    await chat.send("Сидорова Вера Петровна, мама, 8 912 345-67-89")
    assert "Записано: Сидорова Вера Петровна — родитель Сидоров Олег." in chat.text
    assert "• Сидорова Вера Петровна — мама, 8 912 345-67-89" in chat.text
    await chat.press("Исправить: Сидорова Вера Петровна")
    await chat.send(", , 12-34")
    assert "не похож на номер" in chat.text
    await chat.send(", мать, +7 912 000-00-00, vera@mail.ru")
    assert "Исправлено." in chat.text
    assert "• Сидорова Вера Петровна — мать, +7 912 000-00-00, vera@mail.ru" in chat.text
    assert "roster.guardian_corrected" in await audit_actions(journal)
    # Another class's teacher is refused by the service, whatever the button says.
    rus = await staff_chat(journal, tiny, "rus", "202")
    await rus.forge(PupilFamily(pupil=tiny.people["a3"]))
    assert "классный руководитель класса ученика" in rus.text


async def test_the_administrator_admits_moves_and_lets_go_in_the_chat(
    journal: Journal, tiny: TinySchool
) -> None:
    chat = await staff_chat(journal, tiny, "admin")
    await chat.press(staff_phrases.ROSTER)
    assert chat.labels[:3] == ["1А", "5А", "5Б"]
    await chat.press("5Б")
    assert chat.text.startswith("5Б: учеников 2.")
    await chat.press(staff_phrases.ROSTER_ADMIT)
    await chat.send("Новикова Ольга, 31.02.2015")
    assert "Нет такой даты" in chat.text  # asked again, in the flow
    await chat.send("Новикова Ольга Петровна, 02.03.2015")
    assert "Новикова Ольга Петровна принят(а) в 5Б." in chat.text
    assert "5Б: учеников 3." in chat.text
    await chat.press("Новикова Ольга Петровна")
    await chat.press(staff_phrases.ROSTER_MOVE)
    assert chat.labels[:2] == ["1А", "5А"]
    await chat.press("5А")
    assert "Новикова Ольга Петровна переведён(а) в 5А." in chat.text
    await chat.press(staff_phrases.BACK)
    await chat.press("5А")
    await chat.press("Петрова Анна")
    await chat.press(staff_phrases.ROSTER_LEAVE)
    assert "доступ ученика и родителей" in chat.text
    await chat.press(staff_phrases.ROSTER_LEAVE_YES)
    assert "Петрова Анна выбыл(а)." in chat.text
    [place] = await rows(journal, Enrollment, Enrollment.pupil_id == tiny.people["a2"])
    assert place.ended == EnrollmentEnd.LEFT
    # Nobody else sees the button, and the service refuses a forged press.
    math = await staff_chat(journal, tiny, "math", "202")
    assert staff_phrases.ROSTER not in math.labels
    await math.forge(RosterLeaveYes(pupil=tiny.people["a1"]))
    assert "администратор журнала" in math.text


async def test_the_deputy_substitutes_a_teacher_for_days_in_the_chat(
    journal: Journal, tiny: TinySchool
) -> None:
    chat = await staff_chat(journal, tiny, "deputy")
    await chat.press(staff_phrases.CHANGES)
    await chat.press(staff_phrases.LONG_SUB)
    assert chat.text == staff_phrases.LONG_SUB_WHO
    await chat.press("Числова М. А.")
    assert chat.text == "Кто заменяет Числова М. А.?"
    assert "Числова М. А." not in chat.labels
    await chat.press("Лондонов П. О.")
    await chat.send("завтра")
    assert chat.text.startswith(staff_phrases.LONG_SUB_BAD_DAYS)
    await chat.send("20.11.2026 - 16.11.2026")
    assert "Конец замены раньше её начала." in chat.text
    await chat.send("16.11.2026–20.11.2026")
    assert chat.text.startswith("Лондонов П. О. заменяет Числова М. А.: уроков передано 4.")
    assert "• ср, 18 ноября, 3-й урок, 5Б" in chat.text
    taken = await rows(journal, Lesson, Lesson.substitute_teacher_id == tiny.people["eng2"])
    assert len(taken) == 4


async def test_the_administrator_changes_class_teachers_groups_and_staff_in_the_chat(
    journal: Journal, tiny: TinySchool, clock: FakeClock
) -> None:
    chat = await staff_chat(journal, tiny, "admin")
    await chat.press(staff_phrases.ROSTER)
    await chat.press(staff_phrases.ROSTER_STAFF)
    await chat.send("Учителева Анна")
    assert staff_phrases.ROSTER_NEED_STAFF in chat.text
    await chat.send("Учителева Анна Сергеевна, дворник")
    assert "Не знаю должность «дворник»" in chat.text
    await chat.send("Учителева Анна Сергеевна, учитель, завуч")
    assert chat.text.startswith("Учителева Анна Сергеевна добавлен(а): учитель, завуч.")
    await chat.press(staff_phrases.BACK)
    await chat.press("5Б")
    await chat.press(staff_phrases.ROSTER_LEADER)
    await chat.press("Учителева А. С.")
    assert chat.text.startswith("Классный руководитель 5Б: Учителева А. С.")
    [new] = await rows(journal, Person, Person.last_name == "Учителева")
    assert tiny.classes["5Б"] in (await journal.run(load_actor, new.id)).class_teacher_of
    await chat.press(staff_phrases.BACK)
    await chat.press("5А")
    await chat.press("Сидоров Олег")
    await chat.press(staff_phrases.ROSTER_GROUPS)
    assert "✓ Английский язык: 2 группа" in chat.labels
    await chat.press("Английский язык: 1 группа")
    assert "только по окончании учебного периода" in chat.text
    clock.now = datetime(2026, 12, 28, 12, 0, tzinfo=UTC)
    await chat.press("Английский язык: 1 группа")
    assert chat.text.startswith("Сидоров Олег теперь в группе «1 группа» (Английский язык).")
    assert "✓ Английский язык: 1 группа" in chat.labels
