"""What an incoming event asks for: a button's payload, a command, a menu label, or free text."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from handlers.core.io import Incoming
from keyboards.payloads import Action, Payload, unpack
from texts import phrases, settings_phrases, staff_phrases

COMMANDS = {
    "menu": Action.MENU,
    "help": Action.HELP,
    "marks": Action.MARKS,
    "homework": Action.HOMEWORK_NEXT,
    "schedule": Action.SCHEDULE_DAY,
    "week": Action.SCHEDULE_WEEK,
    "attendance": Action.ATTENDANCE,
    "news": Action.ANNOUNCEMENTS,
    "children": Action.CHILDREN,
    "settings": Action.SETTINGS,
    "unlink": Action.UNLINK,
    "forget": Action.FORGET,
    "lessons": Action.STAFF_DAY,
}
_LABELS = {
    Action.MENU: (phrases.TO_MENU, "меню", "главное меню", "назад", phrases.CANCEL, "начало"),
    Action.HELP: (phrases.HELP, "справка", "help", "что ты умеешь"),
    Action.MARKS: (phrases.MARKS, phrases.MARKS_RECENT, "последние оценки", "отметки"),
    Action.MARKS_BY_SUBJECT: (phrases.MARKS_BY_SUBJECT, "средний балл", "прогноз"),
    Action.MARKS_FINAL: (phrases.MARKS_FINAL, "итоговые оценки", "четвертные"),
    Action.HOMEWORK_NEXT: (phrases.HOMEWORK, phrases.HOMEWORK_NEXT, "дз", "домашка", "задание"),
    Action.HOMEWORK_WEEK: (phrases.HOMEWORK_WEEK, "дз на неделю"),
    Action.SCHEDULE_DAY: (phrases.SCHEDULE, phrases.TODAY, "уроки", "расписание на сегодня"),
    Action.SCHEDULE_WEEK: (phrases.WEEK, "расписание на неделю"),
    Action.ATTENDANCE: (phrases.ATTENDANCE, "пропуски", "опоздания"),
    Action.ANNOUNCEMENTS: (phrases.ANNOUNCEMENTS, "новости"),
    Action.CHILDREN: (phrases.CHILDREN, "дети", "сменить ребёнка"),
    Action.SETTINGS: (phrases.SETTINGS,),
    Action.NOTIFY: (settings_phrases.NOTIFICATIONS, *settings_phrases.NOTIFICATIONS_TYPED),
    Action.CONSENT_YES: (phrases.AGREE, "согласна", "я согласен", "я согласна"),
    Action.CONSENT_NO: (phrases.DISAGREE, "не согласна"),
    Action.UNLINK: (phrases.UNLINK, "отвязать"),
    Action.UNLINK_YES: (phrases.CONFIRM_UNLINK,),
    Action.FORGET: (phrases.FORGET, "удалить мои данные"),
    Action.FORGET_YES: (phrases.CONFIRM_FORGET,),
    Action.STAFF_DAY: (phrases.MY_SCHEDULE, "мои уроки"),
    Action.STAFF_HOME: (staff_phrases.STAFF_HOME, "для сотрудника"),
    Action.NOW: (staff_phrases.NOW, "урок сейчас", "текущий урок"),
    Action.LESSONS: (staff_phrases.LESSONS, "уроки сегодня"),
    Action.FINALS: (staff_phrases.FINALS,),
    Action.MY_CLASS: (staff_phrases.MY_CLASS, "классное руководство"),
    Action.INBOX: (staff_phrases.INBOX, "вопросы"),
    Action.ANNOUNCE: (staff_phrases.ANNOUNCE, "новое объявление"),
    Action.CHANGE_DAY: (staff_phrases.CHANGES, "замена", "замены"),
    Action.WRITE_TEACHER: (staff_phrases.WRITE_TEACHER, "написать классному руководителю"),
    Action.MY_QUESTIONS: (staff_phrases.MY_QUESTIONS,),
}
_TOMORROW = ("завтра", "расписание на завтра")
_PAGES = {phrases.PREV_WEEK: -1, "◀": -1, phrases.NEXT_WEEK: 1, "▶": 1}
_NOT_WORD = re.compile(r"[^\w]+")


def normalized(text: str) -> str:
    return " ".join(_NOT_WORD.sub(" ", text.casefold().replace("ё", "е")).split())


LABELS = {normalized(label): action for action, labels in _LABELS.items() for label in labels}
PAGES = {label.strip(): step for label, step in _PAGES.items()} | {
    normalized(label): step for label, step in _PAGES.items() if normalized(label)
}


@dataclass(frozen=True)
class Parsed:
    payload: Payload | None = None
    start: bool = False
    argument: str | None = None  # /start's, e.g. an invite code from a deep link
    page: int = 0  # ◀ or ▶ typed: a week back or forward
    text: str = ""  # free text as typed
    stale: bool = False  # a button this conversation cannot (or no longer) read


def parse(incoming: Incoming, today: date) -> Parsed:
    if incoming.payload is not None:
        payload = unpack(incoming.payload)
        return Parsed(payload=payload) if payload is not None else Parsed(stale=True)
    raw = (incoming.text or "").strip()
    if raw.startswith("/"):
        command, _, rest = raw[1:].partition(" ")
        name = command.split("@", 1)[0].casefold()
        if name == "start":
            return Parsed(start=True, argument=rest.strip() or None)
        if name in COMMANDS:
            return Parsed(payload=Payload(COMMANDS[name]))
    text = normalized(raw)
    if text in LABELS:
        return Parsed(payload=Payload(LABELS[text]))
    if text in _TOMORROW:
        return Parsed(payload=Payload(Action.SCHEDULE_DAY, day=today + timedelta(days=1)))
    step = PAGES.get(raw) or PAGES.get(text)
    if step:
        return Parsed(page=step)
    return Parsed(text=raw)
