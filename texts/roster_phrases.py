"""What the administrator reads about roster changes undone: a pupil who left admitted again,
a pupil moved back from a wrong class. Shown before (the chat's question, --check) and after."""

from datetime import date

from db.enums import Gender
from services.roster.moves import MovePlan
from services.roster.pupils import Admission
from services.roster.returns import ReturningPupil
from texts.formatting import plural

RETURN_YES = "Да, вернуть"
RETURN_ASK = "Вернуть?"
MOVE_UNDO = "Ошибка, вернуть в {klass}"
CHECK_ONLY = "Это проверка: ничего не изменено."


def _by_gender(gender: Gender | None, male: str, female: str, either: str) -> str:
    return {Gender.MALE: male, Gender.FEMALE: female}.get(gender, either) if gender else either


def _records(marks: int, absences: int) -> str:
    if not marks and not absences:
        return "отметок и пропусков нет"
    parts = []
    if marks:
        parts.append(f"{marks} {plural(marks, ('отметка', 'отметки', 'отметок'))}")
    if absences:
        parts.append(f"{absences} {plural(absences, ('пропуск', 'пропуска', 'пропусков'))}")
    return " и ".join(parts)


def _on(day: date | None) -> str:
    return f" {day:%d.%m.%Y}" if day else ""


def returning(r: ReturningPupil, to_class: str) -> str:
    """Admitting a pupil who left: who comes back, where, with what."""
    g = r.gender
    born = f" ({r.birth_date:%d.%m.%Y})" if r.birth_date else ""
    studied = _by_gender(g, "учился", "училась", "учился(ась)")
    left = _by_gender(g, "выбыл", "выбыла", "выбыл(а)")
    since = f" (с {r.place_since:%d.%m.%Y})" if r.place_since else ""
    where = (
        f"вернётся на прежнее место в {to_class}{since}"
        if r.back_to_place
        else f"вернётся в школу, в {to_class}"
    )
    lines = [
        f"{r.full_name}{born} уже {studied} в школе: {left}{_on(r.left_on)} из {r.left_class}.",
        f"Это тот же ученик, а не новый: {where} со всеми записями "
        f"({_records(r.marks, r.absences)}).",
    ]
    if r.guardians:
        lines.append(f"Родители ({', '.join(r.guardians)}) снова получат доступ.")
    return "\n".join(lines)


def admission(a: Admission) -> str:
    if a.returning is not None:
        return returning(a.returning, a.class_title)
    return f"{a.full_name} будет принят(а) в {a.class_title} с {a.on:%d.%m.%Y}: новый ученик."


def returned(r: ReturningPupil, to_class: str) -> str:
    came = _by_gender(r.gender, "вернулся", "вернулась", "вернулся(ась)")
    where = f"на прежнее место в {to_class}" if r.back_to_place else f"в {to_class}"
    tail = " Новые коды приглашения выдаст классный руководитель." if r.guardians else ""
    return f"{r.full_name} {came} {where} со всеми записями.{tail}"


def move_plan(p: MovePlan) -> str:
    """Before a move: where to, from when, and what happens to each place."""
    if not p.back:
        return (
            f"{p.full_name}: {p.from_class} → {p.to_class} с {p.on:%d.%m.%Y}. Отметки и пропуски "
            f"останутся при ученике; на страницах журнала {p.from_class} он(а) останется "
            "строкой «(выбыл(а))» с теми уроками, что у него (неё) были."
        )
    since = f" (с {p.back_since:%d.%m.%Y})" if p.back_since else ""
    lines = [
        f"{p.full_name}: {p.from_class} → {p.to_class}, возвращение на прежнее место{since}: "
        f"записи в {p.to_class} остаются как были."
    ]
    if p.drops_place:
        lines.append(f"Место в {p.from_class} уберётся: там ничего не записано.")
    else:
        lines.append(
            f"Записи, сделанные в {p.from_class}, сохранятся, и на его страницах ученик "
            "останется строкой «(выбыл(а))»."
        )
    return "\n".join(lines)


def moved_back(p: MovePlan) -> str:
    lines = [f"{p.full_name} снова в {p.to_class}, на прежнем месте: записи остались как были."]
    if p.drops_place:
        lines.append(f"Место в {p.from_class} убрано: там ничего не было записано.")
    return "\n".join(lines)
