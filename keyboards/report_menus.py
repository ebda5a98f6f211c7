"""The keyboards of the reports: the menu of reports, the files under a report, the classes."""

from collections.abc import Sequence
from datetime import date

from db.enums import Platform
from keyboards.menus import to_menu
from keyboards.model import Button, Keyboard
from keyboards.payloads import Action
from keyboards.staff_menus import button, layout, paged
from services.reports.menu import ReportMenu
from texts import report_phrases

RESULTS, ATTENDANCE, FORECAST, FILLING = 1, 2, 3, 4
PDF, XLSX = 1, 2
CLASS_CHART, ATTENDANCE_CHART, SUMMARY = 1, 2, 3


def back() -> Button:
    return button(report_phrases.BACK, Action.REPORTS)


def reports_menu(menu: ReportMenu, month: date) -> Keyboard:
    period = menu.period.id
    steps = []
    if menu.earlier:
        label = report_phrases.EARLIER.format(name=menu.earlier.name)
        steps.append(button(label, Action.REPORTS, item=menu.earlier.id))
    if menu.later:
        steps.append(
            button(
                report_phrases.LATER.format(name=menu.later.name),
                Action.REPORTS,
                item=menu.later.id,
            )
        )
    extra = []
    if menu.classes:
        extra = [
            button(report_phrases.CHARTS, Action.REPORT_CLASSES, value=CLASS_CHART),
            button(report_phrases.SUMMARY_SHEET, Action.REPORT_CLASSES, value=SUMMARY),
        ]
    return Keyboard.of(
        [
            button(report_phrases.RESULTS, Action.REPORT_SHOW, item=period, value=RESULTS),
            button(report_phrases.ATTENDANCE, Action.REPORT_SHOW, item=period, value=ATTENDANCE),
        ],
        [
            button(report_phrases.FORECAST, Action.REPORT_SHOW, item=period, value=FORECAST),
            button(report_phrases.FILLING, Action.REPORT_SHOW, day=month, value=FILLING),
        ],
        extra,
        steps,
        [button(report_phrases.SCHOOL_SETTINGS, Action.SCHOOL_SETTINGS), to_menu()],
    )


def report_keyboard(kind: int, period: int | None, month: date | None, sender: bool) -> Keyboard:
    files = [
        button(
            report_phrases.PDF, Action.REPORT_FILE, item=period, day=month, value=kind * 10 + PDF
        ),
        button(
            report_phrases.XLSX, Action.REPORT_FILE, item=period, day=month, value=kind * 10 + XLSX
        ),
    ]
    more: list[Button] = []
    if kind == FILLING and month is not None:
        earlier = date.fromordinal(month.toordinal() - 1).replace(day=1)
        more.append(
            button(report_phrases.PREVIOUS_MONTH, Action.REPORT_SHOW, day=earlier, value=FILLING)
        )
        if sender:
            more.append(button(report_phrases.SEND_FILLING, Action.FILLING_SEND, day=month))
    return Keyboard.of(files, more, [back(), to_menu()])


def classes_keyboard(
    classes: Sequence[tuple[int, str]], what: int, page: int, platform: Platform
) -> Keyboard:
    fit = layout(platform, reserved=2, per_row=3)
    if what == SUMMARY:
        buttons = [button(title, Action.SUMMARY_SHEET, item=cid) for cid, title in classes]
    else:
        buttons = [
            button(title, Action.REPORT_CHART, item=cid, value=what) for cid, title in classes
        ]
    rows, _, _ = paged(
        buttons,
        page,
        fit,
        lambda label, to: button(label, Action.REPORT_CLASSES, item=to, value=what),
    )
    return Keyboard.of(*rows, [back(), to_menu()])


def chart_keyboard(class_id: int, title: str) -> Keyboard:
    return Keyboard.of(
        [
            button(
                report_phrases.CLASS_CHART.format(klass=title),
                Action.REPORT_CHART,
                item=class_id,
                value=CLASS_CHART,
            ),
            button(
                report_phrases.ATTENDANCE_CHART.format(klass=title),
                Action.REPORT_CHART,
                item=class_id,
                value=ATTENDANCE_CHART,
            ),
        ],
        [back(), to_menu()],
    )
