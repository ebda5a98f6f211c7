"""The paper-journal layout, long answers split cleanly, and the flood throttle."""

from datetime import date, datetime, time

import pytest

from db.enums import LessonStatus
from handlers.core.fitting import fit, split_reply
from handlers.core.io import Reply
from handlers.core.throttling import Throttle, Verdict
from keyboards.model import Button, Keyboard
from services.marks.grading import forecast
from services.views import LessonView, MarkView
from texts import formatting
from texts.splitting import MESSAGE_LIMIT, split_text, units


def test_dates_read_like_a_diary() -> None:
    assert formatting.day(date(2025, 11, 24)) == "пн, 24 ноября"
    assert formatting.day(date(2026, 3, 8)) == "вс, 8 марта"
    assert formatting.day_span(date(2026, 11, 16), date(2026, 11, 22)) == "16–22 ноября"
    assert formatting.day_span(date(2026, 11, 30), date(2026, 12, 6)) == "30 ноября – 6 декабря"


@pytest.mark.parametrize(
    ("n", "word"),
    [
        (1, "пятёрка"),
        (2, "пятёрки"),
        (4, "пятёрки"),
        (5, "пятёрок"),
        (11, "пятёрок"),
        (12, "пятёрок"),
        (21, "пятёрка"),
        (22, "пятёрки"),
        (25, "пятёрок"),
        (111, "пятёрок"),
    ],
)
def test_plural_forms(n: int, word: str) -> None:
    assert formatting.plural(n, formatting.MARK_NAMES[5]) == word


def test_counts_in_words() -> None:
    assert formatting.count_feminine(1, formatting.MARK_NAMES[5]) == "одна пятёрка"
    assert formatting.count_feminine(2, formatting.MARK_NAMES[5]) == "две пятёрки"
    assert formatting.count_feminine(5, formatting.MARK_NAMES[5]) == "пять пятёрок"


def _mark(value: int, short: str) -> MarkView:
    when = datetime(2026, 11, 18, 9, 0)
    return MarkView(1, date(2026, 11, 18), 1, "Математика", value, "", short, 1.0, "", when)


def test_marks_are_digits_with_the_work_type() -> None:
    assert formatting.mark(_mark(5, "к/р")) == "5 (к/р)"
    assert formatting.marks_row([_mark(5, "к/р"), _mark(4, "")]) == "5 (к/р), 4"


def test_the_forecast_says_what_it_takes() -> None:
    text = formatting.forecast(forecast([(4, 1.0), (4, 1.0), (5, 1.0)], 3))
    assert text == "средний балл 4,33, выходит 4; ещё одна пятёрка — и выйдет 5"
    text = formatting.forecast(forecast([(3, 1.0), (3, 1.0), (2, 1.0)], 5))
    assert "выходит 3; ещё две пятёрки — и выйдет 4" in text
    assert text.endswith("мало оценок для аттестации: 3 из 5")
    assert formatting.forecast(forecast([(5, 1.0)] * 3, 3)) == "средний балл 5,00, выходит 5"
    assert formatting.forecast(forecast([], 3)) == "оценок пока нет"


def _lesson(**changes: object) -> LessonView:
    base = dict(
        id=1,
        date=date(2026, 11, 18),
        number=2,
        starts_at=time(9, 25),
        ends_at=time(10, 10),
        subject_id=1,
        subject="Математика",
        teacher="Числова М. А.",
        room="21",
        status=LessonStatus.PLANNED,
        class_title="5А",
    )
    return LessonView(**(base | changes))  # type: ignore[arg-type]


def test_lessons_with_number_time_room_and_their_changes() -> None:
    assert formatting.lesson_line(_lesson()) == "2. 09:25–10:10 Математика, каб. 21"
    assert (
        formatting.lesson_line(_lesson(), with_class=True)
        == "2. 09:25–10:10 5А Математика, каб. 21"
    )
    cancelled = formatting.lesson_line(_lesson(status=LessonStatus.CANCELLED))
    assert cancelled == "2. 09:25–10:10 Математика — отменён"
    assert formatting.lesson_line(_lesson(room="14", original_room="21")).endswith("каб. 21 → 14")
    substituted = formatting.lesson_line(_lesson(substitute_teacher="Словесников И. И."))
    assert substituted.endswith("— замена: Словесников И. И.")
    moved = formatting.lesson_line(_lesson(moved_from_date=date(2026, 11, 16), moved_from_number=3))
    assert moved.endswith("— перенесён с пн, 16 ноября, 3-й урок")
    no_bells = formatting.lesson_line(_lesson(starts_at=None, ends_at=None, room=""))
    assert no_bells == "2. Математика"


def test_long_answers_split_at_line_boundaries_with_the_keyboard_last() -> None:
    lines = [f"{n}. строка журнала с оценками 5 (к/р)" for n in range(400)]
    keyboard = Keyboard.of([Button("В меню", "1M")])
    replies = split_reply("\n".join(lines), keyboard)
    assert len(replies) > 1
    assert all(units(r.text) <= MESSAGE_LIMIT for r in replies)
    assert [r.keyboard for r in replies] == [None] * (len(replies) - 1) + [keyboard]
    assert "\n".join(r.text for r in replies).split("\n") == lines


def test_a_single_huge_line_is_cut_at_spaces_and_emoji_count_double() -> None:
    parts = split_text(" ".join(["слово"] * 2000))
    assert len(parts) > 1 and all(units(p) <= MESSAGE_LIMIT for p in parts)
    assert all(not p.startswith(" ") and not p.endswith(" ") for p in parts)
    emoji = split_text("👍" * 3000)
    assert all(units(p) <= MESSAGE_LIMIT for p in emoji)
    assert "".join(emoji) == "👍" * 3000


def test_fit_leaves_short_replies_alone_and_never_sends_empty_text() -> None:
    short = Reply("Коротко", edit=True)
    assert fit([short]) == [short]
    assert fit([Reply("  ")])[0].text.strip()
    long = fit([Reply("x\n" * 5000, edit=True)])
    assert len(long) > 1 and not any(r.edit for r in long)


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_flood_is_held_back_and_warned_about_once() -> None:
    clock = Ticks()
    throttle = Throttle(burst=5, refill_seconds=3, clock=clock)
    assert [throttle.check("a") for _ in range(5)] == [Verdict.PASS] * 5
    assert throttle.check("a") is Verdict.WARN
    assert throttle.check("a") is Verdict.DROP
    assert throttle.check("b") is Verdict.PASS  # another account is not held back
    clock.now += 0.6  # one message's worth of tokens
    assert throttle.check("a") is Verdict.PASS
    assert throttle.check("a") is Verdict.WARN
    clock.now += 3
    assert [throttle.check("a") for _ in range(5)] == [Verdict.PASS] * 5
