"""How names, classes, phones and dates written by people become comparable values."""

import re
import unicodedata
from datetime import date, datetime, time

from services.plain_text import shown_text

_SPACES = re.compile(r"\s+")
_CLASS = re.compile(r"^\s*(\d{1,2})\s*[-–—.]?\s*[\"«]?([^\W\d_]{1,2})[\"»]?\s*(?:класс|кл\.?)?\s*$")
_CLASS_WORD_FIRST = re.compile(r"^\s*(\d{1,2})\s*(?:класс|кл\.?)\s*[\"«]?([^\W\d_]{1,2})[\"»]?\s*$")
# A class letter typed on the Latin layout still means the Cyrillic one.
_LATIN_LETTERS = str.maketrans("ABEKMHOPCTXaekmhopctx", "АВЕКМНОРСТХАЕКМНОРСТХ")
_DOTTED_DATE = re.compile(r"^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})\s*(?:г\.?)?\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
MAX_GRADE = 11


def clean(text: str) -> str:
    """Stray, doubled and non-breaking spaces removed, and, as from a chat's input, control
    and invisible format characters (a NUL, a bidi override turning a name around) and VK
    mention markup: a file's names and rooms are read by other people too."""
    return _SPACES.sub(" ", shown_text(text).replace("\u00a0", " ")).strip()


def hidden_characters(text: str) -> bool:
    """Whether clean() drops more than spaces: control or invisible format characters."""
    return any(c not in "\t\n\r" and unicodedata.category(c)[0] == "C" for c in text)


def name_key(text: str) -> str:
    """Case, "ё" and spaces never make two people of one."""
    cleaned = clean(text).casefold().replace("ё", "е")
    return re.sub(r"\s*-\s*", "-", cleaned)


def person_key(last: str, first: str, middle: str) -> str:
    return name_key(f"{last} {first} {middle}")


def split_full_name(text: str) -> tuple[str, str, str] | None:
    """'Иванова Анна Сергеевна' -> its parts; None without at least a surname and a name."""
    parts = clean(text).split(" ")
    if len(parts) < 2:
        return None
    return parts[0], parts[1], " ".join(parts[2:])


def parse_class(text: str) -> tuple[int, str] | None:
    cleaned = clean(text)
    match = _CLASS.match(cleaned) or _CLASS_WORD_FIRST.match(cleaned)
    if match is None:
        return None
    grade, letter = int(match[1]), match[2].translate(_LATIN_LETTERS).upper()
    # Ъ, Ы, Ь never start a class letter: "5Ъ" is a slip of the finger.
    if not 1 <= grade <= MAX_GRADE or not re.fullmatch(r"[А-ЩЭЮЯЁ][А-ЯЁ]?", letter):
        return None
    return grade, letter


def phone_key(text: str) -> str:
    """The last ten digits: +7 (912) 345-67-89, 8 912 345 67 89 and 9123456789 are one phone."""
    digits = re.sub(r"\D", "", text)
    return digits[-10:]


def phone_problem(text: str) -> str | None:
    digits = re.sub(r"\D", "", text)
    if len(digits) < 10 or len(digits) > 12:
        return (
            f"телефон «{clean(text)}» не похож на номер: нужно 10 цифр, например +7 912 345-67-89"
        )
    return None


def email_problem(text: str) -> str | None:
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", clean(text)):
        return f"адрес почты «{clean(text)}» не похож на адрес, например ivanova@mail.ru"
    return None


class BadDate(ValueError):
    pass


def parse_date(value: object) -> date:
    """A date cell, or the ways people type one: 03.02.2015, 3/2/15, 2015-02-03."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = clean(str(value))
    match = _DOTTED_DATE.match(text)
    if match is not None:
        day, month, year = int(match[1]), int(match[2]), int(match[3])
        if year < 100:
            year += 2000 if year <= datetime.now().year % 100 else 1900
    else:
        match = _ISO_DATE.match(text)
        if match is None:
            raise BadDate(f"«{text}» не похоже на дату: напишите, например, 03.02.2015")
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    try:
        return date(year, month, day)
    except ValueError:
        raise BadDate(f"нет такой даты: «{text}»") from None


def class_title(grade: int, letter: str) -> str:
    return f"{grade}{letter}"


_TIME = re.compile(r"^\s*(\d{1,2})[:.\-](\d{2})(?::\d{2})?\s*$")


def parse_time(value: object) -> time:
    """A time cell, or "8:30", "08.30"."""
    if isinstance(value, datetime):
        return value.time()
    if isinstance(value, time):
        return value
    match = _TIME.match(clean(str(value)))
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise BadDate(f"«{clean(str(value))}» не похоже на время: напишите, например, 8:30")
    return time(int(match[1]), int(match[2]))


def parse_grades(text: str) -> frozenset[int] | None:
    """ "1-4, 10, 11" -> those grades; None if it is not a list of grades."""
    grades: set[int] = set()
    text = re.sub(r"\s*[-–—]\s*", "-", clean(text).casefold().replace("классы", ""))
    for part in re.split(r"[,;\s]+", text.strip()):
        part = part.strip()
        if not part:
            continue
        bounds = re.fullmatch(r"(\d{1,2})-(\d{1,2})", part)
        if bounds:
            low, high = int(bounds[1]), int(bounds[2])
        elif part.isdigit():
            low = high = int(part)
        else:
            return None
        if not 1 <= low <= high <= MAX_GRADE:
            return None
        grades.update(range(low, high + 1))
    return frozenset(grades)
