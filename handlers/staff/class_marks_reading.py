"""Marks typed for the whole class, read in the sheet's terms: one mark ("5": what the next
taps put), the marks in the list's order ("5 4 н 3 ..."), or by surname ("Иванов 5,
Петрова 4"). Nothing is saved here: what was read is shown back for confirmation."""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from services.marks.marking import MARK_VALUES
from services.staff_views import SheetPupil
from texts import class_marks_phrases as say
from texts import formatting, staff_formatting

# "н" (absent) and dashes: no mark for this pupil. "н" records no absence (the roll call does),
# which the read-back says: a teacher may well have meant one.
ABSENT_WORDS = frozenset({"н", "нб"})
NO_MARK = ABSENT_WORDS | {"-", "—", "–", "."}
_PLUS_MINUS = re.compile(r"[1-5]\s*[-+−–]|[-+−–]\s*[1-5]")
_SEPARATORS = re.compile(r"[,;\n]+")
_NAMED = re.compile(
    r"(?P<name>[^\W\d_][\w.\s-]*?)(?:\s+|\s*[-—–:=]\s*)(?P<mark>[1-5]|н|нб)\.?", re.I
)
PUPILS = ("ученик", "ученика", "учеников")
MARKS = ("отметка", "отметки", "отметок")


@dataclass(frozen=True)
class Brush:
    value: int


@dataclass(frozen=True)
class Filled:
    """Pupil -> mark; None: no mark for this pupil (an earlier choice is cleared)."""

    marks: dict[int, int | None]
    # The pupils given "н": left without a mark, their absence not recorded.
    typed_absent: tuple[int, ...] = ()


@dataclass(frozen=True)
class NotRead:
    message: str


Read = Brush | Filled | NotRead


def _plain(text: str) -> str:
    return text.casefold().replace("ё", "е").strip()


def mark_of(token: str) -> int | None:
    """A whole mark typed alone ("5"), else None."""
    token = token.strip()
    return int(token) if token.isdecimal() and int(token) in MARK_VALUES else None


def plus_minus(text: str) -> bool:
    return _PLUS_MINUS.fullmatch(text.strip()) is not None


def read(text: str, pupils: Sequence[SheetPupil]) -> Read:
    text = text.strip()
    single = mark_of(text)
    if single is not None:
        return Brush(single)
    if plus_minus(text):
        return NotRead(say.NO_PLUS_MINUS.format(text=text))
    tokens = [_plain(t) for t in re.split(r"[\s,;]+", text) if t]
    if tokens and all(mark_of(t) is not None or t in NO_MARK for t in tokens):
        return _in_order(tokens, [p for p in pupils if p.may_mark])
    minus = next((t for t in tokens if plus_minus(t)), None)
    if minus is not None:
        return NotRead(say.NO_PLUS_MINUS.format(text=minus))
    return _by_name(text, pupils)


def _in_order(tokens: list[str], markable: list[SheetPupil]) -> Read:
    if len(tokens) != len(markable):
        return NotRead(
            say.COUNT_MISMATCH.format(
                pupils=f"{len(markable)} {formatting.plural(len(markable), PUPILS)}",
                marks=f"{len(tokens)} {formatting.plural(len(tokens), MARKS)}",
            )
        )
    pairs = list(zip(markable, tokens, strict=True))
    absent = tuple(p.id for p, t in pairs if t in ABSENT_WORDS)
    return Filled({p.id: mark_of(t) for p, t in pairs}, absent)


def _by_name(text: str, pupils: Sequence[SheetPupil]) -> Read:
    marks: dict[int, int | None] = {}
    absent: list[int] = []
    wrong: list[str] = []
    for part in (p.strip() for p in _SEPARATORS.split(text)):
        if not part:
            continue
        found = _NAMED.fullmatch(part)
        if found is None:
            wrong.append(say.NO_MARK_IN.format(text=part))
            continue
        who = pupil_named(found.group("name"), pupils)
        if isinstance(who, str):
            wrong.append(who)
        elif not who.may_mark:
            wrong.append(say.ABSENT_PUPIL.format(name=staff_formatting.short(who.full_name)))
        else:
            marks[who.id] = mark_of(found.group("mark"))
            if _plain(found.group("mark")) in ABSENT_WORDS:
                absent.append(who.id)
    if wrong:
        return NotRead(say.NOT_READ.format(parts="; ".join(wrong)) + "\n" + say.HOW_TO_TYPE)
    if not marks:
        return NotRead(say.HOW_TO_TYPE)
    return Filled(marks, tuple(absent))


def pupil_named(name: str, pupils: Sequence[SheetPupil]) -> SheetPupil | str:
    """The pupil named by surname, with a first name or an initial when two share it; else
    what to tell the teacher."""
    words = _plain(name).replace(".", " ").split()
    surname, rest = words[0], words[1:]
    found = [p for p in pupils if _plain(p.full_name).split()[0] == surname]
    if rest:
        found = [p for p in found if _first_matches(p.full_name, rest[0])]
    if len(found) == 1:
        return found[0]
    if not found:
        return say.UNKNOWN_PUPIL.format(text=name.strip())
    example = f"{found[0].full_name.split()[0]} {found[0].full_name.split()[1]} 5"
    return say.AMBIGUOUS_PUPIL.format(text=name.strip(), example=example)


def _first_matches(full_name: str, typed: str) -> bool:
    parts = _plain(full_name).split()
    return len(parts) > 1 and parts[1].startswith(typed)
