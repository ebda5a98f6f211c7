# ruff: noqa: E501  (one XML element a line, as aSc writes them)
"""aSc Timetables XML exports as real ones look: windows-1251, 16-hex-digit ids, bit strings
for days, weeks and terms, subgroups both ways, double lessons, two shifts."""

import hashlib
from dataclasses import dataclass, field
from xml.sax.saxutils import quoteattr

FIRST_SHIFT = [
    "8:00-8:45",
    "8:55-9:40",
    "10:00-10:45",
    "11:05-11:50",
    "12:00-12:45",
    "12:55-13:40",
    "13:50-14:35",
]
SECOND_SHIFT = ["13:30-14:15", "14:25-15:10", "15:20-16:05", "16:15-17:00", "17:10-17:55",
                "18:05-18:50"]  # fmt: skip


def asc_id(name: str) -> str:
    return hashlib.md5(name.encode()).hexdigest()[:16].upper()


@dataclass
class Lesson:
    classes: list[str]
    subject: str
    teachers: list[str]
    # (days bits, aSc period number[, the card's own weeks bits])
    cards: list[tuple[str, int] | tuple[str, int, str]]
    groups: list[str] = field(default_factory=list)  # "5А:1 группа"
    per_week: float = 1.0
    per_card: int = 1
    rooms: list[str] = field(default_factory=list)
    weeks: str = "1"

    @property
    def id(self) -> str:
        return asc_id(f"lesson/{self.classes}/{self.subject}/{self.groups}/{self.teachers}")


@dataclass
class Teacher:
    name: str
    first: str = ""
    last: str = ""


def export(
    classes: list[str], teachers: list[Teacher], lessons: list[Lesson], subjects: list[str]
) -> bytes:
    out = [
        '<?xml version="1.0" encoding="windows-1251"?>',
        '<timetable ascttversion="2021.22.1" importtype="database" '
        'options="idprefix:MyApp,daynumbering1">',
        '<periods options="canadd,export:silent" columns="period,name,short,starttime,endtime">',
    ]
    number = 0
    for shift in (FIRST_SHIFT, SECOND_SHIFT):
        for i, span in enumerate(shift, 1):
            number += 1
            start, end = span.split("-")
            out.append(
                f'<period name="{i}" short="{i}" period="{number}" '
                f'starttime="{start}" endtime="{end}"/>'
            )
    out.append("</periods>")
    out.append('<daysdefs options="canadd,export:silent" columns="id,name,short,days">')
    out.append(
        f'<daysdef id="{asc_id("any")}" name="Любой день" short="X" days="10000,01000,00100,00010,00001"/>'
    )
    out.append("</daysdefs>")
    out.append('<weeksdefs columns="id,name,short,weeks">')
    out.append(f'<weeksdef id="{asc_id("weeks")}" name="Все недели" short="Все" weeks="1"/>')
    out.append("</weeksdefs>")
    out.append('<termsdefs columns="id,name,short,terms">')
    out.append(f'<termsdef id="{asc_id("terms")}" name="Весь год" short="Год" terms="1111"/>')
    out.append("</termsdefs>")
    out.append('<subjects options="canadd,export:silent" columns="id,name,short,partner_id">')
    for s in subjects:
        out.append(
            f'<subject id="{asc_id(s)}" name={quoteattr(s)} short={quoteattr(s[:4])} partner_id=""/>'
        )
    out.append("</subjects>")
    out.append(
        '<teachers columns="id,firstname,lastname,name,short,gender,color,email,mobile,partner_id">'
    )
    for t in teachers:
        out.append(
            f'<teacher id="{asc_id(t.name)}" firstname={quoteattr(t.first)} '
            f'lastname={quoteattr(t.last)} name={quoteattr(t.name)} short="" gender="F" '
            'color="#FF0000" email="" mobile="" partner_id=""/>'
        )
    out.append("</teachers>")
    rooms = sorted({r for lesson in lessons for r in lesson.rooms})
    out.append('<classrooms columns="id,name,short,capacity,buildingid,partner_id">')
    for r in rooms:
        out.append(
            f'<classroom id="{asc_id("room" + r)}" name="Кабинет {r}" short="{r}" capacity="*" buildingid="" partner_id=""/>'
        )
    out.append("</classrooms>")
    out.append('<classes columns="id,name,short,teacherid,classroomids,grade,partner_id">')
    for c in classes:
        out.append(
            f'<class id="{asc_id(c)}" name="{c}" short="{c}" teacherid="" classroomids="" grade="" partner_id=""/>'
        )
    out.append("</classes>")
    out.append('<groups columns="id,classid,name,entireclass,divisiontag,studentcount">')
    groups = sorted({g for lesson in lessons for g in lesson.groups})
    for c in classes:
        out.append(
            f'<group id="{asc_id(c + ":all")}" classid="{asc_id(c)}" name="Весь класс" entireclass="1" divisiontag="0" studentcount=""/>'
        )
    for g in groups:
        c, name = g.split(":")
        out.append(
            f'<group id="{asc_id(g)}" classid="{asc_id(c)}" name={quoteattr(name)} entireclass="0" divisiontag="1" studentcount=""/>'
        )
    out.append("</groups>")
    out.append(
        '<lessons columns="id,classids,subjectid,periodspercard,periodsperweek,teacherids,classroomids,groupids,capacity,seminargroup,termsdefid,weeksdefid,daysdefid,partner_id">'
    )
    for lesson in lessons:
        group_ids = [asc_id(g) for g in lesson.groups] or [
            asc_id(c + ":all") for c in lesson.classes
        ]
        out.append(
            f'<lesson id="{lesson.id}" classids="{",".join(asc_id(c) for c in lesson.classes)}" '
            f'subjectid="{asc_id(lesson.subject)}" periodspercard="{lesson.per_card}" '
            f'periodsperweek="{lesson.per_week:.1f}" '
            f'teacherids="{",".join(asc_id(t) for t in lesson.teachers)}" '
            f'classroomids="{",".join(asc_id("room" + r) for r in lesson.rooms)}" '
            f'groupids="{",".join(group_ids)}" capacity="*" seminargroup="" '
            f'termsdefid="{asc_id("terms")}" weeksdefid="{asc_id("weeks")}" '
            f'daysdefid="{asc_id("any")}" partner_id=""/>'
        )
    out.append("</lessons>")
    out.append('<cards columns="lessonid,period,days,weeks,terms,classroomids">')
    for lesson in lessons:
        for days, period, *own_weeks in lesson.cards:
            weeks = own_weeks[0] if own_weeks else lesson.weeks
            out.append(
                f'<card lessonid="{lesson.id}" period="{period}" days="{days}" '
                f'weeks="{weeks}" terms="1111" '
                f'classroomids="{",".join(asc_id("room" + r) for r in lesson.rooms)}"/>'
            )
    out.append("</cards>")
    out.append("</timetable>")
    return "\r\n".join(out).encode("windows-1251")


MON, TUE, WED, THU, FRI = "10000", "01000", "00100", "00010", "00001"


def tiny_school_export() -> bytes:
    """The tiny school's 5А and 5Б, and a new 6В in the second shift."""
    teachers = [
        Teacher("Числова Мария Андреевна", "Мария", "Числова"),
        Teacher("Инглишева Анна Викторовна", "Анна", "Инглишева"),
        Teacher("Лондонов П. О.", "П.", "Лондонов"),
        Teacher("Бегунов Сергей Викторович", "Сергей", "Бегунов"),
        Teacher("Словесников Иван Ильич", "Иван", "Словесников"),
    ]
    lessons = [
        Lesson(["5А"], "Математика", ["Числова Мария Андреевна"],
               [(MON, 1), (TUE, 1), (WED, 2), (THU, 1)], per_week=4, rooms=["21"]),
        # One lesson per group...
        Lesson(["5А"], "Английский язык", ["Инглишева Анна Викторовна"], [(MON, 3)],
               groups=["5А:1 группа"], per_week=3, rooms=["31"]),
        Lesson(["5А"], "Английский язык", ["Лондонов П. О."], [(MON, 3)],
               groups=["5А:2 группа"], per_week=3, rooms=["32"]),
        # ...or one lesson naming both groups and both teachers.
        Lesson(["5Б"], "Английский язык", ["Инглишева Анна Викторовна", "Лондонов П. О."],
               [(TUE, 4)], groups=["5Б:1 группа", "5Б:2 группа"], per_week=2, rooms=["31", "32"]),
        # A double lesson: two cards on consecutive periods.
        Lesson(["5А"], "Физическая культура", ["Бегунов Сергей Викторович"],
               [(FRI, 4), (FRI, 5)], per_week=2, per_card=2, rooms=["Спортзал"]),
        # The second shift: aSc's period 9 is its 2nd lesson; a double exported as one card.
        Lesson(["6В"], "Математика", ["Числова Мария Андреевна"], [(WED, 9)], per_week=2,
               per_card=2, rooms=["21"]),
        Lesson(["6В"], "Русский язык", ["Словесников Иван Ильич"], [(MON, 8), (THU, 8)],
               per_week=2, rooms=["12"]),
        # Every other week.
        Lesson(["5Б"], "Информатика", ["Бегунов Сергей Викторович"], [(THU, 6)], per_week=0.5,
               rooms=["40"], weeks="10"),
    ]  # fmt: skip
    subjects = ["Математика", "Английский язык", "Физическая культура", "Русский язык",
                "Информатика"]  # fmt: skip
    return export(["5А", "5Б", "6В"], teachers, lessons, subjects)
