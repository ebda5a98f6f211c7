"""A handful of notices on the board: for the school, for a grade, for one class."""

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from db.demo.plan import ClassPlan, SchoolPlan
from db.demo.rows import Ids, RowSet
from db.enums import AnnouncementScope
from db.models import Announcement


def _next_weekday(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7 or 7)


# author, scope, grade, class, (parents, pupils, staff), title, text, days ago
Notice = tuple[
    int, AnnouncementScope, int | None, int | None, tuple[bool, bool, bool], str, str, int
]


def announcements(plan: SchoolPlan, ids: Ids, today: date, rng: random.Random) -> RowSet:
    zone = ZoneInfo(plan.timezone)
    classes = sorted(plan.classes, key=lambda c: (c.grade, c.letter))
    fifth: ClassPlan | None = next((c for c in classes if c.grade == 5), None)
    deputy, director = plan.deputy_ids[0], plan.director_id
    thursday = _next_weekday(today, 3)
    friday = _next_weekday(today, 4)
    holidays = [h for h in plan.calendar.holidays if h.starts_on > today]
    notices: list[Notice] = [
        (director, AnnouncementScope.SCHOOL, None, None, (True, False, True),
         "Общешкольное родительское собрание",
         f"{thursday:%d.%m} в 18:30 в актовом зале: итоги четверти, питание, безопасность "
         "детей на дорогах. Явка обязательна.", 3),
        (deputy, AnnouncementScope.SCHOOL, None, None, (True, True, True),
         "Сокращённые уроки",
         f"{friday:%d.%m} уроки по 30 минут в связи с проведением педагогического совета. "
         "Расписание звонков изменится для обеих смен.", 1),
        (deputy, AnnouncementScope.SCHOOL, None, None, (False, False, True),
         "Педагогический совет",
         f"{friday:%d.%m} в 14:00 педсовет. Заполнить журналы и проверить итоговые отметки.", 1),
        (deputy, AnnouncementScope.GRADE, 9, None, (True, True, False),
         "Пробный ОГЭ по математике",
         f"{_next_weekday(today, 2):%d.%m} пробный экзамен, начало в 9:00. При себе: "
         "чёрная гелевая ручка, линейка, паспорт.", 2),
        (deputy, AnnouncementScope.GRADE, 7, None, (True, True, False),
         "Экскурсия в краеведческий музей",
         "Экскурсия для 7-х классов по теме «Быт и промыслы родного края». Сбор у школы "
         "в 9:30, стоимость билета 150 рублей.", 4),
    ]  # fmt: skip
    if holidays:
        h = holidays[0]
        notices.append((director, AnnouncementScope.SCHOOL, None, None, (True, True, True),
                        h.name, f"С {h.starts_on:%d.%m} по {h.ends_on:%d.%m}. Хорошего отдыха!",
                        5))  # fmt: skip
    if fifth is not None and fifth.class_teacher_id:
        notices.append((fifth.class_teacher_id, AnnouncementScope.CLASS, None, fifth.id,
                        (True, False, False), f"Родительское собрание {fifth.title} класса",
                        f"{_next_weekday(today, 1):%d.%m} в 18:00, кабинет {fifth.home_room}. "
                        "Обсудим поездку в театр и успеваемость.", 1))  # fmt: skip
    rows = RowSet()
    for author, scope, grade, class_id, (parents, pupils, staff), title, text, ago in notices:
        published = datetime.combine(today - timedelta(days=ago), time(9, rng.randint(0, 59)))
        rows.add(Announcement, {
            "id": ids.next(Announcement), "school_id": plan.school_id, "author_id": author,
            "scope": scope, "grade": grade, "class_id": class_id, "to_guardians": parents,
            "to_pupils": pupils, "to_staff": staff, "title": title, "text": text,
            "published_at": published.replace(tzinfo=zone).astimezone(UTC),
        })  # fmt: skip
    return rows
