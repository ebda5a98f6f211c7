"""People's names in the cases the texts need ("для Хохловой Л. Н.", "об Алексее"), declined
by pymorphy3, whose dictionary knows Russian first names, surnames and patronymics by gender.

A name comes as it is shown: "Фамилия Имя Отчество", "Фамилия И. О." or a first name alone.
A surname the dictionary does not know is declined as the adjective it looks like
("Луговая" → "Луговой") or left as it is, the way Russian leaves "Шевченко" or "Черных"."""

from enum import StrEnum
from functools import cache

import pymorphy3
from pymorphy3.analyzer import Parse

from db.enums import Gender


class Case(StrEnum):
    """pymorphy3's grammemes of the cases we use."""

    GENITIVE = "gent"  # для кого
    DATIVE = "datv"  # кому
    ACCUSATIVE = "accs"  # кого
    INSTRUMENTAL = "ablt"  # с кем
    PREPOSITIONAL = "loct"  # о ком


class Part(StrEnum):
    SURNAME = "Surn"
    NAME = "Name"
    PATRONYMIC = "Patr"


_GRAMMEME = {Gender.MALE: "masc", Gender.FEMALE: "femn"}
# "об Алексее", "об Ирине", but "о Юлии", "о Евгении": the sound, not the letter.
_VOWEL_SOUNDS = frozenset("АОУЭИЫ")


@cache
def _analyzer() -> pymorphy3.MorphAnalyzer:
    # Loading the dictionary takes a fraction of a second: only when a name is first declined.
    return pymorphy3.MorphAnalyzer()


def guess_gender(*words: str) -> Gender | None:
    """From the patronymic if there is one, else from the first name the dictionary knows."""
    for word in words:
        low = word.casefold()
        if low.endswith(("вич", "ьич", "ич")) and len(low) > 4:
            return Gender.MALE
        if low.endswith(("вна", "чна")) and len(low) > 4:
            return Gender.FEMALE
    for word in words:
        genders = {
            gender
            for parse in _analyzer().parse(word)
            for gender, grammeme in _GRAMMEME.items()
            if _fits(parse, "Name", None) and grammeme in parse.tag
        }
        if len(genders) == 1:
            return genders.pop()
    return None


def _as_written(declined: str, original: str) -> str:
    """pymorphy3 answers in lower case: write it back as the original was."""
    if original.isupper():
        return declined.upper()
    if original[:1].isupper():
        return declined[:1].upper() + declined[1:]
    return declined


def _fits(parse: Parse, tag: str, gender: Gender | None) -> bool:
    return (
        tag in parse.tag
        and "nomn" in parse.tag
        and "plur" not in parse.tag
        and (gender is None or _GRAMMEME[gender] in parse.tag)
    )


def decline_word(word: str, part: Part, case: Case, gender: Gender | None) -> str:
    if not word or word.endswith("."):  # an initial stays as it is
        return word
    if "-" in word and part == Part.SURNAME:  # Римский-Корсаков: both halves decline
        return "-".join(decline_word(w, part, case, gender) for w in word.split("-"))
    parses = _analyzer().parse(word)
    chosen = next((p for p in parses if _fits(p, part.value, gender)), None)
    if chosen is None and part == Part.SURNAME:
        # Луговая, Толстой, Троицкий: surnames that are adjectives decline as adjectives.
        chosen = next((p for p in parses if _fits(p, "ADJF", gender)), None)
    if chosen is None and (part == Part.NAME or gender == Gender.MALE):
        # "София", "Кириллов": known to the dictionary only as places, they decline alike.
        chosen = next((p for p in parses if _fits(p, "NOUN", gender)), None)
    if chosen is None:
        if part == Part.SURNAME and gender == Gender.FEMALE:
            return _possessive_feminine(word, case)
        return word
    declined = chosen.inflect({case.value})
    return word if declined is None else _as_written(declined.word, word)


def _possessive_feminine(word: str, case: Case) -> str:
    """Кириллова → Кирилловой: the feminine of a -ов/-ин surname the dictionary lacks (it has
    "Кириллова" only as a town's genitive) declines like every one it has."""
    if word.casefold().endswith(("ова", "ева", "ёва", "ина", "ына")) and case != Case.ACCUSATIVE:
        return word[:-1] + "ой"
    return word


def decline_name(name: str, case: Case, gender: Gender | str | None = None) -> str:
    """The name as shown, in the case: "Хохлова Л. Н." → "Хохловой Л. Н.", "Алексей" →
    "Алексее". One word is a first name; more are surname, first name, patronymic."""
    words = name.split()
    if not words:
        return name
    known = Gender(gender) if gender else None
    if len(words) == 1:
        known = known or guess_gender(words[0])
        return decline_word(words[0], Part.NAME, case, known)
    known = known or guess_gender(*words[1:]) or _gender_of_surname(words[0])
    parts = (Part.SURNAME, Part.NAME, Part.PATRONYMIC)
    declined = [decline_word(w, p, case, known) for w, p in zip(words, parts, strict=False)]
    return " ".join(declined + words[len(parts) :])


def gender_of(full_name: str) -> Gender | None:
    """For someone whose gender the journal lacks: from "Фамилия Имя Отчество" as written."""
    words = full_name.split()
    if not words:
        return None
    return guess_gender(*words[1:]) or _gender_of_surname(words[0])


def _gender_of_surname(surname: str) -> Gender | None:
    if surname.casefold().endswith(("ова", "ева", "ёва", "ина", "ына", "ая")):
        return Gender.FEMALE
    if surname.casefold().endswith(("ов", "ев", "ёв", "ин", "ын", "ий", "ой")):
        return Gender.MALE
    return None


def about(name: str, gender: Gender | str | None = None) -> str:
    """ "об Алексее", "о Марии Ивановой": the preposition о/об with the prepositional case."""
    declined = decline_name(name, Case.PREPOSITIONAL, gender)
    preposition = "об" if declined[:1].upper() in _VOWEL_SOUNDS else "о"
    return f"{preposition} {declined}"


def gendered(gender: Gender | str | None, male: str, female: str) -> str:
    """ "ученик"/"ученица", "опоздал"/"опоздала"; the masculine when unknown, as forms do."""
    return female if gender == Gender.FEMALE or gender == "f" else male


def lemmas(text: str) -> set[str]:
    """The dictionary forms of the words: "по русскому" → {"по", "русский"}."""
    found = set()
    for word in text.casefold().replace("ё", "е").split():
        found.add(word)
        found.update(p.normal_form.replace("ё", "е") for p in _analyzer().parse(word)[:3])
    return found
