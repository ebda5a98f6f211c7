"""The notice board as each person sees it, and a class's quality and success percentages."""

from datetime import UTC, datetime

import pytest

from db.enums import AnnouncementScope
from services.context import Ctx, Journal
from services.errors import AccessDenied, NotFound
from services.messages.announcements_reading import announcements_for
from services.people.access import NO_ACCESS_TO_CLASS
from services.reports.quality import NOT_YOUR_SUBJECT, class_results
from tests import read_rows
from tests.tiny_school import TinySchool


def _at(minute: int) -> datetime:
    return datetime(2026, 11, 18, 8, minute, tzinfo=UTC)


async def _board(ctx: Ctx, t: TinySchool) -> None:
    await read_rows.announcement(ctx, t, "Родительское собрание", to_pupils=False, at=_at(1))
    await read_rows.announcement(
        ctx, t, "Педсовет", to_guardians=False, to_pupils=False, to_staff=True, at=_at(2)
    )
    olympiad = await read_rows.announcement(
        ctx, t, "Олимпиада", scope=AnnouncementScope.GRADE, grade=5, at=_at(3)
    )
    await read_rows.announcement(
        ctx, t, "Экскурсия", scope=AnnouncementScope.CLASS, class_key="5А", author="math", at=_at(4)
    )
    await read_rows.announcement(
        ctx,
        t,
        "Субботник",
        scope=AnnouncementScope.CLASS,
        class_key="5А",
        to_guardians=False,
        at=_at(5),
    )
    await read_rows.announcement(ctx, t, "Ещё не вышло", at=datetime(2026, 11, 18, 10, tzinfo=UTC))
    await read_rows.announcement(
        ctx, t, "Сбор 5Б", scope=AnnouncementScope.CLASS, class_key="5Б", to_staff=True, at=_at(7)
    )
    await read_rows.announcement_read(ctx, t, olympiad, "g1")
    await read_rows.other_school(ctx, t)


BOARD = {
    "g1": ["Сбор 5Б", "Экскурсия", "Олимпиада", "Родительское собрание"],
    "g3": ["Экскурсия", "Олимпиада", "Родительское собрание"],
    "g4": ["Родительское собрание"],
    "a1": ["Субботник", "Экскурсия", "Олимпиада"],
    "b1": ["Сбор 5Б", "Олимпиада"],
    "c1": [],
    "math": ["Сбор 5Б", "Субботник", "Экскурсия", "Олимпиада", "Педсовет"],  # class teacher
    "rus": ["Сбор 5Б", "Олимпиада", "Педсовет"],
    "eng1": ["Педсовет"],
    "primary": ["Педсовет"],
    "medic": ["Педсовет"],
    "director": ["Сбор 5Б", "Педсовет"],
    "deputy": ["Сбор 5Б", "Субботник", "Олимпиада", "Педсовет", "Родительское собрание"],
    "x-admin": ["Чужое объявление"],
}


async def test_board_by_audience(journal: Journal, tiny: TinySchool) -> None:
    await journal.run(_board, tiny)
    seen = {}
    for who in BOARD:
        actor = await read_rows.actor_of(journal, tiny, who)
        seen[who] = [a.title for a in await journal.run(announcements_for, actor, 20)]
    assert seen == BOARD


async def test_board_details(journal: Journal, tiny: TinySchool) -> None:
    await journal.run(_board, tiny)
    g1 = await read_rows.actor_of(journal, tiny, "g1")
    board = await journal.run(announcements_for, g1)
    assert [a.read_by_me for a in board] == [False, False, True, False]
    assert [a.audience for a in board] == [
        "5Б класс: родители, ученики, сотрудники",
        "5А класс: родители, ученики",
        "5-е классы: родители, ученики",
        "вся школа: родители",
    ]
    assert (board[0].author, board[1].author) == ("Завучева О. С.", "Числова М. А.")
    assert board[0].text == "Текст: Сбор 5Б"
    assert board[0].published_at == _at(7)
    assert [a.title for a in await journal.run(announcements_for, g1, 2)] == [
        "Сбор 5Б",
        "Экскурсия",
    ]


async def _results(ctx: Ctx, t: TinySchool) -> None:
    await read_rows.marks(ctx, t, "math-mon", "a1", [5, 5, 5, 5, 5])
    await read_rows.marks(ctx, t, "math-mon", "a2", [4, 4, 3, 4, 3])
    await read_rows.final_mark(ctx, t, "a2", "math", "q2", "3")  # the set mark beats the forecast
    await read_rows.marks(ctx, t, "math-mon", "a3", [5, 5])
    await read_rows.mark(ctx, t, "math-mon", "a3", 5, deleted=True)
    await read_rows.marks(ctx, t, "eng1-today", "a1", [4, 4, 4, 4, 4])
    await read_rows.final_mark(ctx, t, "a2", "eng", "q2", "5")
    await read_rows.marks(ctx, t, "eng2-today", "a3", [2, 2, 2, 2, 2])
    await read_rows.final_mark(ctx, t, "a1", "rus", "q2", "5")
    await read_rows.final_mark(ctx, t, "a2", "rus", "q2", "4")


async def _report(
    journal: Journal, t: TinySchool, who: str, subject: str | None = None
) -> tuple[float | None, float | None, int, tuple[str, ...]]:
    actor = await read_rows.actor_of(journal, t, who)
    subject_id = t.subjects[subject] if subject else None
    r = await journal.run(class_results, actor, t.classes["5А"], t.periods["q2"], subject_id)
    assert (r.class_title, r.period.name, r.subject_id) == ("5А", "2 четверть", subject_id)
    quality = round(r.quality_percent, 1) if r.quality_percent is not None else None
    success = round(r.success_percent, 1) if r.success_percent is not None else None
    return quality, success, r.pupils_counted, r.not_certifiable


RESULTS = [
    ("admin", "math", (50.0, 100.0, 2, ("Сидоров Олег",))),
    ("math", "math", (50.0, 100.0, 2, ("Сидоров Олег",))),
    ("admin", "eng", (66.7, 66.7, 3, ())),
    ("eng1", "eng", (100.0, 100.0, 2, ())),  # only the teacher's own subgroup
    ("eng2", "eng", (0.0, 0.0, 1, ())),
    ("eng1", None, (100.0, 100.0, 2, ())),
    ("rus", None, (100.0, 100.0, 2, ("Сидоров Олег",))),
    # Without a subject a pupil counts by their lowest mark.
    ("director", None, (50.0, 100.0, 2, ("Сидоров Олег",))),
    ("math", None, (50.0, 100.0, 2, ("Сидоров Олег",))),
]


async def test_class_results(journal: Journal, tiny: TinySchool) -> None:
    await journal.run(_results, tiny)
    got = [(w, s, await _report(journal, tiny, w, s)) for w, s, _ in RESULTS]
    assert got == RESULTS


async def test_exempt_pupil_is_left_out(journal: Journal, tiny: TinySchool) -> None:
    await journal.run(_results, tiny)
    await journal.run(read_rows.final_mark, tiny, "a3", "rus", "q2", "осв.")
    assert await _report(journal, tiny, "rus", "rus") == (100.0, 100.0, 2, ())


async def test_empty_class_results(journal: Journal, tiny: TinySchool) -> None:
    assert await _report(journal, tiny, "deputy", "math") == (
        None,
        None,
        0,
        ("Иванов Иван", "Петрова Анна", "Сидоров Олег"),
    )


REFUSED = [
    ("rus", "5А", "math", NOT_YOUR_SUBJECT),
    ("eng1", "5А", "math", NOT_YOUR_SUBJECT),
    ("primary", "5А", None, NO_ACCESS_TO_CLASS),
    ("medic", "5А", None, NO_ACCESS_TO_CLASS),
    ("g1", "5А", None, NO_ACCESS_TO_CLASS),
    ("a1", "5А", None, NO_ACCESS_TO_CLASS),
    ("eng1", "5Б", None, NO_ACCESS_TO_CLASS),
    ("admin", "x-5А", None, NO_ACCESS_TO_CLASS),
    ("admin", "x-5А", "math", NO_ACCESS_TO_CLASS),
]


async def test_class_results_refused(journal: Journal, tiny: TinySchool) -> None:
    await journal.run(read_rows.other_school, tiny)
    for who, class_key, subject, message in REFUSED:
        actor = await read_rows.actor_of(journal, tiny, who)
        subject_id = tiny.subjects[subject] if subject else None
        with pytest.raises(AccessDenied) as refused:
            await journal.run(
                class_results, actor, tiny.classes[class_key], tiny.periods["q2"], subject_id
            )
        assert refused.value.message == message, (who, class_key, subject)


async def test_class_results_of_an_unknown_period(journal: Journal, tiny: TinySchool) -> None:
    admin = await read_rows.actor_of(journal, tiny, "admin")
    with pytest.raises(NotFound):
        await journal.run(class_results, admin, tiny.classes["5А"], 777_777)
