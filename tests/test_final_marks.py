from datetime import date

import pytest

from db.models import AuditEntry, FinalMark, Lesson, Mark, School, Subject
from services.context import Journal
from services.errors import AccessDenied, NotFound, RuleViolation
from services.marks.finals import (
    FINAL_CLOSES_DAYS_AFTER_END,
    FINAL_OPENS_DAYS_BEFORE_END,
    set_final_mark,
)
from services.marks.marking import delete_mark
from tests.conftest import FakeClock
from tests.tiny_school import TinySchool
from tests.write_support import actor, count, events, moscow, put_marks, rows, update

# The second quarter ends on Monday 28 December 2026.
NEAR_END = moscow(2026, 12, 25, 12)


@pytest.fixture
def near_end(clock: FakeClock) -> FakeClock:
    clock.now = NEAR_END
    return clock


async def final(
    journal: Journal, tiny: TinySchool, who: str, pupil: str, subject: str, value: str
) -> None:
    await journal.run(
        set_final_mark,
        await actor(journal, tiny, who),
        tiny.people[pupil],
        tiny.subjects[subject],
        tiny.periods["q2"],
        value,
    )


async def test_final_mark_stores_average_and_emits(
    journal: Journal, tiny: TinySchool, near_end: FakeClock
) -> None:
    await put_marks(journal, tiny, "math-today", "a1", [5, 5, 4, 4, 3])
    await final(journal, tiny, "math", "a1", "math", "4")
    [row] = await rows(journal, FinalMark)
    assert (row.value, row.average_at_set, row.author_id) == ("4", 4.2, tiny.people["math"])
    [event] = await events(journal, "final_mark.set")
    assert (event.payload["value"], event.payload["previous_value"]) == ("4", None)
    assert await count(journal, AuditEntry, AuditEntry.action == "final_mark.set") == 1


async def test_marks_of_other_periods_and_deleted_ones_do_not_count(
    journal: Journal, tiny: TinySchool, near_end: FakeClock
) -> None:
    await put_marks(journal, tiny, "math-today", "a1", [5, 5, 5, 5, 3])
    await update(journal, Lesson, tiny.lessons["math-mon"], date=date(2026, 10, 20))
    await put_marks(journal, tiny, "math-mon", "a1", [2])
    last = (await rows(journal, Mark, Mark.value == 3))[0]
    await journal.run(delete_mark, await actor(journal, tiny, "math"), last.id)
    with pytest.raises(RuleViolation, match="не меньше 5"):
        await final(journal, tiny, "math", "a1", "math", "5")


async def test_too_few_marks_refused_with_the_numbers(
    journal: Journal, tiny: TinySchool, near_end: FakeClock
) -> None:
    await put_marks(journal, tiny, "math-today", "a1", [5, 5, 5, 5])  # maths: 4 h a week, 5 marks
    with pytest.raises(RuleViolation, match="не меньше 5 отметок за период, а у ученика 4"):
        await final(journal, tiny, "math", "a1", "math", "5")
    assert await count(journal, FinalMark) == 0


async def test_required_number_follows_hours_and_the_school_rule(
    journal: Journal, tiny: TinySchool, near_end: FakeClock
) -> None:
    await put_marks(journal, tiny, "rus-today", "a1", [4] * 5)  # Russian: 5 h a week, 7 marks
    with pytest.raises(RuleViolation, match="не меньше 7"):
        await final(journal, tiny, "rus", "a1", "rus", "4")
    await update(journal, School, tiny.school_id, min_marks_rule="2:3")
    await final(journal, tiny, "rus", "a1", "rus", "4")


async def test_exemption_only_where_the_subject_allows_it(
    journal: Journal, tiny: TinySchool, near_end: FakeClock
) -> None:
    with pytest.raises(RuleViolation, match="освобождением"):
        await final(journal, tiny, "math", "a1", "math", "осв.")
    await update(journal, Subject, tiny.subjects["math"], allows_exemption=True)
    await final(journal, tiny, "math", "a1", "math", "осв")  # needs no marks
    assert [r.value for r in await rows(journal, FinalMark)] == ["осв."]


async def test_only_known_final_values(
    journal: Journal, tiny: TinySchool, near_end: FakeClock
) -> None:
    await put_marks(journal, tiny, "math-today", "a1", [5] * 5)
    for value in ("1", "6", "5+", "", "н/б"):
        with pytest.raises(RuleViolation, match="5, 4, 3, 2"):
            await final(journal, tiny, "math", "a1", "math", value)
    assert await count(journal, FinalMark) == 0
    # "н/а" (not certified) is a final too, with or without enough marks.
    await final(journal, tiny, "math", "a2", "math", "Н/А")
    [not_certified] = await rows(journal, FinalMark)
    assert (not_certified.pupil_id, not_certified.value) == (tiny.people["a2"], "н/а")


async def test_window_from_a_week_before_to_ten_days_after_the_end(
    journal: Journal, tiny: TinySchool, clock: FakeClock
) -> None:
    assert (FINAL_OPENS_DAYS_BEFORE_END, FINAL_CLOSES_DAYS_AFTER_END) == (7, 10)
    await put_marks(journal, tiny, "math-today", "a1", [5] * 5)
    for now, value in ((moscow(2026, 12, 20, 23, 59), "5"), (moscow(2027, 1, 8, 0, 1), "4")):
        clock.now = now
        with pytest.raises(RuleViolation, match=r"21\.12\.2026 по 07\.01\.2027"):
            await final(journal, tiny, "math", "a1", "math", value)
    assert await count(journal, FinalMark) == 0
    for now, value in ((moscow(2026, 12, 21, 0, 1), "5"), (moscow(2027, 1, 7, 23, 59), "4")):
        clock.now = now
        await final(journal, tiny, "math", "a1", "math", value)
    assert [r.value for r in await rows(journal, FinalMark)] == ["4"]


async def test_only_the_teacher_of_the_assignment_sets_finals(
    journal: Journal, tiny: TinySchool, near_end: FakeClock
) -> None:
    await put_marks(journal, tiny, "eng1-today", "a1", [5] * 5)
    for who in ("eng2", "rus", "director", "deputy", "admin", "a1", "g2"):
        with pytest.raises(AccessDenied):
            await final(journal, tiny, who, "a1", "eng", "5")
    assert await count(journal, FinalMark) == 0
    await final(journal, tiny, "eng1", "a1", "eng", "5")


async def test_a_substitute_does_not_set_finals(
    journal: Journal, tiny: TinySchool, near_end: FakeClock
) -> None:
    await update(
        journal, Lesson, tiny.lessons["eng1-today"], substitute_teacher_id=tiny.people["rus"]
    )
    await put_marks(journal, tiny, "eng1-today", "a1", [5] * 5)
    with pytest.raises(AccessDenied):
        await final(journal, tiny, "rus", "a1", "eng", "5")


async def test_no_finals_in_unmarked_grades(
    journal: Journal, tiny: TinySchool, near_end: FakeClock
) -> None:
    with pytest.raises(RuleViolation, match="безотметочное"):
        await final(journal, tiny, "primary", "c1", "read", "5")


async def test_changing_a_final_mark_is_audited(
    journal: Journal, tiny: TinySchool, near_end: FakeClock
) -> None:
    await put_marks(journal, tiny, "math-today", "a1", [4] * 5)
    await final(journal, tiny, "math", "a1", "math", "4")
    await final(journal, tiny, "math", "a1", "math", "4")  # the same again: nothing to record
    await final(journal, tiny, "math", "a1", "math", "5")
    assert [r.value for r in await rows(journal, FinalMark)] == ["5"]
    [changed] = await rows(journal, AuditEntry, AuditEntry.action == "final_mark.changed")
    assert (changed.details["old"], changed.details["new"]) == ("4", "5")
    assert changed.subject_person_id == tiny.people["a1"]
    payloads = [e.payload for e in await events(journal, "final_mark.set")]
    assert [(p["previous_value"], p["value"]) for p in payloads] == [(None, "4"), ("4", "5")]


async def test_unknown_pupil_or_period(
    journal: Journal, tiny: TinySchool, near_end: FakeClock
) -> None:
    math = await actor(journal, tiny, "math")
    with pytest.raises(NotFound):
        await journal.run(
            set_final_mark, math, 999_999, tiny.subjects["math"], tiny.periods["q2"], "5"
        )
    with pytest.raises(NotFound):
        await journal.run(
            set_final_mark, math, tiny.people["a1"], tiny.subjects["math"], 999_999, "5"
        )
