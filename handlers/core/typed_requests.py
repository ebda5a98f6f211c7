"""Requests typed as people write them: "оценки по математике", "что задали на среду",
"расписание на 12.12", "завтра", "уроки в пятницу". A day is today, tomorrow, the day after,
a weekday (the coming one) or a date ("12.12", "12.12.2026", "12 декабря"); a date that does
not exist ("31.02") gets an answer that says so, not "Не понял"."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from keyboards.actions.family import (
    HomeworkNext,
    HomeworkWeek,
    MarksBySubject,
    ScheduleDay,
    ScheduleWeek,
)
from keyboards.payloads import Press
from texts import request_phrases
from texts.formatting import MONTHS_GENITIVE

_WORD = re.compile(r"[а-яё]+")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[./-](\d{1,2})(?:[./-](\d{2}|\d{4}))?\b")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_WORDED_DATE = re.compile(r"\b(\d{1,2})\s+([а-яё]{3,})")
_MONTHS = {name[:3]: n for n, name in enumerate(MONTHS_GENITIVE, start=1)}
# Stems: "среда", "среду", "среды"; "пн", "понедельник".
_WEEKDAYS = (
    ("понедельн", "пн"),
    ("вторник", "вт"),
    ("сред", "ср"),
    ("четверг", "чт"),
    ("пятниц", "пт"),
    ("суббот", "сб"),
    ("воскресен", "вс"),
)
_MARKS = ("оценк", "отметк", "балл")
_HOMEWORK = ("задали", "задано", "задают", "дз", "домашк", "домашн", "задани")
_SCHEDULE = ("расписан", "урок", "пары")
_WEEK = ("недел",)
# The months' days, a leap year's February: whether "29.02" exists is the year's business.
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@dataclass(frozen=True)
class SubjectMarks:
    """ "оценки по математике": the words after "по", matched against the pupil's subjects."""

    words: str


@dataclass(frozen=True)
class Refusal:
    """A request understood, but impossible: what to tell the person."""

    text: str


def _has(words: list[str], stems: tuple[str, ...]) -> bool:
    return any(w.startswith(stems) or w in stems for w in words)


def _year_for(day: int, month: int, today: date) -> int:
    """A date without a year: the one nearest to today (December's "10.01" is January's)."""
    candidates = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        return today.year
    return min(candidates, key=lambda d: abs((d - today).days)).year


def _make_date(day: int, month: int, year: int | None, today: date) -> date | Refusal:
    if not 1 <= month <= 12:
        return Refusal(request_phrases.NO_SUCH_MONTH.format(month=month))
    if not 1 <= day <= _MONTH_DAYS[month - 1]:
        return Refusal(request_phrases.no_such_day(day, month, _MONTH_DAYS[month - 1]))
    if year is not None and year < 100:
        year += 2000
    chosen = year if year is not None else _year_for(day, month, today)
    try:
        return date(chosen, month, day)
    except ValueError:  # 29 February of a common year
        return Refusal(request_phrases.NOT_A_LEAP_YEAR.format(year=chosen))


def read_day(text: str, words: list[str], today: date) -> date | Refusal | None:
    """The day a request names, if it names one."""
    if match := _ISO_DATE.search(text):
        return _make_date(int(match[3]), int(match[2]), int(match[1]), today)
    if match := _NUMERIC_DATE.search(text):
        year = int(match[3]) if match[3] else None
        return _make_date(int(match[1]), int(match[2]), year, today)
    if (match := _WORDED_DATE.search(text)) and match[2][:3] in _MONTHS:
        return _make_date(int(match[1]), _MONTHS[match[2][:3]], None, today)
    if "послезавтра" in words:
        return today + timedelta(days=2)
    if "завтра" in words:
        return today + timedelta(days=1)
    if "сегодня" in words:
        return today
    for weekday, (stem, short) in enumerate(_WEEKDAYS):
        if any(w.startswith(stem) or w == short for w in words):
            return today + timedelta(days=(weekday - today.weekday()) % 7)
    return None


def read_request(text: str, today: date) -> Press | SubjectMarks | Refusal | None:
    """A press for what the text asks, a refusal, or None when it asks nothing we know."""
    low = text.casefold().replace("ё", "е")
    words = _WORD.findall(low)
    if not words and not any(ch.isdigit() for ch in low):
        return None
    day = read_day(low, words, today)
    if isinstance(day, Refusal):
        return day
    if _has(words, _MARKS):
        subject = " ".join(words[words.index("по") + 1 :]) if "по" in words else ""
        return SubjectMarks(subject) if subject else MarksBySubject()
    week = _has(words, _WEEK)
    if _has(words, _HOMEWORK) or "задали" in low:
        if week:
            return HomeworkWeek()
        return HomeworkNext(day=day)
    if week and (_has(words, _SCHEDULE) or len(words) <= 2):
        return ScheduleWeek()
    if day is not None and (_has(words, _SCHEDULE) or len(words) <= 3):
        return ScheduleDay(day=day)
    return None
