"""The actions of the reports (handlers/staff/reports.py, handlers/staff/school_settings.py,
handlers/family/pictures.py). `period` and `class_id` are ids; `month` is the first day of a
month of the control of filling; a report's kind and a file's format are short keys."""

from datetime import date
from enum import StrEnum

from keyboards.payloads import Press


class ReportKind(StrEnum):
    RESULTS = "r"
    ATTENDANCE = "a"
    FORECAST = "f"
    FILLING = "c"


class FileFormat(StrEnum):
    PDF = "pdf"
    XLSX = "xlsx"


class ChartKind(StrEnum):
    PROGRESS = "q"  # a class's quality and success over the periods
    ATTENDANCE = "a"  # a class's absences week by week


class ClassPick(StrEnum):
    CHARTS = "c"
    SUMMARY = "s"


class Reports(Press, code="Qm"):
    period: int | None = None  # the current one by default


class ReportShow(Press, code="Qr"):
    kind: ReportKind
    period: int | None = None
    month: date | None = None  # the control of filling goes by months


class ReportFile(Press, code="Qf"):
    kind: ReportKind
    form: FileFormat
    period: int | None = None
    month: date | None = None


class ReportClasses(Press, code="Qk"):
    what: ClassPick
    page: int = 1


class ReportChart(Press, code="Qc"):
    class_id: int
    chart: ChartKind


class SummarySheet(Press, code="Qs"):
    class_id: int
    period: int | None = None  # the year by default


class FillingSend(Press, code="Qx"):
    month: date


class PupilChart(Press, code="Qg"):
    pupil: int | None = None


class ReportCard(Press, code="Qt"):
    pupil: int | None = None


class SchoolSettings(Press, code="Qo"):
    page: int = 1


class SchoolSetting(Press, code="Qe"):
    setting: str  # the setting's name (services.settings.school_rules.SETTINGS)
