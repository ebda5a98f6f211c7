"""Year-end (issue 11; 001 §4.1.12): the year closes only with its finals in place and is read-
only from then on; the next year opens with classes, load and timetable carried over; pupils
are promoted by the director's order with its exceptions; the archive stays readable, for
graduates' families for the days the school sets."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.cli import main
from db.enums import EnrollmentEnd, PeriodKind
from db.models import (
    AuditEntry,
    Enrollment,
    FinalMark,
    GuardianLink,
    Period,
    SchoolClass,
    SchoolYear,
    Subgroup,
    SubgroupMember,
    SubjectDebt,
    TeachingAssignment,
)
from handlers.core.conversation import Conversation
from keyboards.actions.family import GraduateArchive
from keyboards.actions.staff import YearCloseYes, YearPromote, YearPromoteYes
from keyboards.payloads import pack
from services.context import Ctx, Journal
from services.errors import AccessDenied, RuleViolation
from services.invites.class_invites import reissue_invite
from services.marks.finals import set_final_mark
from services.marks.marking import record_mark
from services.people.actor import load_actor
from services.roster.guardians import add_guardian
from services.roster.pupils import admit_pupil
from services.year_end.archive import year_archive
from services.year_end.closing import close_year, missing_year_finals
from services.year_end.next_year import open_next_year
from services.year_end.promotion import OrderExceptions, promote_pupils
from tests.conftest import FakeClock, SchoolFile
from tests.staff_kit import staff_chat
from tests.test_conversation_kit import Chat, calm, linked_chat
from tests.tiny_school import TinySchool
from tests.write_support import actor, count, rows, with_journal
from texts import phrases, staff_phrases

ORDER = "Приказ № 45 от 30.05.2027"


async def year_finals(journal: Journal, tiny: TinySchool, value: str = "4") -> None:
    """A year final for every pupil and subject of their class's load (as teachers set them)."""

    async def op(ctx: Ctx) -> None:
        year_period = await ctx.session.scalar(
            select(Period.id).where(Period.year_id == tiny.year_id, Period.kind == PeriodKind.YEAR)
        )
        pairs = await ctx.session.execute(
            select(Enrollment.pupil_id, TeachingAssignment.subject_id)
            .join(TeachingAssignment, TeachingAssignment.class_id == Enrollment.class_id)
            .where(Enrollment.is_active.is_(True))
            .distinct()
        )
        for pupil, subject in pairs:
            ctx.session.add(
                FinalMark(
                    pupil_id=pupil,
                    subject_id=subject,
                    period_id=year_period,
                    value=value,
                    author_id=tiny.people["math"],
                    updated_at=datetime(2026, 11, 18, tzinfo=UTC),
                )
            )

    await journal.run(op)


async def graduate_class(journal: Journal, tiny: TinySchool) -> tuple[int, int]:
    """An 11th grade with one pupil and her mother: (pupil, guardian)."""

    async def op(ctx: Ctx) -> int:
        cls = SchoolClass(
            school_id=tiny.school_id, year_id=tiny.year_id, grade=11, letter="А", shift=1
        )
        ctx.session.add(cls)
        await ctx.session.flush()
        return cls.id

    eleven = await journal.run(op)
    admin = await actor(journal, tiny, "admin")
    pupil = await journal.run(admit_pupil, admin, eleven, "Выпускная", "Вера", "", date(2009, 5, 1))
    mother = await journal.run(add_guardian, admin, pupil, "Выпускная", "Мария", "", "мама")
    return pupil, mother.guardian_id


async def test_a_year_closes_only_with_its_finals_and_is_read_only_then(
    journal: Journal, tiny: TinySchool
) -> None:
    admin = await actor(journal, tiny, "admin")
    missing = await journal.run(missing_year_finals, admin, tiny.year_id)
    assert [(m.class_title, m.subject, m.pupils) for m in missing][:2] == [
        ("5А", "Английский язык", 3),
        ("5А", "Математика", 3),
    ]
    assert all(m.class_title != "1А" for m in missing)  # grade 1 has no marks
    with pytest.raises(RuleViolation, match="не у всех учеников стоят годовые отметки"):
        await journal.run(close_year, admin, tiny.year_id)
    with pytest.raises(AccessDenied):
        await journal.run(close_year, await actor(journal, tiny, "director"), tiny.year_id)
    await year_finals(journal, tiny)
    await journal.run(close_year, admin, tiny.year_id)
    [year] = await rows(journal, SchoolYear, SchoolYear.id == tiny.year_id)
    assert year.is_closed
    math = await actor(journal, tiny, "math")
    with pytest.raises(RuleViolation, match="только для чтения"):
        await journal.run(
            record_mark, math, tiny.lessons["math-mon"], tiny.people["a1"], 5, "answer"
        )
    with pytest.raises(RuleViolation, match="закрыт"):
        await journal.run(set_final_mark, math, tiny.people["a1"], 1, tiny.periods["q2"], "5")
    with pytest.raises(RuleViolation, match="уже закрыт"):
        await journal.run(close_year, admin, tiny.year_id)
    assert "year.closed" in [a.action for a in await rows(journal, AuditEntry)]


async def test_the_next_year_and_the_promotion(
    journal: Journal, tiny: TinySchool, clock: FakeClock
) -> None:
    admin = await actor(journal, tiny, "admin")
    chat = await linked_chat(journal, tiny, "g3")  # Anna's father, by her class teacher's code
    graduate, mother = await graduate_class(journal, tiny)
    await year_finals(journal, tiny)
    with pytest.raises(RuleViolation, match="Сначала закройте"):
        await journal.run(promote_pupils, admin, tiny.year_id, ORDER)
    await journal.run(close_year, admin, tiny.year_id)
    with pytest.raises(RuleViolation, match="Сначала откройте"):
        await journal.run(promote_pupils, admin, tiny.year_id, ORDER)

    opened = await journal.run(open_next_year, admin, tiny.year_id)
    new_classes = await rows(journal, SchoolClass, SchoolClass.year_id == opened.year_id)
    shown = sorted((c.title, c.class_teacher_id) for c in new_classes)
    p = tiny.people
    assert shown == [("1А", None), ("2А", p["primary"]), ("6А", p["math"]), ("6Б", p["rus"])]
    [new_year] = await rows(journal, SchoolYear, SchoolYear.id == opened.year_id)
    assert (new_year.name, new_year.starts_on) == ("2027/2028", date(2027, 9, 1))
    assert await count(journal, Period, Period.year_id == opened.year_id) == 5
    six_a = next(c.id for c in new_classes if c.title == "6А")
    loads = await rows(journal, TeachingAssignment, TeachingAssignment.class_id == six_a)
    assert sorted(a.teacher_id for a in loads) == sorted(
        p[k] for k in ("math", "rus", "eng1", "eng2")
    )
    with pytest.raises(RuleViolation, match="уже открыт"):
        await journal.run(open_next_year, admin, tiny.year_id)

    with pytest.raises(RuleViolation, match="нет класса 5Б"):
        await journal.run(
            promote_pupils, admin, tiny.year_id, ORDER, OrderExceptions(repeat=[p["b2"]])
        )
    with pytest.raises(RuleViolation, match="после 9 и 11"):
        await journal.run(
            promote_pupils, admin, tiny.year_id, ORDER, OrderExceptions(leave=[p["a1"]])
        )
    with pytest.raises(RuleViolation, match="приказ"):
        await journal.run(promote_pupils, admin, tiny.year_id, "  ")
    done = await journal.run(
        promote_pupils,
        admin,
        tiny.year_id,
        ORDER,
        OrderExceptions(conditional={p["a3"]: [tiny.subjects["math"]]}),
    )
    assert (done.promoted, done.conditional, done.repeated, done.graduated) == (5, 1, 0, 1)
    places = {(e.pupil_id, e.is_active): e for e in await rows(journal, Enrollment)}
    assert places[(p["a3"], False)].ended == EnrollmentEnd.CONDITIONAL
    assert places[(graduate, False)].ended == EnrollmentEnd.GRADUATED
    assert (graduate, True) not in places
    assert places[(p["a1"], True)].class_id == six_a
    # Groups travel with their pupils.
    groups = {g.id: g.name for g in await rows(journal, Subgroup, Subgroup.class_id == six_a)}
    members = await rows(journal, SubgroupMember, SubgroupMember.subgroup_id.in_(groups))
    assert sorted((groups[m.subgroup_id], m.pupil_id) for m in members) == sorted(
        [("1 группа", p["a1"]), ("1 группа", p["a2"]), ("2 группа", p["a3"])]
    )
    assert await count(journal, SubjectDebt, SubjectDebt.pupil_id == p["a3"]) == 1
    with pytest.raises(RuleViolation, match="уже сделан"):
        await journal.run(promote_pupils, admin, tiny.year_id, ORDER)

    # The archive: last year's finals for a guardian; the debt for the pupil's family.
    archive = await journal.run(year_archive, await actor(journal, tiny, "g3"), p["a2"])
    assert (archive.year, archive.class_title) == ("2026/2027", "5А")
    assert archive.outcome == "переведён(а) в следующий класс"
    assert ("Математика", (("Год", "4"),)) in [(s.subject, s.finals) for s in archive.subjects]
    await chat.press("Оценки")
    await chat.press("Итоговые")
    assert "Годовые за 2026/2027 (5А):\nАнглийский язык — 4" in chat.text
    oleg = await journal.run(year_archive, admin, p["a3"])
    assert oleg.debts == ("Математика",) and "условно" in oleg.outcome
    with pytest.raises(AccessDenied):
        await journal.run(year_archive, await actor(journal, tiny, "g4"), p["a2"])
    # A graduate's mother reads it for the school's 90 days after the year's end, then not.
    parent = await journal.run(load_actor, mother)
    assert (await journal.run(year_archive, parent, graduate)).outcome == "окончил(а) обучение"
    clock.now = datetime(2027, 5, 31, 12, tzinfo=UTC) + timedelta(days=91)
    with pytest.raises(AccessDenied, match=r"закончился 29\.08\.2027"):
        await journal.run(year_archive, parent, graduate)
    assert await journal.run(year_archive, admin, graduate)


def test_the_command_line_ends_the_year(
    school_file: SchoolFile, capsys: pytest.CaptureFixture[str]
) -> None:
    with_journal(school_file.url, lambda journal: year_finals(journal, school_file.tiny, "5"))

    def ok(*argv: str) -> str:
        assert main(["year", *argv]) == 0, capsys.readouterr().err
        return capsys.readouterr().out

    assert "закрыт" in ok("close")
    assert "классов 4" in ok("open-next")
    said = ok(
        "promote",
        "--order",
        "№ 45 от 30.05.2027",
        "--conditional",
        "Сидоров Олег:математика",
    )
    assert "переведены 6, из них условно 1" in said
    archive = ok("archive", "Сидоров Олег")
    assert "Сидоров Олег · 2026/2027 · 5А" in archive
    assert "Математика — Год: 5" in archive
    assert "Академическая задолженность: Математика" in archive
    assert main(["year", "archive", "Никто Такой"]) == 1
    assert "ни одного ученика" in capsys.readouterr().err
    assert main(["year", "close"]) == 1  # the new year has no finals yet


async def test_the_administrator_closes_and_opens_years_in_the_chat(
    journal: Journal, tiny: TinySchool
) -> None:
    chat = await staff_chat(journal, tiny, "admin")
    await chat.press(staff_phrases.ROSTER)
    await chat.press(staff_phrases.YEAR_END)
    assert "• 2026/2027 (01.09.2026–31.05.2027): открыт" in chat.text
    assert "Не у всех стоят годовые отметки (2026/2027)" in chat.text
    assert "  5А, Английский язык: без отметки 3" in chat.text
    assert "Закрыть 2026/2027" not in chat.labels
    await year_finals(journal, tiny)
    await chat.press(staff_phrases.BACK)
    await chat.press(staff_phrases.YEAR_END)
    await chat.press("Закрыть 2026/2027")
    assert "только читается" in chat.text
    await chat.press(staff_phrases.YEAR_CLOSE_YES)
    assert chat.text.startswith("Учебный год 2026/2027 закрыт.")
    assert "закрыт, только для чтения" in chat.text
    await chat.press("Открыть год после 2026/2027")
    assert chat.text.startswith("Открыт учебный год после 2026/2027: классов 4")
    assert "• 2027/2028 (01.09.2027–31.05.2028): открыт" in chat.text
    assert not any(label.startswith("Открыть год после") for label in chat.labels)
    math = await staff_chat(journal, tiny, "math", "202")
    await math.forge(YearCloseYes(year=tiny.year_id))
    assert "администратор журнала" in math.text


async def test_a_graduates_family_reads_the_archive_in_the_chat_until_the_window_closes(
    journal: Journal, tiny: TinySchool, clock: FakeClock
) -> None:
    """Issue 11: the family menu offers the graduate («выпускница 2027») with last year's finals,
    read-only, for the school's days after the year's end, and then says the access ended."""
    admin = await actor(journal, tiny, "admin")
    vera, mother = await graduate_class(journal, tiny)
    eleven = await journal.run(_led_by_rus, tiny)

    async def code_for(person: int) -> str:
        rus = await actor(journal, tiny, "rus")
        return (await journal.run(reissue_invite, rus, eleven, person)).code

    mom = Chat(Conversation(journal, throttle=calm()), "301")
    await mom.send(f"/start {await code_for(mother)}")
    await mom.press("Согласен")
    own = Chat(Conversation(journal, throttle=calm()), "302")
    await own.send(f"/start {await code_for(vera)}")
    await own.press("Согласен")
    father = await linked_chat(journal, tiny, "g3", "303")
    await year_finals(journal, tiny)
    await journal.run(_vera_finals, tiny, vera)
    await journal.run(close_year, admin, tiny.year_id)
    await journal.run(open_next_year, admin, tiny.year_id)
    await journal.run(promote_pupils, admin, tiny.year_id, ORDER)

    await mom.send("В меню")
    assert mom.text.startswith("Главное меню · Выпускная Мария\nШкола окончена")
    assert "• Вера, выпускница 2027 — до 29.08.2027" in mom.text
    assert mom.labels == ["Вера, выпускница 2027", "Настройки", "Помощь"]
    await mom.press("Вера, выпускница 2027")
    assert mom.text.startswith("Архив · Выпускная Вера · 2026/2027 · 11А\n")
    assert "Итог года: окончил(а) обучение" in mom.text
    assert "Математика — 4 четверть: 4, Год: 5" in mom.text
    assert "Архив открыт до 29.08.2027, только для просмотра." in mom.text
    assert mom.labels == ["В меню"]
    # Read-only: the journal's other pages are not hers to open; typed requests say why.
    await mom.send("Оценки")
    assert mom.text.startswith(phrases.ARCHIVE_ONLY)
    assert "Вера, выпускница 2027" in mom.labels
    # A forged button for someone else's child, or an enrolled pupil, opens nothing.
    await mom.send_payload(pack(GraduateArchive(pupil=tiny.people["a1"])))
    assert mom.text.startswith(phrases.STALE_BUTTON)
    await father.send_payload(pack(GraduateArchive(pupil=vera)))
    assert father.text.startswith(phrases.STALE_BUTTON) and "Выпускная" not in father.text
    # The graduate herself reads it too.
    await own.send("В меню")
    assert own.labels == ["Вера, выпускница 2027", "Настройки", "Помощь"]

    # With a child still at school, the graduate is offered among the children.
    await journal.run(_guardian_of, mother, tiny.people["a1"])
    await mom.send("В меню")
    assert mom.text.startswith("Главное меню · Иван, 6А")
    await mom.press(phrases.CHILDREN)
    assert mom.labels == ["Иван, 6А", "Вера, выпускница 2027", "В меню"]
    assert phrases.PICK_CHILD_ARCHIVES in mom.text
    await mom.press("Вера, выпускница 2027")
    assert "Математика — 4 четверть: 4, Год: 5" in mom.text
    assert mom.labels == [phrases.CHILDREN, "В меню"]

    # After the school's 90 days: nothing, and a clear answer.
    clock.now = datetime(2027, 8, 30, 9, tzinfo=UTC)
    await mom.press(phrases.CHILDREN)
    assert "Вера, выпускница 2027" not in mom.labels
    await mom.send_payload(pack(GraduateArchive(pupil=vera)))
    assert "Доступ к архиву для выпускников и их родителей закончился 29.08.2027" in mom.text
    assert "Математика" not in mom.text
    await own.send("В меню")
    assert own.text == (
        "Главное меню · Выпускная Вера\nДоступ к архиву для выпускников и их родителей "
        "закончился 29.08.2027. За справкой об итоговых отметках обратитесь в школу."
    )
    assert "Вера, выпускница 2027" not in own.labels
    await own.send("Оценки")
    assert "Математика" not in own.text and "закончился 29.08.2027" in own.text


async def _led_by_rus(ctx: Ctx, tiny: TinySchool) -> int:
    """The 11th grade gets a class teacher, who hands out its codes."""
    eleven = await ctx.session.scalar(
        select(SchoolClass).where(SchoolClass.year_id == tiny.year_id, SchoolClass.grade == 11)
    )
    assert eleven is not None
    eleven.class_teacher_id = tiny.people["rus"]
    return eleven.id


async def _vera_finals(ctx: Ctx, tiny: TinySchool, vera: int) -> None:
    periods = {
        p.name: p.id
        for p in (await ctx.session.scalars(select(Period).where(Period.year_id == tiny.year_id)))
    }
    for period, value in (("4 четверть", "4"), ("Год", "5")):
        ctx.session.add(
            FinalMark(
                pupil_id=vera,
                subject_id=tiny.subjects["math"],
                period_id=periods[period],
                value=value,
                author_id=tiny.people["math"],
                updated_at=datetime(2026, 11, 18, tzinfo=UTC),
            )
        )


async def _guardian_of(ctx: Ctx, guardian: int, pupil: int) -> None:
    ctx.session.add(GuardianLink(guardian_id=guardian, pupil_id=pupil))


async def test_the_administrator_promotes_by_the_order_in_the_chat_and_others_are_refused(
    journal: Journal, tiny: TinySchool
) -> None:
    """Issue 11: the order's exceptions in the chat, a summary to confirm, then the same service
    as `journal year promote`; the director (who signs the order) and teachers may not."""
    admin = await actor(journal, tiny, "admin")
    chat = await staff_chat(journal, tiny, "admin")
    director = await staff_chat(journal, tiny, "director", "201")
    math = await staff_chat(journal, tiny, "math", "202")
    graduate, _mother = await graduate_class(journal, tiny)
    await year_finals(journal, tiny)
    await journal.run(close_year, admin, tiny.year_id)
    await journal.run(open_next_year, admin, tiny.year_id)
    p = tiny.people

    for other in (director, math):
        await other.forge(YearPromote(year=tiny.year_id))
        assert "переводит учеников администратор журнала" in other.text
        await other.forge(YearPromoteYes(year=tiny.year_id))
        assert "переводит учеников администратор журнала" in other.text
    await chat.press(staff_phrases.ROSTER)
    await chat.press(staff_phrases.YEAR_END)
    await chat.press("Перевести учеников 2026/2027")
    assert "Напишите номер и дату приказа" in chat.text
    await chat.send("Расписание")
    assert "не похоже на приказ" in chat.text
    await chat.send("Приказ № 45  от 30.05.2027")
    assert chat.text.startswith(
        "Перевод учеников 2026/2027 → 2027/2028 по приказу «Приказ № 45 от 30.05.2027»."
    )
    assert "• на повторное обучение: нет" in chat.text

    await chat.press(staff_phrases.PROMOTE_ADD_REPEAT)
    await chat.send("Кузнецов")
    assert "нет класса 5Б в 2027/2028" in chat.text and "Напишите ещё раз" in chat.text
    await chat.send("Никто Такой")
    assert "«Никто Такой»: среди непереведённых учеников 2026/2027 такого нет." in chat.text
    await chat.send("смирнова ева")
    assert "• на повторное обучение: Смирнова Ева (1А)" in chat.text
    await chat.press(staff_phrases.PROMOTE_ADD_LEAVE)
    await chat.send("Иванов Иван")
    assert "выбывают после 9 и 11 классов" in chat.text
    await chat.press(staff_phrases.BACK)
    assert "• выбывают после 9 класса: нет" in chat.text
    await chat.press(staff_phrases.PROMOTE_ADD_CONDITIONAL)
    await chat.send("Сидоров Олег математика")
    assert "поставьте двоеточие" in chat.text
    await chat.send("Сидоров Олег: физкультура")
    assert "«физкультура»: такого предмета в школе нет" in chat.text
    await chat.send("Сидоров Олег: математике, русский")
    assert "• условно, с академической задолженностью: Сидоров Олег (5А): " in chat.text
    assert "Математика, Русский язык" in chat.text

    await chat.press(staff_phrases.PROMOTE_CHECK)
    summary = chat.text
    assert "Проверьте перевод учеников 2026/2027" in summary
    for line in (
        "1А → 1А, повторное обучение: 1",
        "5А → 6А: 2",
        "5А → 6А условно: 1",
        "5Б → 6Б: 2",
        "11А: оканчивают школу 1",
        "Итого: переводятся 5 (из них условно 1), остаются на повторное обучение 1, "
        "оканчивают школу 1.",
    ):
        assert line in summary, line
    assert await count(journal, Enrollment, Enrollment.ended.is_not(None)) == 0  # not yet
    yes = chat.button(staff_phrases.PROMOTE_YES).payload
    await chat.press(staff_phrases.PROMOTE_YES)
    assert chat.text.startswith(
        "Перевод по приказу «Приказ № 45 от 30.05.2027» сделан: переведены 5, из них условно 1; "
        "оставлены на повторное обучение 1; окончили школу 1."
    )
    assert not any(label.startswith("Перевести учеников") for label in chat.labels)
    places = {(e.pupil_id, e.is_active): e for e in await rows(journal, Enrollment)}
    assert places[(p["c1"], False)].ended == EnrollmentEnd.REPEATED
    assert places[(p["a3"], False)].ended == EnrollmentEnd.CONDITIONAL
    assert places[(graduate, False)].ended == EnrollmentEnd.GRADUATED
    assert await count(journal, SubjectDebt, SubjectDebt.pupil_id == p["a3"]) == 2
    [audit] = [a for a in await rows(journal, AuditEntry) if a.action == "year.promoted"]
    assert "Приказ № 45 от 30.05.2027" in str(audit.details)
    # A second tap on «Да, перевести» does nothing more.
    await chat.send_payload(yes)
    assert chat.text.startswith(staff_phrases.PROMOTE_GONE)
    assert await count(journal, SubjectDebt) == 2


async def test_a_teacher_whose_child_graduated_opens_the_archive_from_the_staff_menu(
    journal: Journal, tiny: TinySchool, clock: FakeClock
) -> None:
    """Issue 11: a teacher whose only child finished school has no family menu, so the staff
    menu offers the graduate's archive (read-only) while the school's window lasts; after it the
    button is gone and a kept or forged one says the access ended."""
    admin = await actor(journal, tiny, "admin")
    vera, _mother = await graduate_class(journal, tiny)
    await journal.run(_guardian_of, tiny.people["eng1"], vera)
    teacher = await staff_chat(journal, tiny, "eng1", "311")
    other = await staff_chat(journal, tiny, "math", "312")
    await year_finals(journal, tiny)
    await journal.run(_vera_finals, tiny, vera)
    await journal.run(close_year, admin, tiny.year_id)
    await journal.run(open_next_year, admin, tiny.year_id)
    await journal.run(promote_pupils, admin, tiny.year_id, ORDER)

    await teacher.send("В меню")
    assert teacher.text.startswith("Главное меню · Инглишева Анна Викторовна\nЧто открыть?\n\n")
    assert "• Вера, выпускница 2027 — до 29.08.2027" in teacher.text
    assert staff_phrases.INBOX in teacher.labels
    assert teacher.labels[-3:] == ["Вера, выпускница 2027", "Настройки", "Помощь"]
    await teacher.press("Вера, выпускница 2027")
    assert teacher.text.startswith("Архив · Выпускная Вера · 2026/2027 · 11А\n")
    assert "Математика — 4 четверть: 4, Год: 5" in teacher.text
    assert "Архив открыт до 29.08.2027, только для просмотра." in teacher.text
    assert teacher.labels == ["В меню"]
    await teacher.press("В меню")
    assert "Вера, выпускница 2027" in teacher.labels
    # A colleague who is not her family has no such button, and a forged one opens nothing.
    await other.send("В меню")
    assert "выпускница" not in other.text and "Вера, выпускница 2027" not in other.labels
    await other.forge(GraduateArchive(pupil=vera))
    assert other.text.startswith(phrases.STALE_BUTTON) and "Выпускная" not in other.text

    clock.now = datetime(2027, 8, 30, 9, tzinfo=UTC)
    await teacher.send("В меню")
    assert "Вера, выпускница 2027" not in teacher.labels and "В архиве" not in teacher.text
    await teacher.forge(GraduateArchive(pupil=vera))
    assert "Доступ к архиву для выпускников и их родителей закончился 29.08.2027" in teacher.text
    assert "Математика" not in teacher.text
