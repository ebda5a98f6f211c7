"""The reports through the chat, as each role reaches them: two taps to a report, the files on
request hold the numbers the chat shows, the pictures come as photos with a summary, and those
who may not see a report are refused."""

import io

import pytest
from PIL import Image

from db.enums import Platform
from db.models import OutboxEvent
from handlers.core.io import DOCUMENT, PHOTO
from keyboards.actions.reports import ReportKind, Reports, ReportShow, SummarySheet
from services.context import Journal
from services.reports.filling_sending import FILLING_LINES
from services.reports.final_grid import NOT_YOUR_SHEET
from services.reports.scope import NOT_FOR_YOU
from tests import reports_support
from tests.reports_support import pdf_text, xlsx_rows
from tests.staff_kit import staff_chat
from tests.test_conversation_kit import linked_chat
from tests.tiny_school import TinySchool
from tests.write_support import rows

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


async def records(journal: Journal, tiny: TinySchool) -> None:
    await journal.run(reports_support.quarter_results, tiny)
    await journal.run(reports_support.absences, tiny)


@pytest.mark.parametrize("platform", [Platform.TELEGRAM, Platform.VK])
async def test_the_deputy_gets_results_and_their_files(
    journal: Journal, tiny: TinySchool, platform: Platform
) -> None:
    await records(journal, tiny)
    chat = await staff_chat(journal, tiny, "deputy", platform=platform)
    await chat.press("Отчёты")
    assert "Отчёты · вся школа · 2 четверть" in chat.text
    await chat.press("Успеваемость")
    line = "Итого: качество 33,3 %, успеваемость 66,7 % (-33,3 / 0,0); уч. 3"
    assert line in chat.text
    assert "5А: качество 33,3 %, успеваемость 66,7 % (-33,3 / 0,0); уч. 3" in chat.text
    [reply] = await chat.press("PDF")
    assert reply.attachment is not None and reply.attachment.kind == DOCUMENT
    assert reply.attachment.filename.endswith(".pdf")
    text = pdf_text(reply.attachment.content)
    assert "Итого 3 0 1 1 0 1 0 33,3 66,7" in text
    await chat.press("← Отчёты")
    await chat.press("Успеваемость")
    [reply] = await chat.press("Excel")
    assert reply.attachment is not None
    sheet = xlsx_rows(reply.attachment.content)["По классам"]
    assert next(r for r in sheet if r[0] == "Итого")[:10] == (
        "Итого",
        3,
        0,
        1,
        1,
        0,
        1,
        0,
        33.3,
        66.7,
    )


async def test_the_class_teacher_sees_the_class_attendance_and_charts(
    journal: Journal, tiny: TinySchool
) -> None:
    await records(journal, tiny)
    chat = await staff_chat(journal, tiny, "math")
    await chat.press("Отчёты")
    await chat.press("Посещаемость")
    assert (
        "Петрова Анна: уроков пропущено 4 из 8 (болезнь 1, уваж. 2, без причины 1), опозданий 0; "
        "дней 2 (болезнь 0, уваж. 1, без причины 1)"
    ) in chat.text
    await chat.press("← Отчёты")
    await chat.press("Графики")  # one class of their own: straight to its charts
    [reply] = await chat.press("5А: качество")
    assert reply.attachment is not None and reply.attachment.kind == PHOTO
    assert Image.open(io.BytesIO(reply.attachment.content)).size == (960, 540)
    assert reply.text == "5А, 2 четверть: качество 33,3 %, успеваемость 66,7 %."
    [reply] = await chat.press("5А: пропуски")
    assert reply.attachment is not None and reply.attachment.kind == PHOTO
    await chat.press("← Отчёты")
    [reply] = await chat.press("Сводная ведомость")
    assert reply.attachment is not None
    assert "Сводная ведомость итоговых отметок 5А класса" in pdf_text(reply.attachment.content)


async def test_a_subject_teacher_sees_their_own(journal: Journal, tiny: TinySchool) -> None:
    await records(journal, tiny)
    chat = await staff_chat(journal, tiny, "eng2")
    await chat.press("Отчёты")
    assert "ваши классы и предметы" in chat.text
    assert "Графики" not in chat.labels
    await chat.press("Успеваемость")
    assert "Итого: качество 0,0 %, успеваемость 0,0 % (0,0 / 0,0); уч. 1" in chat.text
    [reply] = await chat.forge(SummarySheet(class_id=tiny.classes["5А"]))
    assert reply.text == NOT_YOUR_SHEET


async def test_the_deputy_sends_teachers_their_lines(journal: Journal, tiny: TinySchool) -> None:
    await journal.run(reports_support.tuesday_lessons, tiny)
    chat = await staff_chat(journal, tiny, "deputy")
    await chat.press("Отчёты")
    await chat.press("Заполнение журнала")
    assert "Проверено уроков:" in chat.text
    await chat.press("Разослать учителям")
    sent = await rows(journal, OutboxEvent, OutboxEvent.kind == FILLING_LINES)
    assert chat.text == f"Замечания отправлены учителям: {len(sent)}."
    assert sent and all(e.payload["lines"] for e in sent)


async def test_families_get_the_chart_and_report_card(journal: Journal, tiny: TinySchool) -> None:
    await records(journal, tiny)
    chat = await linked_chat(journal, tiny, "g3")
    await chat.press("Оценки")
    [reply] = await chat.press("График отметок")
    assert reply.attachment is not None and reply.attachment.kind == PHOTO
    assert reply.text.startswith("Анна, 2 четверть: средний балл выше медианы класса по ")
    [reply] = await chat.press("Табель")
    assert reply.attachment is not None
    assert "Петрова Анна" in pdf_text(reply.attachment.content)


@pytest.mark.parametrize("who", ["g1", "a1", "medic"])
async def test_reports_refused_to_others(journal: Journal, tiny: TinySchool, who: str) -> None:
    chat = await staff_chat(journal, tiny, who)
    assert "Отчёты" not in chat.labels
    for press in (Reports(), ReportShow(kind=ReportKind.RESULTS)):
        [reply] = await chat.forge(press)
        assert reply.text == NOT_FOR_YOU


async def test_the_administration_changes_a_setting(journal: Journal, tiny: TinySchool) -> None:
    chat = await staff_chat(journal, tiny, "deputy", platform=Platform.VK)
    await chat.press("Отчёты")
    await chat.press("Настройки школы")
    assert "• Перекличка, минут от начала урока: 10 (004 п. 8)" in chat.text
    await chat.press("Перекличка, минут от начала урока")
    await chat.send("сто")
    assert chat.text.startswith("Нужно число минут от 1 до 45.")
    await chat.send("20")
    assert chat.text.startswith("Сохранено: Перекличка, минут от начала урока — 20.")
    assert "• Перекличка, минут от начала урока: 20 (004 п. 8)" in chat.text
    teacher = await staff_chat(journal, tiny, "math", account="201")
    await teacher.press("Отчёты")
    await teacher.press("Настройки школы")
    assert "Перекличка, минут от начала урока" not in teacher.labels  # read, not changed
