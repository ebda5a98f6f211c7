"""The files: each report's PDF (text read back with pypdf) and XLSX (read back with openpyxl)
hold the report's numbers; the paper forms; the charts' data and their fit for every
messenger's photo limits; the health sheet and "осв."."""

import io
from datetime import date

import pytest
from PIL import Image

from db.models import Subject
from services.context import Journal
from services.documents.charts import (
    PHOTO_LIMITS,
    attendance_chart,
    fits,
    progress_chart,
    pupil_chart,
)
from services.documents.paper import render_final_grid, render_journal_page, render_report_card
from services.documents.pdf_kit import render_report_pdf
from services.documents.report_tables import (
    attendance_document,
    filling_document,
    forecast_document,
    results_document,
)
from services.documents.report_xlsx import render_report_xlsx
from services.errors import AccessDenied
from services.marks.final_sheet import final_sheet
from services.people.health import health_line, set_health, set_pe_exemption
from services.reports.attendance import attendance_report
from services.reports.filling import filling_report
from services.reports.final_grid import final_grid, report_card
from services.reports.forecasts import forecast_report
from services.reports.journal_page import journal_page
from services.reports.pictures import class_progress, pupil_vs_class
from services.reports.results import results_report
from tests import read_rows, reports_support
from tests.reports_support import pdf_text, xlsx_rows
from tests.tiny_school import TinySchool
from tests.write_support import actor, update

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


async def test_results_files_hold_the_reports_numbers(journal: Journal, tiny: TinySchool) -> None:
    await journal.run(reports_support.quarter_results, tiny)
    deputy = await actor(journal, tiny, "deputy")
    report = await journal.run(results_report, deputy, tiny.periods["q1"])
    document = results_document(report)
    text = pdf_text(render_report_pdf(document))
    assert "Результаты: процент качества и успеваемости, 1 четверть" in text
    assert "5А 3 1 1 0 0 1 0 66,7 66,7" in text
    assert "Математика 3 1 1 1 0 0 66,7 100,0" in text
    assert "Лондонов П. О. 1 0 0 0 1 0 0,0 0,0" in text
    sheets = xlsx_rows(render_report_xlsx(document))
    assert list(sheets) == ["По классам", "По предметам", "По учителям"]
    rows = sheets["По классам"]
    # The average of the nine finals: (5+5+5 + 4+5+5 + 3+4+2) / 9 = 4.22.
    assert ("5А", 3, 1, 1, 0, 0, 1, 0, 66.7, 66.7, 4.22, None, None) in rows
    assert ("Итого", 3, 1, 1, 0, 0, 1, 0, 66.7, 66.7, 4.22, None, None) in rows


async def test_attendance_filling_and_forecast_files(journal: Journal, tiny: TinySchool) -> None:
    await journal.run(reports_support.quarter_results, tiny)
    await journal.run(reports_support.absences, tiny)
    teacher = await actor(journal, tiny, "math")
    attendance = await journal.run(attendance_report, teacher, None, tiny.classes["5А"])
    document = attendance_document(attendance)
    text = pdf_text(render_report_pdf(document))
    # lessons, missed: ill, excused, unexcused; late; days: ill, excused, unexcused
    assert "Петрова Анна 8 4 1 2 1 0 2 0 1 1" in text
    assert ("Петрова Анна", 8, 4, 1, 2, 1, 0, 2, 0, 1, 1) in xlsx_rows(
        render_report_xlsx(document)
    )["5А"]
    filling = await journal.run(filling_report, teacher, date(2026, 11, 1), date(2026, 11, 18))
    text = pdf_text(render_report_pdf(filling_document(filling)))
    assert "Контроль заполнения журнала" in text
    assert "перекличка не отмечена" in text
    forecast = await journal.run(forecast_report, teacher, None, tiny.classes["5А"])
    rows = xlsx_rows(render_report_xlsx(forecast_document(forecast)))["По классам"]
    assert ("5А", 3, 0, 3) in rows


async def test_the_summary_sheet_report_card_and_journal_page(
    journal: Journal, tiny: TinySchool
) -> None:
    await journal.run(reports_support.quarter_results, tiny)
    await journal.run(reports_support.absences, tiny)
    teacher = await actor(journal, tiny, "math")
    grid = await journal.run(final_grid, teacher, tiny.classes["5А"], tiny.periods["q1"])
    assert grid.subjects == ("Англ. яз.", "Матем.", "Рус. яз.")
    assert [r.cells for r in grid.rows] == [("5", "5", "5"), ("5", "4", "5"), ("2", "3", "4")]
    text = pdf_text(render_final_grid(grid))
    assert "Сводная ведомость итоговых отметок 5А класса за 1 четверть" in text
    assert "Сидоров Олег 2 3 4" in text
    assert "Качество: 66,7 %, успеваемость: 66,7 %" in text
    assert "Директор" in text and "М. П." in text
    guardian = await actor(journal, tiny, "g3")
    card = await journal.run(report_card, guardian, tiny.people["a2"])
    assert dict(card.subjects)["Математика"][0] == "4"
    text = pdf_text(render_report_card(card))
    assert "Табель успеваемости за 2026/2027 учебный год" in text
    assert "Петрова Анна" in text
    with pytest.raises(AccessDenied):
        await journal.run(report_card, guardian, tiny.people["a1"])
    page = await journal.run(journal_page, teacher, tiny.assignments["5А-math"], None)
    assert [f"{x.day:%d.%m}" for x in page.lessons] == ["16.11", "17.11", "18.11", "18.11"]
    petrova = next(r for r in page.rows if r.full_name == "Петрова Анна")
    assert petrova.cells[:3] == ("у", "б", "3")
    text = pdf_text(render_journal_page(page))
    assert "Журнал: 5А, Математика, 2 четверть" in text
    with pytest.raises(AccessDenied):
        await journal.run(
            journal_page, await actor(journal, tiny, "eng1"), tiny.assignments["5А-math"], None
        )


async def test_charts_show_the_data_and_fit_every_messenger(
    journal: Journal, tiny: TinySchool
) -> None:
    await journal.run(reports_support.quarter_results, tiny)
    await journal.run(reports_support.absences, tiny)
    pupil = await actor(journal, tiny, "a1")
    compared = await journal.run(pupil_vs_class, pupil, tiny.people["a1"], None)
    # Maths: a1 5.0; the class 5.0, 3.0, 2.5 -> median 3.0.
    maths = next(s for s in compared.subjects if s.subject == "Математика")
    assert (maths.average, maths.class_median) == (5.0, 3.0)
    teacher = await actor(journal, tiny, "math")
    progress = await journal.run(class_progress, teacher, tiny.classes["5А"])
    assert [(p.name, round(p.quality or 0, 1)) for p in progress.periods] == [
        ("1 четверть", 66.7),
        ("2 четверть", 33.3),
    ]
    weeks = (await journal.run(attendance_report, teacher, None, tiny.classes["5А"])).weeks
    for picture in (
        pupil_chart(compared),
        progress_chart(progress),
        attendance_chart("5А", weeks),
    ):
        image = Image.open(io.BytesIO(picture.png))
        assert image.format == "PNG"
        assert image.size == (picture.width, picture.height) == (960, 540)
        assert all(fits(picture, platform) for platform in PHOTO_LIMITS)
        assert picture.summary and "\n" not in picture.summary
    assert progress_chart(progress).summary == (
        "5А, 2 четверть: качество 33,3 %, успеваемость 66,7 %."
    )
    assert attendance_chart("5А", weeks).summary == (
        "5А: пропущено уроков 10, больше всего — на неделе с 16.11 (10)."
    )


async def test_the_health_sheet_and_pe_exemption(journal: Journal, tiny: TinySchool) -> None:
    medic = await actor(journal, tiny, "medic")
    await journal.run(set_health, medic, tiny.people["a3"], 3, "подготовительная")
    await update(journal, Subject, tiny.subjects["eng"], allows_exemption=True)
    await journal.run(set_pe_exemption, medic, tiny.people["a3"], tiny.periods["q2"], True)
    for who in ("medic", "math", "eng2", "deputy"):  # eng2 teaches a3 the "PE" here
        line = await journal.run(health_line, await actor(journal, tiny, who), tiny.people["a3"])
        assert (line.health_group, line.pe_group, line.exempt_periods) == (
            3,
            "подготовительная",
            ("2 четверть",),
        )
    for who in ("eng1", "rus", "g1", "a3"):
        with pytest.raises(AccessDenied):
            await journal.run(health_line, await actor(journal, tiny, who), tiny.people["a3"])
    with pytest.raises(AccessDenied):
        await journal.run(set_health, await actor(journal, tiny, "math"), tiny.people["a3"], 1, "")
    eng2 = await actor(journal, tiny, "eng2")
    sheet = await journal.run(final_sheet, eng2, tiny.assignments["5А-eng2"])
    assert [(r.full_name, r.exempt) for r in sheet.rows] == [("Сидоров Олег", True)]
    await journal.run(read_rows.marks, tiny, "eng2-today", "a3", [2, 2, 2, 2, 2])
    deputy = await actor(journal, tiny, "deputy")
    report = await journal.run(results_report, deputy)
    english = next(r for r in report.by_subject if r.title == "Английский язык")
    assert english.tally.total == 2  # the exempt pupil is left out
