"""What each lesson is about: its topic, the kind of work done, and the homework set."""

import random
import zlib
from dataclasses import dataclass

from db.demo.topics_data import TOPICS
from db.demo.topics_more import LAB_WORKS, MORE_TOPICS, PRACTICAL_WORKS

WEEKS_IN_YEAR = 34
CONTROL_EVERY_MINOR = 8
_ALIASES = {"alg": "math", "alg_an": "math"}
_ALL = {**TOPICS, **MORE_TOPICS}
_CONTROLLED = frozenset(
    ("rus", "lit", "eng", "math", "alg", "alg_an", "geom", "prob", "inf", "hist", "soc", "geo",
     "bio", "phys", "chem", "read", "env", "obzr")
)  # fmt: skip
_INDEPENDENT = frozenset({"rus", "math", "alg", "alg_an", "geom", "phys", "chem"})
_PRACTICAL_ONLY = frozenset({"art", "music", "tech"})
HOMEWORK_SHARE = {"pe": 0.0, "art": 0.2, "music": 0.15, "tech": 0.2, "orkse": 0.3, "project": 0.5}
DEFAULT_HOMEWORK_SHARE = 0.88
_VARIANTS = {
    "math": ("{t}", "{t}. Решение задач", "{t}. Закрепление"),
    "rus": ("{t}", "{t}. Упражнения", "{t}. Закрепление изученного"),
    "lit": ("{t}", "{t}: герои и проблематика", "{t}: анализ эпизода"),
    "eng": ("{t}: лексика", "{t}: грамматика", "{t}: чтение и говорение"),
}


@dataclass(frozen=True)
class LessonPlan:
    topic: str
    kind: str  # lesson, control, lab, practical, independent, test
    paragraph: int


def _items(text: str) -> list[str]:
    return [t.strip() for t in text.split(";") if t.strip()]


def topics_for(code: str, grade: int) -> list[str]:
    bands = _ALL.get(_ALIASES.get(code, code), {})
    fitting = [g for g in bands if g <= grade] or sorted(bands)[:1]
    if not fitting:
        return ["Вводный урок", "Повторение изученного"]
    return _items(bands[max(fitting)])


def _titled(kind_list: dict[str, str], code: str, number: int) -> str:
    titles = _items(kind_list[code])
    return titles[(number - 1) % len(titles)]


def lesson_plan(
    code: str, grade: int, seq: int, hours: int, allow_control: bool = True
) -> LessonPlan:
    """seq: the lesson's number within the school year for this class and subject, from 0.

    allow_control=False: the class already writes a control work that day (one a day at most).
    """
    topics = topics_for(code, grade)
    year_lessons = max(1, hours * WEEKS_IN_YEAR)
    index = min(len(topics) - 1, seq * len(topics) // year_lessons)
    topic = topics[index]
    paragraph = 1 + seq * min(40, hours * 10) // year_lessons
    # Main subjects write a control work every three or four weeks, the others once a quarter.
    control_every = round(hours * 3.5) if hours >= 3 else max(CONTROL_EVERY_MINOR, hours * 8)
    if code == "pe" and seq % 8 == 7:
        return LessonPlan(f"Сдача нормативов: {topic.lower()}", "test", paragraph)
    if code in _PRACTICAL_ONLY and code in PRACTICAL_WORKS and seq % 4 == 3:
        return LessonPlan(_titled(PRACTICAL_WORKS, code, seq // 4 + 1), "practical", paragraph)
    # A per-subject phase keeps a class from writing several control works on one day.
    phase = zlib.crc32(code.encode()) % control_every
    due = (seq + phase) % control_every == control_every - 1
    if code in _CONTROLLED and due and not allow_control:
        return LessonPlan(f"{topic}. Подготовка к контрольной работе", "lesson", paragraph)
    if code in _CONTROLLED and due:
        number = (seq + phase) // control_every + 1
        if code == "rus":
            return LessonPlan(f"Контрольный диктант № {number} по теме «{topic}»", "control", 0)
        if code == "lit":
            return LessonPlan(f"Сочинение по теме «{topic}»", "control", paragraph)
        return LessonPlan(f"Контрольная работа № {number} по теме «{topic}»", "control", paragraph)
    if code in LAB_WORKS and seq % 5 == 2:
        number = seq // 5 + 1
        title = _titled(LAB_WORKS, code, number)
        return LessonPlan(f"Лабораторная работа № {number} «{title}»", "lab", paragraph)
    if code in PRACTICAL_WORKS and code not in _PRACTICAL_ONLY and seq % 5 == 2:
        number = seq // 5 + 1
        title = _titled(PRACTICAL_WORKS, code, number)
        return LessonPlan(f"Практическая работа № {number} «{title}»", "practical", paragraph)
    if code in _INDEPENDENT and seq % 6 == 4:
        return LessonPlan(f"{topic}. Самостоятельная работа", "independent", paragraph)
    variants = _VARIANTS.get(_ALIASES.get(code, code), ("{t}", "{t}", "{t}. Обобщение"))
    return LessonPlan(variants[seq % len(variants)].format(t=topic), "lesson", paragraph)


def homework_text(rng: random.Random, code: str, grade: int, plan: LessonPlan) -> str:
    p = max(1, plan.paragraph)
    n = p * 12 + rng.randint(0, 10)
    page = p * 4 + rng.randint(2, 6)
    if plan.kind == "control" and code == "eng":
        return f"Работа над ошибками; повторить слова раздела, WB p. {page // 2 + 1}"
    if plan.kind == "control":
        return f"Работа над ошибками; повторить §{max(1, p - 2)}–{p}"
    if code in ("math", "alg", "alg_an", "prob"):
        return (
            f"§{p}, № {n}, {n + 2}, {n + 5}"
            if grade >= 5
            else f"Учебник с. {page}, № {n % 9 + 1}, {n % 9 + 3}"
        )
    if code == "geom":
        return f"п. {p}, задачи № {n}, {n + 1}, {n + 3}"
    if code == "rus":
        return f"§{p}, упр. {n}" if grade >= 5 else f"Учебник с. {page}, упр. {n % 20 + 1}"
    if code == "lit":
        return rng.choice((
            f"Дочитать: {plan.topic.split(':')[0]}",
            f"Выучить наизусть отрывок, с. {page}",
            f"Вопросы 1–5 на с. {page}, подготовить пересказ",
        ))  # fmt: skip
    if code == "read":
        return f"Учебник с. {page}–{page + 3}, выразительное чтение"
    if code == "eng":
        return f"SB p. {page}, ex. {rng.randint(2, 9)}; WB p. {page // 2 + 1}"
    if code in ("hist", "soc", "obzr", "odnknr"):
        return rng.choice((f"§{p}, вопросы 1–4 после параграфа", f"§{p}, заполнить таблицу"))
    if code == "geo":
        return rng.choice((f"§{p}, задания на контурной карте", f"§{p}, вопросы в конце параграфа"))
    if code in ("bio", "phys", "chem", "inf"):
        return f"§{p}, упр. {rng.randint(1, 12)} (1–3)"
    if code == "env":
        return f"Учебник с. {page}–{page + 2}, рабочая тетрадь с. {page // 2 + 1}"
    if code == "project":
        return "Продолжить работу над проектом: собрать источники по теме"
    return rng.choice(("Принести материалы к уроку", "Закончить работу, начатую на уроке"))


def individual_homework_text(rng: random.Random, plan: LessonPlan) -> str:
    return rng.choice((
        f"Индивидуальное задание: карточка № {rng.randint(1, 30)}",
        f"Подготовить сообщение по теме «{plan.topic}»",
        "Дополнительное задание на отработку пропущенной темы",
        f"Олимпиадная подготовка: задачи {rng.randint(1, 5)}–{rng.randint(6, 10)} из сборника",
    ))  # fmt: skip
