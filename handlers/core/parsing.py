"""What an incoming event asks for: a button's payload, a command, a menu label, or free text."""

import re
from dataclasses import dataclass
from datetime import date

from handlers.core.io import Incoming
from handlers.core.typed_requests import Refusal, SubjectMarks, read_request
from keyboards.actions.family import (
    Announcements,
    Attendance,
    Children,
    ConsentNo,
    ConsentYes,
    Forget,
    ForgetYes,
    Help,
    HomeworkNext,
    HomeworkWeek,
    Marks,
    MarksBySubject,
    MarksFinal,
    Menu,
    MyQuestions,
    ScheduleDay,
    ScheduleWeek,
    Settings,
    Unlink,
    UnlinkYes,
    WriteTeacher,
)
from keyboards.actions.health import HealthClasses
from keyboards.actions.reports import Reports
from keyboards.actions.settings import Notify
from keyboards.actions.staff import (
    Announce,
    ChangeDay,
    Finals,
    Inbox,
    Lessons,
    MyClass,
    Now,
    Roster,
    StaffDay,
    StaffHome,
)
from keyboards.payloads import Press, unpack
from texts import health_phrases, phrases, report_phrases, settings_phrases, staff_phrases

COMMANDS: dict[str, Press] = {
    "menu": Menu(),
    "help": Help(),
    "marks": Marks(),
    "homework": HomeworkNext(),
    "schedule": ScheduleDay(),
    "week": ScheduleWeek(),
    "attendance": Attendance(),
    "news": Announcements(),
    "children": Children(),
    "settings": Settings(),
    "unlink": Unlink(),
    "forget": Forget(),
    "lessons": StaffDay(),
}
_LABELS: dict[Press, tuple[str, ...]] = {
    Menu(): (phrases.TO_MENU, "меню", "главное меню", "назад", phrases.CANCEL, "начало"),
    Help(): (phrases.HELP, "справка", "help", "что ты умеешь"),
    Marks(): (phrases.MARKS, phrases.MARKS_RECENT, "последние оценки", "отметки"),
    MarksBySubject(): (phrases.MARKS_BY_SUBJECT, "средний балл", "прогноз"),
    MarksFinal(): (phrases.MARKS_FINAL, "итоговые оценки", "четвертные"),
    HomeworkNext(): (phrases.HOMEWORK, phrases.HOMEWORK_NEXT, "дз", "домашка", "задание"),
    HomeworkWeek(): (phrases.HOMEWORK_WEEK, "дз на неделю"),
    ScheduleDay(): (phrases.SCHEDULE, phrases.TODAY, "уроки", "расписание на сегодня"),
    ScheduleWeek(): (phrases.WEEK, "расписание на неделю"),
    Attendance(): (phrases.ATTENDANCE, "пропуски", "опоздания"),
    Announcements(): (phrases.ANNOUNCEMENTS, "новости"),
    Children(): (phrases.CHILDREN, "дети", "сменить ребёнка"),
    Settings(): (phrases.SETTINGS,),
    Notify(): (settings_phrases.NOTIFICATIONS, *settings_phrases.NOTIFICATIONS_TYPED),
    ConsentYes(): (phrases.AGREE, "согласна", "я согласен", "я согласна"),
    ConsentNo(): (phrases.DISAGREE, "не согласна"),
    Unlink(): (phrases.UNLINK, "отвязать"),
    UnlinkYes(): (phrases.CONFIRM_UNLINK,),
    Forget(): (phrases.FORGET, "удалить мои данные"),
    ForgetYes(): (phrases.CONFIRM_FORGET,),
    StaffDay(): (phrases.MY_SCHEDULE, "мои уроки"),
    StaffHome(): (staff_phrases.STAFF_HOME, "для сотрудника"),
    Now(): (staff_phrases.NOW, "урок сейчас", "текущий урок"),
    Lessons(): (staff_phrases.LESSONS, "уроки сегодня"),
    Finals(): (staff_phrases.FINALS,),
    MyClass(): (staff_phrases.MY_CLASS, "классное руководство"),
    Inbox(): (staff_phrases.INBOX, "вопросы"),
    Announce(): (staff_phrases.ANNOUNCE, "новое объявление"),
    ChangeDay(): (staff_phrases.CHANGES, "замена", "замены"),
    WriteTeacher(): (staff_phrases.WRITE_TEACHER, "написать классному руководителю"),
    MyQuestions(): (staff_phrases.MY_QUESTIONS,),
    Reports(): (report_phrases.REPORTS, "отчет"),
    Roster(): (staff_phrases.ROSTER,),
    HealthClasses(): (health_phrases.HEALTH_SHEET, "группы здоровья"),
}
# Labels a family's menu and the staff's share ("Итоговые оценки"): typed by someone with no
# staff menu, they mean the family's page.
FOR_FAMILY: dict[Press, Press] = {Finals(): MarksFinal()}
_PAGES = {phrases.PREV_WEEK: -1, "◀": -1, phrases.NEXT_WEEK: 1, "▶": 1}
_NOT_WORD = re.compile(r"[^\w]+")


def normalized(text: str) -> str:
    return " ".join(_NOT_WORD.sub(" ", text.casefold().replace("ё", "е")).split())


LABELS = {normalized(label): press for press, labels in _LABELS.items() for label in labels}
PAGES = {label.strip(): step for label, step in _PAGES.items()} | {
    normalized(label): step for label, step in _PAGES.items() if normalized(label)
}


@dataclass(frozen=True)
class Parsed:
    press: Press | None = None
    start: bool = False
    argument: str | None = None  # /start's, e.g. an invite code from a deep link
    page: int = 0  # ◀ or ▶ typed: a week back or forward
    text: str = ""  # free text as typed
    stale: bool = False  # a button this conversation cannot (or no longer) read
    # Typed words understood without a press: marks of one subject, or an impossible date.
    request: SubjectMarks | Refusal | None = None


def parse(incoming: Incoming, today: date) -> Parsed:
    if incoming.payload is not None:
        press = unpack(incoming.payload)
        return Parsed(press=press) if press is not None else Parsed(stale=True)
    raw = (incoming.text or "").strip()
    if raw.startswith("/"):
        command, _, rest = raw[1:].partition(" ")
        name = command.split("@", 1)[0].casefold()
        if name == "start":
            return Parsed(start=True, argument=rest.strip() or None)
        if name in COMMANDS:
            return Parsed(press=COMMANDS[name])
    text = normalized(raw)
    if text in LABELS:
        return Parsed(press=LABELS[text])
    step = PAGES.get(raw) or PAGES.get(text)
    if step:
        return Parsed(page=step)
    request = read_request(raw, today)
    if isinstance(request, Press):
        return Parsed(press=request, text=raw)
    return Parsed(text=raw, request=request)
