"""Names declined as Russian declines them: every name of the demo school in the cases the
texts use ("для Хохловой Л. Н.", "об Алексее", "Ответ для Иванова Сергея"), the pupil's gender
where the words differ ("ученица", "опоздала"), and no phrase said twice."""

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from db.demo import build_demo
from db.demo.names import INVARIANT
from db.engine import make_session_factory
from db.enums import Gender, InviteRole
from db.models import Person
from texts import notification_phrases
from texts.declension import Case, about, decline_name, guess_gender
from texts.formatting import with_reason
from texts.phrases import role_name

USED = (Case.GENITIVE, Case.DATIVE, Case.PREPOSITIONAL)
# Endings by case, as a grammar book gives them: (nominative ending, gent, datv, loct).
MASCULINE_SURNAME = [
    (("ский", "цкий"), ("ого", "ому", "ом"), 2),
    (("ой",), ("ого", "ому", "ом"), 2),
    (("ов", "ев", "ёв", "ин", "ын", "ук", "ук"), ("а", "у", "е"), 0),
]
FEMININE_SURNAME = [
    (("ская", "цкая", "ая"), ("ой", "ой", "ой"), 2),
    (("ова", "ева", "ёва", "ина", "ына"), ("ой", "ой", "ой"), 1),
]


def expected_surname(surname: str, gender: Gender, case: Case) -> str:
    if surname in INVARIANT or surname.endswith(("ых", "их", "ко")):
        return surname
    table = MASCULINE_SURNAME if gender == Gender.MALE else FEMININE_SURNAME
    for endings, by_case, cut in table:
        if surname.endswith(endings):
            stem = surname[: len(surname) - cut] if cut else surname
            return stem + by_case[USED.index(case)]
    return surname  # Кравчук for a woman


def expected_patronymic(middle: str, case: Case) -> str:
    if middle.endswith("ич"):  # Иванович, Ильич
        return middle + ("а", "у", "е")[USED.index(case)]
    return middle[:-1] + ("ы", "е", "е")[USED.index(case)]  # Ивановна, Ильинична


async def test_every_name_of_the_demo_school_in_the_cases_the_texts_use(
    engine: AsyncEngine,
) -> None:
    await build_demo(make_session_factory(engine), pupils=150, seed=7, today=date(2026, 11, 18))
    async with make_session_factory(engine)() as session:
        people = (await session.scalars(select(Person))).all()
    assert len(people) > 300
    assert all(p.gender is not None for p in people)
    wrong = []
    for p in people:
        assert p.gender is not None
        # The stored gender agrees with what the name says.
        assert guess_gender(p.middle_name) == p.gender, p.full_name
        for case in USED:
            full = decline_name(p.full_name, case, p.gender).split()
            short = decline_name(p.short_name, case, p.gender)
            want = expected_surname(p.last_name, p.gender, case)
            if full[0] != want or full[2] != expected_patronymic(p.middle_name, case):
                wrong.append((p.full_name, case.value, " ".join(full)))
            if short != p.short_name.replace(p.last_name, want, 1):
                wrong.append((p.short_name, case.value, short))
            # The first name: never left in the nominative, always capitalised.
            first = decline_name(p.first_name, case, p.gender)
            if first == p.first_name or not first[0].isupper() or first != full[1]:
                wrong.append((p.first_name, case.value, first))
    assert wrong == []


@pytest.mark.parametrize(
    ("name", "gender", "case", "declined"),
    [
        ("Хохлова Л. Н.", None, Case.GENITIVE, "Хохловой Л. Н."),
        ("Толстой С. А.", None, Case.GENITIVE, "Толстого С. А."),
        ("Шевченко В. П.", Gender.FEMALE, Case.GENITIVE, "Шевченко В. П."),
        ("Кравчук Пётр Ильич", Gender.MALE, Case.DATIVE, "Кравчуку Петру Ильичу"),
        ("Кравчук Злата Петровна", Gender.FEMALE, Case.DATIVE, "Кравчук Злате Петровне"),
        ("Иванов Сергей", None, Case.GENITIVE, "Иванова Сергея"),
        ("Луговая Любовь Игоревна", None, Case.GENITIVE, "Луговой Любови Игоревны"),
        ("София", Gender.FEMALE, Case.PREPOSITIONAL, "Софии"),
        ("Лев", Gender.MALE, Case.GENITIVE, "Льва"),
    ],
)
def test_names_as_the_texts_show_them(
    name: str, gender: Gender | None, case: Case, declined: str
) -> None:
    assert decline_name(name, case, gender) == declined


def test_about_takes_ob_before_a_vowel_sound() -> None:
    assert about("Алексей", Gender.MALE) == "об Алексее"
    assert about("Ирина") == "об Ирине"
    assert about("Юлия", Gender.FEMALE) == "о Юлии"
    assert about("Евгений") == "о Евгении"
    assert about("Иванов Иван") == "об Иванове Иване"
    assert about("Петрова Анна") == "о Петровой Анне"


def test_girls_are_pupils_in_the_feminine() -> None:
    assert role_name(InviteRole.PUPIL, Gender.FEMALE) == "ученица"
    assert role_name(InviteRole.PUPIL, Gender.MALE) == "ученик"
    assert role_name(InviteRole.PUPIL, None) == "ученик"
    # Imported without a gender: the name tells.
    assert role_name(InviteRole.PUPIL, None, "Петрова Анна") == "ученица"
    assert role_name(InviteRole.PUPIL, None, "Кравчук Злата Петровна") == "ученица"
    assert role_name(InviteRole.PUPIL, None, "Иванов Иван") == "ученик"
    line = notification_phrases.late("Маша (5А)", 2, "Математика", Gender.FEMALE)
    assert line.startswith("Маша (5А) опоздала на 2-й урок")
    assert "опоздал на" in notification_phrases.late("Петя (5А)", 2, "Математика", Gender.MALE)


def test_a_reason_that_names_the_status_is_not_said_twice() -> None:
    assert with_reason("опоздание", "Опоздание на 10 минут") == "опоздание на 10 минут"
    assert with_reason("пропуск", "ездили к врачу") == "пропуск — ездили к врачу"
    assert with_reason("пропуск", None) == "пропуск"
