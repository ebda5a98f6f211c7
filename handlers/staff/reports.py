"""The "Отчёты" screens of the administration and the teachers: a report in two taps (Отчёты,
then the report), its PDF and XLSX on request, the class charts as photos with a one-line
summary, the summary sheet, and the deputy's sending of each teacher's lines."""

import asyncio
from collections.abc import Callable
from datetime import date

from handlers.core.io import PHOTO, Attachment, Reply
from handlers.core.menu import stale
from handlers.core.turn import Turn
from keyboards import report_menus
from keyboards.actions.reports import (
    ChartKind,
    ClassPick,
    FileFormat,
    FillingSend,
    ReportChart,
    ReportClasses,
    ReportFile,
    ReportKind,
    Reports,
    ReportShow,
    SummarySheet,
)
from keyboards.model import Keyboard
from services.documents.charts import attendance_chart, progress_chart
from services.documents.paper import render_final_grid
from services.documents.pdf_kit import render_report_pdf
from services.documents.report_tables import (
    attendance_document,
    filling_document,
    forecast_document,
    results_document,
)
from services.documents.report_xlsx import render_report_xlsx
from services.documents.tables import ReportDocument
from services.reports.attendance import attendance_report
from services.reports.filling import filling_report
from services.reports.filling_sending import send_filling_lines
from services.reports.final_grid import final_grid
from services.reports.forecasts import forecast_report
from services.reports.menu import may_send_filling, report_menu
from services.reports.pictures import class_progress
from services.reports.results import results_report
from texts import report_formatting, report_phrases


def _month(turn: Turn, month: date | None) -> date:
    return (month or turn.viewer.today).replace(day=1)


def _span(turn: Turn, month: date) -> tuple[date, date]:
    following = date.fromordinal(month.replace(day=28).toordinal() + 4).replace(day=1)
    return month, min(date.fromordinal(following.toordinal() - 1), turn.viewer.today)


async def menu(turn: Turn, press: Reports) -> list[Reply]:
    found = await turn.run(report_menu, press.period)
    text = report_phrases.MENU.format(scope=found.scope_title, period=found.period.name)
    return [
        Reply(
            text,
            report_menus.reports_menu(found, turn.viewer.today.replace(day=1)),
            edit=turn.pressed,
        )
    ]


async def _report(
    turn: Turn, kind: ReportKind, period: int | None, month: date | None
) -> tuple[str, ReportDocument]:
    if kind == ReportKind.RESULTS:
        results = await turn.run(results_report, period)
        return report_formatting.results_text(results), results_document(results)
    if kind == ReportKind.ATTENDANCE:
        attendance = await turn.run(attendance_report, period)
        return report_formatting.attendance_text(attendance), attendance_document(attendance)
    if kind == ReportKind.FORECAST:
        forecast = await turn.run(forecast_report, period)
        return report_formatting.forecast_text(forecast), forecast_document(forecast)
    filling = await turn.run(filling_report, *_span(turn, _month(turn, month)))
    return report_formatting.filling_text(filling), filling_document(filling)


async def show(turn: Turn, press: ReportShow) -> list[Reply]:
    if press.month is not None and not turn.viewer.sane(press.month):
        return await stale(turn)
    text, _ = await _report(turn, press.kind, press.period, press.month)
    month = _month(turn, press.month) if press.kind == ReportKind.FILLING else None
    keyboard = report_menus.report_keyboard(
        press.kind, press.period, month, may_send_filling(turn.actor)
    )
    return [Reply(text, keyboard)]


async def file(turn: Turn, press: ReportFile) -> list[Reply]:
    if press.month is not None and not turn.viewer.sane(press.month):
        return await stale(turn)
    _, document = await _report(turn, press.kind, press.period, press.month)
    pdf = press.form == FileFormat.PDF
    render: Callable[[ReportDocument], bytes] = render_report_pdf if pdf else render_report_xlsx
    # Drawing a school's tables takes a while: off the event loop, as blocking work must be.
    content = await asyncio.to_thread(render, document)
    name = f"{document.filename}.{press.form.value}"
    caption = report_phrases.FILE_CAPTION.format(title=document.title, subtitle=document.subtitle)
    return [
        Reply(caption, Keyboard.of([report_menus.back()]), attachment=Attachment(name, content))
    ]


async def classes(turn: Turn, press: ReportClasses) -> list[Reply]:
    found = await turn.run(report_menu, None)
    if not found.classes:
        return [Reply(report_phrases.NO_CLASSES, Keyboard.of([report_menus.back()]))]
    if len(found.classes) == 1:
        [(class_id, title)] = found.classes
        if press.what == ClassPick.SUMMARY:
            return await summary_sheet(turn, SummarySheet(class_id=class_id))
        return [Reply(title, report_menus.chart_keyboard(class_id, title))]
    keyboard = report_menus.classes_keyboard(found.classes, press.what, press.page, turn.platform)
    return [Reply(report_phrases.PICK_CLASS, keyboard, edit=turn.pressed)]


async def chart(turn: Turn, press: ReportChart) -> list[Reply]:
    if press.chart == ChartKind.PROGRESS:
        progress = await turn.run(class_progress, press.class_id)
        picture = await asyncio.to_thread(progress_chart, progress)
        title = progress.class_title
    else:
        attendance = await turn.run(attendance_report, None, press.class_id)
        picture = await asyncio.to_thread(
            attendance_chart, attendance.scope_title, attendance.weeks
        )
        title = attendance.scope_title
    keyboard = report_menus.chart_keyboard(press.class_id, title)
    photo = Attachment(picture.filename, picture.png, kind=PHOTO)
    return [Reply(picture.summary, keyboard, attachment=photo)]


async def summary_sheet(turn: Turn, press: SummarySheet) -> list[Reply]:
    grid = await turn.run(final_grid, press.class_id, press.period)
    content = await asyncio.to_thread(render_final_grid, grid)
    period = grid.year_name + " уч. год" if grid.is_year else grid.period.name
    caption = report_phrases.SUMMARY_CAPTION.format(klass=grid.class_title, period=period)
    name = f"svodnaya_{grid.class_id}_{grid.period.starts_on:%Y}.pdf"
    return [
        Reply(caption, Keyboard.of([report_menus.back()]), attachment=Attachment(name, content))
    ]


async def send_filling(turn: Turn, press: FillingSend) -> list[Reply]:
    month = _month(turn, press.month)
    if not turn.viewer.sane(month):
        return await stale(turn)
    count = await turn.run(send_filling_lines, *_span(turn, month))
    text = (
        report_phrases.FILLING_SENT.format(count=count)
        if count
        else report_phrases.FILLING_NONE_TO_SEND
    )
    return [Reply(text, Keyboard.of([report_menus.back()]))]
