"""Which school subject typed words name: "математике", "по русскому", "физре", "англ"."""

from texts.declension import lemmas

# What people call subjects besides their names' own words.
ALIASES = {
    "физкультура": "физическая",
    "физра": "физическая",
    "физре": "физическая",
    "физ-ра": "физическая",
    "матем": "математика",
    "матеша": "математика",
    "англ": "английский",
    "английский": "иностранный",
    "инглиш": "английский",
    "лит-ра": "литература",
    "литра": "литература",
    "чтение": "литературное",
    "окружайка": "окружающий",
    "изо": "изобразительное",
    "информатика": "информатика",
    "обж": "безопасности",
}
SHORTEST_STEM = 3


def _matches(forms: set[str], subject_words: set[str]) -> bool:
    for form in forms:
        alias = ALIASES.get(form)
        if form in subject_words or (alias is not None and alias in subject_words):
            return True
        if len(form) >= SHORTEST_STEM and any(s.startswith(form) for s in subject_words):
            return True
    return False


def names_subject(subject: str, typed: str) -> bool:
    """True when every typed word of three letters or more is a word of the subject's name
    (in any form, or its first letters: "матем", "информ") or a usual alias of it."""
    subject_words = lemmas(subject.replace("(", " ").replace(")", " "))
    typed_words = [w for w in typed.casefold().replace("ё", "е").split() if len(w) >= 3]
    if not typed_words:
        return False
    return all(_matches(lemmas(word), subject_words) for word in typed_words)
