"""Which column is which, by its Russian header, in any order, with typos forgiven and told."""

import difflib
import re
from dataclasses import dataclass

from services.school_import.normalize import clean

# (field, the stems that name it), the first that fits wins: "ФИО учителя" is a name.
FIELD_STEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("skip", ("№", "п п", "номер п")),
    ("unmarked", ("без отмет", "безотмет")),
    ("year", ("учебный год",)),
    ("timezone", ("часовой пояс", "пояс")),
    ("school", ("школ",)),
    ("number", ("урок",)),
    ("birth_date", ("дата рожд", "рожден", "д р")),
    ("gender", ("пол",)),
    ("relation", ("кем приход", "родств", "статус")),
    ("phone", ("телефон", "тел", "моб")),
    ("email", ("почт", "mail")),
    ("full_name", ("фио", "ф и о", "фамилия имя")),
    ("last_name", ("фамили",)),
    ("middle_name", ("отчеств",)),
    ("first_name", ("имя",)),
    ("class_led", ("классное руковод", "классный руковод", "кл рук")),
    ("position", ("должност",)),
    ("subject", ("предмет", "дисциплин")),
    ("subgroup", ("подгрупп", "группа")),
    ("hours", ("часов", "часы", "нагрузк")),
    ("teacher", ("учител", "преподават", "педагог")),
    ("pupil", ("ученик", "обучающ")),
    ("class", ("класс",)),
    ("starts_on", ("начал", "с даты")),
    ("ends_on", ("конец", "оконч", "по дату")),
    ("name", ("название", "наименование")),
    ("kind", ("вид",)),
    ("grades", ("параллел",)),
    ("shift", ("смена",)),
    ("weekday", ("день",)),
)
GUARDIAN_STEMS = (
    "родител",
    "представител",
    "матер",
    "мать",
    "мама",
    "отец",
    "отца",
    "папа",
    "опекун",
    "законн",
)
RELATION_BY_STEM = {
    "матер": "мать",
    "мать": "мать",
    "мама": "мать",
    "отец": "отец",
    "отца": "отец",
    "папа": "отец",
    "опекун": "опекун",
}
VOCABULARY = (
    "дата",
    "рождения",
    "кем",
    "приходится",
    "родство",
    "телефон",
    "почта",
    "фамилия",
    "имя",
    "отчество",
    "класс",
    "классное",
    "руководство",
    "должность",
    "предмет",
    "подгруппа",
    "группа",
    "часов",
    "учитель",
    "преподаватель",
    "родитель",
    "представитель",
    "мать",
    "отец",
    "ученик",
    "начало",
    "конец",
    "название",
    "параллель",
    "смена",
    "урок",
    "отметок",
)


@dataclass(frozen=True)
class Column:
    field: str
    slot: str = ""  # "" for the pupil or the person of the row; "1", "2", "мать"... a guardian
    relation: str = ""  # what the header says the guardian is to the child


def _normal(label: str) -> str:
    text = clean(label).casefold().replace("ё", "е")
    text = re.sub(r"[.,:;/()\-_]+", " ", text)
    return clean(text)


def _padded(text: str) -> str:
    return f" {text} "


def _field(text: str) -> str | None:
    padded = _padded(text)
    return next(
        (
            f
            for f, stems in FIELD_STEMS
            if any(
                # Short stems ("тел", "д р", "имя") must be whole words; long ones may start one.
                (_padded(s) in padded) if len(s) <= 3 else (f" {s}" in padded)
                for s in stems
            )
        ),
        None,
    )


def recognise(label: str, with_guardians: bool, group: str = "") -> Column | None:
    """group: the text of a header cell merged over this one and its neighbours."""
    text = _normal(label)
    if not text:
        return None
    field = _field(text)
    padded = _padded(f"{_normal(group)} {text}")
    guardian = with_guardians and any(f" {s}" in padded for s in GUARDIAN_STEMS)
    if not guardian:
        return None if field is None else Column(field)
    if field is None or field in ("class", "pupil"):
        field = "full_name"  # "Родитель 1" alone heads the guardian's name
    number = re.search(r"\d+", padded)
    relation = next((r for s, r in RELATION_BY_STEM.items() if f" {s}" in padded), "")
    slot = number[0] if number else (relation or "1")
    return Column(field, slot, relation)


def corrected(label: str) -> str | None:
    """The header with its misspelt words put right, if any were."""
    words = _normal(label).split(" ")
    fixed = []
    for word in words:
        match = difflib.get_close_matches(word, VOCABULARY, n=1, cutoff=0.75)
        fixed.append(match[0] if len(word) >= 4 and match else word)
    return " ".join(fixed) if fixed != words else None
