"""Pictures sent as photos, with a one-line summary for those who do not open them: a pupil's
average per subject beside the class median, a class's quality and success over the periods of
the year, attendance week by week. Drawn with matplotlib's Agg backend (no display), PNG, sized
well within every messenger's photo limits (PHOTO_LIMITS)."""

from dataclasses import dataclass
from io import BytesIO

import matplotlib

matplotlib.use("Agg")  # before pyplot: the bots run without a display

from matplotlib.figure import Figure

from services.documents.tables import shown
from services.reports.attendance import WeekAttendance
from services.reports.pictures import ClassProgress, PupilVsClass

WIDTH_IN, HEIGHT_IN, DPI = 8.0, 4.5, 120  # 960 x 540 pixels
COLOURS = {"pupil": "#2f6db5", "class": "#b9c4d0", "quality": "#2f8f5b", "success": "#2f6db5"}
ATTENDANCE_LABELS = (("ill", "по болезни"), ("excused", "уважит."), ("unexcused", "без причины"))
ATTENDANCE_COLOURS = {"ill": "#e0a040", "excused": "#8fa8c8", "unexcused": "#d04a4a"}


@dataclass(frozen=True)
class PhotoLimits:
    max_bytes: int
    max_side_sum: int
    max_ratio: float
    max_side: int = 100_000


# Telegram sendPhoto (tests/specs/telegram-bot-api.json): at most 10 MB, width + height at most
# 10000, ratio at most 20. VK photos for messages (VK's upload documentation; the vk-api-schema
# does not carry it): at most 50 MB, width + height at most 14000, ratio at most 20. MAX
# images (tests/specs/max-bot-api.openapi.json, POST /uploads): at most 50 MB and 7680 x 7680.
PHOTO_LIMITS = {
    "telegram": PhotoLimits(10 * 1024 * 1024, 10000, 20.0),
    "vk": PhotoLimits(50 * 1024 * 1024, 14000, 20.0),
    "max": PhotoLimits(50 * 1024 * 1024, 2 * 7680, 7680.0, 7680),
}


@dataclass(frozen=True)
class Picture:
    png: bytes
    width: int
    height: int
    summary: str  # one line, sent with the photo as its caption
    filename: str


def _figure() -> Figure:
    # A Figure of its own, not pyplot's global state: charts drawn in parallel never mix.
    # Fixed margins rather than a layout engine: a third of the drawing time saved.
    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    figure.subplots_adjust(left=0.08, right=0.98, top=0.92, bottom=0.25)
    return figure


def _png(figure: Figure, summary: str, filename: str) -> Picture:
    out = BytesIO()
    # A fast zlib level: charts are flat colours, the file stays small either way.
    figure.savefig(out, format="png", dpi=DPI, pil_kwargs={"compress_level": 3})
    width, height = (round(float(v)) for v in figure.get_size_inches() * DPI)
    return Picture(out.getvalue(), width, height, summary, filename)


def pupil_chart(data: PupilVsClass) -> Picture:
    figure = _figure()
    axes = figure.add_subplot()
    names = [s.short for s in data.subjects]
    places = list(range(len(names)))
    pupil = [s.average or 0 for s in data.subjects]
    median = [s.class_median or 0 for s in data.subjects]
    axes.bar([p - 0.2 for p in places], pupil, 0.4, label=data.first_name, color=COLOURS["pupil"])
    axes.bar([p + 0.2 for p in places], median, 0.4, label="медиана класса", color=COLOURS["class"])
    axes.set_xticks(places, names, rotation=45, ha="right", fontsize=8)
    axes.set_ylim(0, 5.2)
    axes.set_ylabel("средний балл")
    axes.set_title(f"{data.pupil}: {data.period.name}", fontsize=10)
    axes.legend(loc="lower right", fontsize=8)
    above = sum(
        1
        for s in data.subjects
        if s.average is not None and s.class_median is not None and s.average > s.class_median
    )
    words = above_median_words(above, len(data.subjects))
    summary = f"{data.first_name}, {data.period.name}: {words}"
    return _png(figure, summary, "marks.png")


def above_median_words(above: int, subjects: int) -> str:
    """«выше медианы класса по 5 из 12 предметов», and the words for none, all and one."""
    one = subjects % 10 == 1 and subjects % 100 != 11
    if subjects == 0:
        return "отметок, чтобы сравнить с классом, пока нет."
    if subjects == 1:
        return f"средний балл {'выше' if above else 'не выше'} медианы класса."
    if above == 0:
        of = "предмета" if one else "предметов"
        return f"средний балл пока не выше медианы класса ни по одному из {subjects} {of}."
    if above == subjects:
        to = "предмету" if one else "предметам"
        return f"средний балл выше медианы класса по всем {subjects} {to}."
    of = "предмета" if one else "предметов"
    return f"средний балл выше медианы класса по {above} из {subjects} {of}."


def progress_chart(data: ClassProgress) -> Picture:
    figure = _figure()
    axes = figure.add_subplot()
    names = [p.name for p in data.periods]
    quality = [p.quality if p.quality is not None else float("nan") for p in data.periods]
    success = [p.success if p.success is not None else float("nan") for p in data.periods]
    axes.plot(names, quality, marker="o", label="качество, %", color=COLOURS["quality"])
    axes.plot(names, success, marker="s", label="успеваемость, %", color=COLOURS["success"])
    axes.set_ylim(0, 105)
    axes.set_title(f"{data.class_title}: качество и успеваемость", fontsize=10)
    axes.legend(loc="lower right", fontsize=8)
    axes.grid(axis="y", alpha=0.3)
    last = next((p for p in reversed(data.periods) if p.quality is not None), None)
    summary = (
        f"{data.class_title}, {last.name}: качество {shown(_one(last.quality))} %, "
        f"успеваемость {shown(_one(last.success))} %."
        if last
        else f"{data.class_title}: итогов за периоды пока нет."
    )
    return _png(figure, summary, "progress.png")


def _one(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


def attendance_chart(title: str, weeks: tuple[WeekAttendance, ...]) -> Picture:
    figure = _figure()
    axes = figure.add_subplot()
    labels = [f"{w.monday:%d.%m}" for w in weeks]
    bottom = [0] * len(weeks)
    for name, label in (
        ("ill", "по болезни"),
        ("excused", "уважит."),
        ("unexcused", "без причины"),
    ):
        values = [getattr(w.counts, name) for w in weeks]
        axes.bar(labels, values, bottom=bottom, label=label, color=ATTENDANCE_COLOURS[name])
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axes.set_ylabel("пропущено уроков")
    axes.set_title(f"{title}: пропуски по неделям", fontsize=10)
    axes.tick_params(axis="x", labelsize=8, rotation=45)
    axes.legend(fontsize=8)
    missed = sum(w.counts.missed for w in weeks)
    worst = max(weeks, key=lambda w: w.counts.missed, default=None)
    summary = (
        f"{title}: пропущено уроков {missed}, больше всего — на неделе с {worst.monday:%d.%m} "
        f"({worst.counts.missed})."
        if worst is not None and missed
        else f"{title}: пропусков нет."
    )
    return _png(figure, summary, "attendance.png")


def fits(picture: Picture, platform: str) -> bool:
    limits = PHOTO_LIMITS[platform]
    ratio = max(picture.width, picture.height) / max(1, min(picture.width, picture.height))
    return (
        len(picture.png) <= limits.max_bytes
        and picture.width + picture.height <= limits.max_side_sum
        and ratio <= limits.max_ratio
        and max(picture.width, picture.height) <= limits.max_side
    )
