"""The keyboards of the reports: the menu of reports, the files under a report, the classes."""

from collections.abc import Sequence
from datetime import date

from db.enums import Platform
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
    SchoolSettings,
    SummarySheet,
)
from keyboards.menus import button, to_menu
from keyboards.model import Button, Keyboard
from keyboards.staff_menus import layout, paged
from services.reports.menu import ReportMenu
from texts import report_phrases


def back() -> Button:
    return button(report_phrases.BACK, Reports())


def reports_menu(menu: ReportMenu, month: date) -> Keyboard:
    period = menu.period.id
    steps = []
    if menu.earlier:
        label = report_phrases.EARLIER.format(name=menu.earlier.name)
        steps.append(button(label, Reports(period=menu.earlier.id)))
    if menu.later:
        label = report_phrases.LATER.format(name=menu.later.name)
        steps.append(button(label, Reports(period=menu.later.id)))
    extra = []
    if menu.classes:
        extra = [
            button(report_phrases.CHARTS, ReportClasses(what=ClassPick.CHARTS)),
            button(report_phrases.SUMMARY_SHEET, ReportClasses(what=ClassPick.SUMMARY)),
        ]
    return Keyboard.of(
        [
            button(report_phrases.RESULTS, ReportShow(kind=ReportKind.RESULTS, period=period)),
            button(
                report_phrases.ATTENDANCE, ReportShow(kind=ReportKind.ATTENDANCE, period=period)
            ),
        ],
        [
            button(report_phrases.FORECAST, ReportShow(kind=ReportKind.FORECAST, period=period)),
            button(report_phrases.FILLING, ReportShow(kind=ReportKind.FILLING, month=month)),
        ],
        extra,
        steps,
        [button(report_phrases.SCHOOL_SETTINGS, SchoolSettings()), to_menu()],
    )


def report_keyboard(
    kind: ReportKind, period: int | None, month: date | None, sender: bool
) -> Keyboard:
    files = [
        button(label, ReportFile(kind=kind, form=form, period=period, month=month))
        for label, form in (
            (report_phrases.PDF, FileFormat.PDF),
            (report_phrases.XLSX, FileFormat.XLSX),
        )
    ]
    more: list[Button] = []
    if kind == ReportKind.FILLING and month is not None:
        earlier = date.fromordinal(month.toordinal() - 1).replace(day=1)
        more.append(button(report_phrases.PREVIOUS_MONTH, ReportShow(kind=kind, month=earlier)))
        if sender:
            more.append(button(report_phrases.SEND_FILLING, FillingSend(month=month)))
    return Keyboard.of(files, more, [back(), to_menu()])


def classes_keyboard(
    classes: Sequence[tuple[int, str]], what: ClassPick, page: int, platform: Platform
) -> Keyboard:
    fit = layout(platform, reserved=2, per_row=3)
    if what == ClassPick.SUMMARY:
        buttons = [button(title, SummarySheet(class_id=cid)) for cid, title in classes]
    else:
        buttons = [
            button(title, ReportChart(class_id=cid, chart=ChartKind.PROGRESS))
            for cid, title in classes
        ]
    rows, _, _ = paged(
        buttons, page, fit, lambda label, to: button(label, ReportClasses(what=what, page=to))
    )
    return Keyboard.of(*rows, [back(), to_menu()])


def chart_keyboard(class_id: int, title: str) -> Keyboard:
    return Keyboard.of(
        [
            button(
                report_phrases.CLASS_CHART.format(klass=title),
                ReportChart(class_id=class_id, chart=ChartKind.PROGRESS),
            ),
            button(
                report_phrases.ATTENDANCE_CHART.format(klass=title),
                ReportChart(class_id=class_id, chart=ChartKind.ATTENDANCE),
            ),
        ],
        [back(), to_menu()],
    )
