"""The monthly printed summary for guardians who refused the electronic journal (001 §4.3.9):
what the sheets hold, the PDF, who may make them, the last-day reminder and its button."""

import re
import zlib
from datetime import date

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from db.engine import make_session_factory
from db.enums import AttendanceStatus
from db.models import AuditEntry, Person
from keyboards.actions.staff import ClassPrintouts
from keyboards.payloads import pack
from notifications.delivery.stored_keyboards import keyboard_from_json
from notifications.jobs.monthly_printouts import refused_journal_reminders
from services.attendance.absence_reasons import record_absence_reason
from services.class_teacher.monthly_sheet import MonthlySheets, monthly_sheets
from services.class_teacher.monthly_sheet_pdf import render_monthly_sheets
from services.context import Ctx, Journal
from services.errors import AccessDenied, RuleViolation
from tests import read_rows
from tests.conftest import FakeClock
from tests.notifications.support import link_accounts, queued, texts_by_account
from tests.staff_kit import refusal, staff_chat
from tests.test_invite_sheet import PAGE, shown_text
from tests.tiny_school import TinySchool
from tests.write_support import actor, add_lesson, moscow, rows, update
from texts import staff_phrases

A = AttendanceStatus
NOVEMBER = date(2026, 11, 1)


def inflate(pdf: bytes) -> bytes:
    """The PDF with its compressed streams unpacked, for shown_text."""

    def unpack(m: re.Match[bytes]) -> bytes:
        try:
            return b"stream\n" + zlib.decompress(m.group(1)) + b"\nendstream"
        except zlib.error:
            return m.group(0)

    return re.sub(rb"stream\n(.*?)\nendstream", unpack, pdf, flags=re.S)


async def refuse(journal: Journal, tiny: TinySchool, *who: str) -> None:
    for key in who:
        await update(journal, Person, tiny.people[key], refused_electronic=True)


async def a_month_of_records(journal: Journal, tiny: TinySchool) -> None:
    tiny.lessons["math-oct"] = await add_lesson(journal, tiny, "5А-math", date(2026, 10, 20), 1)
    tiny.lessons["math-holiday"] = await add_lesson(journal, tiny, "5А-math", date(2026, 11, 2), 1)

    async def fill(ctx: Ctx) -> None:
        await read_rows.mark(ctx, tiny, "math-oct", "a2", 2)  # last month: not on the sheet
        await read_rows.mark(ctx, tiny, "math-holiday", "a2", 2)  # this month, not the quarter
        await read_rows.mark(ctx, tiny, "math-mon", "a2", 5, "control")
        await read_rows.mark(ctx, tiny, "math-today", "a2", 3)
        await read_rows.mark(ctx, tiny, "math-today", "a2", 5, deleted=True)
        await read_rows.mark(ctx, tiny, "rus-today", "a2", 4, "homework")
        await read_rows.mark(ctx, tiny, "math-today", "a1", 4)
        await read_rows.mark(ctx, tiny, "math-today", "a3", 2)  # no refusal in a3's family
        await read_rows.attendance(ctx, tiny, "rus-today", "a2", A.ABSENT)
        await read_rows.attendance(ctx, tiny, "math-mon", "a2", A.LATE, "автобус")

    await journal.run(fill)
    parent = await actor(journal, tiny, "g3")
    await journal.run(
        record_absence_reason, parent, tiny.lessons["rus-today"], tiny.people["a2"], "ill"
    )


async def sheets_for(
    journal: Journal, tiny: TinySchool, who: str = "math", cls: str = "5А", month: date = NOVEMBER
) -> MonthlySheets:
    return await journal.run(
        monthly_sheets, await actor(journal, tiny, who), tiny.classes[cls], month
    )


async def test_a_sheet_for_each_pupil_whose_guardian_refused(
    journal: Journal, tiny: TinySchool
) -> None:
    await refuse(journal, tiny, "g3", "g1")
    await a_month_of_records(journal, tiny)
    sheets = await sheets_for(journal, tiny)
    assert (sheets.class_title, sheets.class_teacher) == ("5А", "Числова М. А.")
    assert (sheets.month_start, sheets.month_end) == (NOVEMBER, date(2026, 11, 30))
    assert sheets.period is not None and sheets.period.name == "2 четверть"
    ivan, anna = sheets.pupils
    assert (ivan.full_name, ivan.guardians) == ("Иванов Иван", ("Иванова Елена",))
    assert (anna.full_name, anna.guardians) == ("Петрова Анна", ("Петров Николай",))
    math, rus = anna.subjects
    assert math.subject == "Математика"
    assert [(m.day, m.value, m.work_type) for m in math.marks] == [
        (date(2026, 11, 2), 2, "отв"),
        (date(2026, 11, 16), 5, "к/р"),
        (date(2026, 11, 18), 3, "отв"),
    ]
    assert math.month_average == pytest.approx((2 + 10 + 3) / 4)
    assert math.period_average == pytest.approx((10 + 3) / 3)
    assert (rus.subject, rus.month_average) == ("Русский язык", 4)
    assert [(a.day, a.status, a.reason) for a in anna.absences] == [
        (date(2026, 11, 16), A.LATE, "автобус"),
        (date(2026, 11, 18), A.ABSENT, "родитель: «Болеет» (Петров Н.)"),
    ]
    assert (anna.missed, anna.unexcused, anna.late) == (1, 1, 1)
    assert ivan.absences == ()
    [made] = await rows(journal, AuditEntry, AuditEntry.action == "monthly_sheet.made")
    assert made.actor_id == tiny.people["math"]
    assert made.details["pupils"] == [tiny.people["a1"], tiny.people["a2"]]


async def test_the_pdf_has_a_page_per_pupil_with_marks_absences_and_signatures(
    journal: Journal, tiny: TinySchool
) -> None:
    await refuse(journal, tiny, "g3", "g1")
    await a_month_of_records(journal, tiny)
    pdf = render_monthly_sheets(await sheets_for(journal, tiny), compress=False)
    assert pdf.startswith(b"%PDF-1.")
    assert len(PAGE.findall(pdf.decode("latin-1"))) == 2
    text = shown_text(pdf)
    for expected in (
        "Сводка успеваемости и посещаемости за ноябрь 2026 г.",
        "Ученик: Иванов Иван, 5А",
        "Ученик: Петрова Анна, 5А",
        "02.11 2 (отв), 16.11 5 (к/р), 18.11 3 (отв)",
        "3,75",
        "4,33",
        "Пропущено уроков: 1, из них без уважительной причины: 1. Опозданий: 1.",
        "опоздание\nавтобус",
        "пропуск без уважительной",  # the cell wraps: "причины" on the next line
        "«Болеет» (Петров Н.)",
        "/ Петров Николай /",
        "/ Иванова Елена /",
        "/ Числова М. А. /",
        "Виды работ: отв — ответ на уроке.",  # Иван's page: only his own kinds of work
        "Виды работ: д/з — домашняя работа; к/р — контрольная работа; отв — ответ на уроке.",
        "Пропусков и опозданий нет.",
    ):
        assert expected in text, expected
    assert "Сидоров" not in text and "20.10" not in text


async def test_grade_one_has_no_marks_on_its_sheet(journal: Journal, tiny: TinySchool) -> None:
    await refuse(journal, tiny, "g4")
    sheets = await sheets_for(journal, tiny, "primary", "1А")
    assert not sheets.marks_kept and [p.full_name for p in sheets.pupils] == ["Смирнова Ева"]
    assert "В этом классе отметки не выставляются." in shown_text(
        render_monthly_sheets(sheets, compress=False)
    )


async def test_only_the_class_teacher_and_the_administration_make_them(
    journal: Journal, tiny: TinySchool
) -> None:
    await refuse(journal, tiny, "g3")
    for who in ("deputy", "director", "admin"):
        assert [p.full_name for p in (await sheets_for(journal, tiny, who)).pupils] == [
            "Петрова Анна"
        ]
    # rus teaches 5А and leads 5Б; eng1 teaches 5А; then a parent, a pupil, the medic.
    for who in ("rus", "eng1", "g3", "a2", "medic"):
        with pytest.raises(AccessDenied):
            await sheets_for(journal, tiny, who)
    assert (await sheets_for(journal, tiny, "rus", "5Б")).pupils == ()
    with pytest.raises(RuleViolation):
        await sheets_for(journal, tiny, month=date(2026, 12, 1))


async def test_the_last_day_reminder_and_its_button_give_the_pdf(
    journal: Journal, tiny: TinySchool, engine: AsyncEngine, clock: FakeClock
) -> None:
    factory = make_session_factory(engine)
    await refuse(journal, tiny, "g3", "g1")
    acc = await link_accounts(journal, tiny, ["math", "rus"])
    chat = await staff_chat(journal, tiny, "math", "300")
    assert await refused_journal_reminders(factory, clock) == 0  # 18 November
    clock.now = moscow(2026, 11, 30, 7, 59)
    assert await refused_journal_reminders(factory, clock) == 0
    clock.now = moscow(2026, 11, 30, 8, 0)
    assert await refused_journal_reminders(factory, clock) == 3  # math twice, rus (b1) once
    assert await refused_journal_reminders(factory, clock) == 0
    texts_of = texts_by_account(await queued(journal))
    assert texts_of[acc["math"]] == [
        "Сегодня последний день месяца: распечатайте сводки для 2 учеников 5А, чьи родители "
        "отказались от электронного журнала, и передайте их родителям под подпись "
        "(п. 4.3.9 положения об ЭЖ)."
    ]
    assert texts_of[acc["rus"]][0].startswith(
        "Сегодня последний день месяца: распечатайте сводки для 1 ученика 5Б"
    )
    message = next(m for m in await queued(journal) if m.chat_account_id == acc["math"])
    keyboard = keyboard_from_json(message.keyboard)
    assert keyboard is not None
    [button] = keyboard.buttons()
    assert button.label == "Сводки за ноябрь (PDF)"
    assert button.payload == pack(
        ClassPrintouts(class_id=tiny.classes["5А"], day=date(2026, 11, 30))
    )
    await chat.send_payload(button.payload)
    [reply] = chat.replies
    assert reply.attachment is not None and reply.attachment.filename == "сводки_5А_2026-11.pdf"
    assert "Сводки за ноябрь 2026 для 2 учеников 5А" in reply.text
    text = shown_text(inflate(reply.attachment.content))
    assert "Ученик: Петрова Анна, 5А" in text and "Ученик: Иванов Иван, 5А" in text


async def test_the_class_menu_item_and_the_refusals(journal: Journal, tiny: TinySchool) -> None:
    await refuse(journal, tiny, "g3")
    chat = await staff_chat(journal, tiny, "math")
    await chat.press(staff_phrases.MY_CLASS)
    await chat.press(staff_phrases.CLASS_PRINTOUTS)
    [reply] = chat.replies
    assert reply.attachment is not None and reply.attachment.content.startswith(b"%PDF")
    assert "для 1 ученика 5А" in reply.text
    await chat.press("◀ За октябрь")
    assert chat.replies[0].attachment is not None
    assert "Сводки за октябрь 2026" in chat.text
    # Another class's teacher and a parent forging the button get the service's refusal.
    cls = tiny.classes["5А"]
    rus = await staff_chat(journal, tiny, "rus", "201")
    await rus.forge(ClassPrintouts(class_id=cls))
    assert rus.replies[0].attachment is None
    assert rus.text == await refusal(journal, tiny, "rus", monthly_sheets, cls, date(2026, 11, 18))
    parent = await staff_chat(journal, tiny, "g3", "202")
    await parent.forge(ClassPrintouts(class_id=cls))
    assert all(r.attachment is None for r in parent.replies)
    assert parent.text == await refusal(
        journal, tiny, "g3", monthly_sheets, cls, date(2026, 11, 18)
    )
    # No refusals in 5Б: said so, no file.
    await rus.press(staff_phrases.MY_CLASS)
    await rus.press(staff_phrases.CLASS_PRINTOUTS)
    assert rus.text == staff_phrases.PRINTOUTS_NONE.format(klass="5Б")
