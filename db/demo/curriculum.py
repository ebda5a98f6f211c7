"""Subjects and weekly hours of grades 1-11 after the federal curricula (ФОП НОО, ООО, СОО).

Grades 1-4 follow the federal plan of a five-day week. Grades 5-11 study six days a week:
the obligatory part of the federal plan plus the hours of the part formed by the school
(here: extra Russian, mathematics and a third hour of physical education). Grades 10-11
follow the universal profile with mathematics at the advanced level.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class SubjectInfo:
    code: str
    name: str
    short: str
    specialty: str
    marked: bool = True
    allows_exemption: bool = False
    split: bool = False  # taught in two subgroups, each with its own teacher and room


SUBJECTS: dict[str, SubjectInfo] = {
    s.code: s
    for s in (
        SubjectInfo("rus", "Русский язык", "Рус. яз.", "rus"),
        SubjectInfo("read", "Литературное чтение", "Лит. чт.", "rus"),
        SubjectInfo("lit", "Литература", "Лит-ра", "rus"),
        SubjectInfo("eng", "Иностранный язык (английский)", "Англ. яз.", "eng", split=True),
        SubjectInfo("math", "Математика", "Матем.", "math"),
        SubjectInfo("alg", "Алгебра", "Алгебра", "math"),
        SubjectInfo("alg_an", "Алгебра и начала математического анализа", "Алг. и н. а.", "math"),
        SubjectInfo("geom", "Геометрия", "Геом.", "math"),
        SubjectInfo("prob", "Вероятность и статистика", "Вер. и стат.", "math"),
        SubjectInfo("inf", "Информатика", "Информ.", "inf"),
        SubjectInfo("env", "Окружающий мир", "Окр. мир", "primary"),
        SubjectInfo(
            "orkse", "Основы религиозных культур и светской этики", "ОРКСЭ", "primary", marked=False
        ),
        SubjectInfo(
            "odnknr", "Основы духовно-нравственной культуры народов России", "ОДНКНР", "hist"
        ),
        SubjectInfo("hist", "История", "История", "hist"),
        SubjectInfo("soc", "Обществознание", "Общество", "hist"),
        SubjectInfo("geo", "География", "Геогр.", "geo"),
        SubjectInfo("bio", "Биология", "Биол.", "bio"),
        SubjectInfo("phys", "Физика", "Физика", "phys"),
        SubjectInfo("chem", "Химия", "Химия", "chem"),
        SubjectInfo("art", "Изобразительное искусство", "ИЗО", "art"),
        SubjectInfo("music", "Музыка", "Музыка", "music"),
        SubjectInfo("tech", "Труд (технология)", "Труд", "tech"),
        SubjectInfo("pe", "Физическая культура", "Физ-ра", "pe", allows_exemption=True),
        SubjectInfo("obzr", "Основы безопасности и защиты Родины", "ОБЗР", "obzr"),
        SubjectInfo("project", "Индивидуальный проект", "Инд. проект", "project"),
    )
}

_PRIMARY_1 = {"rus": 5, "read": 4, "math": 4, "env": 2, "art": 1, "music": 1, "tech": 1, "pe": 2}
_PRIMARY_2_3 = {**_PRIMARY_1, "eng": 2}
_PRIMARY_4 = {**_PRIMARY_2_3, "orkse": 1}
_SENIOR = {
    "rus": 3, "lit": 3, "eng": 3, "alg_an": 4, "geom": 3, "prob": 1, "inf": 1, "hist": 2,
    "soc": 2, "geo": 1, "phys": 3, "chem": 1, "bio": 1, "pe": 3, "obzr": 1,
}  # fmt: skip

WEEKLY_HOURS: dict[int, dict[str, int]] = {
    1: _PRIMARY_1,
    2: _PRIMARY_2_3,
    3: _PRIMARY_2_3,
    4: _PRIMARY_4,
    5: {"rus": 6, "lit": 3, "eng": 3, "math": 6, "hist": 2, "geo": 1, "bio": 1, "odnknr": 1,
        "art": 1, "music": 1, "tech": 2, "pe": 3},
    6: {"rus": 6, "lit": 3, "eng": 3, "math": 6, "hist": 2, "soc": 1, "geo": 1, "bio": 1,
        "odnknr": 1, "art": 1, "music": 1, "tech": 2, "pe": 3},
    7: {"rus": 5, "lit": 2, "eng": 3, "alg": 4, "geom": 2, "prob": 1, "inf": 1, "hist": 2,
        "soc": 1, "geo": 2, "phys": 2, "bio": 1, "art": 1, "music": 1, "tech": 2, "pe": 3},
    8: {"rus": 4, "lit": 2, "eng": 3, "alg": 4, "geom": 2, "prob": 1, "inf": 1, "hist": 2,
        "soc": 1, "geo": 2, "phys": 2, "chem": 2, "bio": 2, "music": 1, "tech": 1, "obzr": 1,
        "pe": 3},
    9: {"rus": 4, "lit": 3, "eng": 3, "alg": 4, "geom": 2, "prob": 1, "inf": 1, "hist": 2,
        "soc": 1, "geo": 2, "phys": 3, "chem": 2, "bio": 2, "tech": 1, "obzr": 1, "pe": 3},
    10: {**_SENIOR, "project": 1},
    11: _SENIOR,
}  # fmt: skip

# Subjects a primary class teacher gives to her own class; the rest go to specialists.
PRIMARY_TEACHER_SUBJECTS = frozenset({"rus", "read", "math", "env", "art", "tech", "orkse"})

# Sanitary rules (СанПиН 1.2.3685-21): the most lessons a day.
_MAX_LESSONS = {1: 5, 2: 5, 3: 5, 4: 5, 5: 6, 6: 6}
DEFAULT_MAX_LESSONS = 7


def days_per_week(grade: int) -> int:
    return 5 if grade <= 4 else 6


def max_lessons_per_day(grade: int) -> int:
    return _MAX_LESSONS.get(grade, DEFAULT_MAX_LESSONS)


def specialty(code: str, grade: int) -> str:
    """Who teaches the subject: in grades 1-4 the class teacher for most of them."""
    if grade <= 4 and code in PRIMARY_TEACHER_SUBJECTS:
        return "primary"
    return SUBJECTS[code].specialty


def daily_counts(grade: int) -> list[int]:
    """Lessons per weekday (Mon first): the heaviest days mid-week, Saturday the lightest."""
    days = days_per_week(grade)
    total = sum(WEEKLY_HOURS[grade].values())
    base, extra = divmod(total, days)
    counts = [base] * days
    for day in (1, 2, 3, 0, 4, 5)[:extra]:
        counts[day] += 1
    if max(counts) > max_lessons_per_day(grade):
        raise ValueError(f"grade {grade}: {total} hours do not fit in {days} days")
    return counts
