"""`journal demo` as a newcomer drives it by a script: on a Saturday at 10:30, a teacher opens
the lesson under way, takes the roll, and the absence alert the family gets is shown; files
the bot sends are saved where the demo says; a script is never throttled; a lockout of one
demo person leaves the others alone."""

import io
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import demo_session
from bot.commands.demo import moment
from bot.terminal_chat import Shelf, render
from db.base import Base
from db.demo import build_demo
from db.engine import make_engine, make_session_factory
from handlers.core.io import Attachment, Reply
from services.invites.redeeming import MAX_FAILED_ATTEMPTS

SATURDAY = date(2026, 12, 5)
AT = datetime(2026, 12, 5, 10, 30)


class Script:
    """Input typed by a script that reads the screen: each step picks its line from what the
    demo printed so far (a button's number, found by its label)."""

    def __init__(self, out: io.StringIO, steps: list[str]) -> None:
        self.out = out
        self.steps = steps

    def isatty(self) -> bool:
        return False

    def readline(self) -> str:
        if not self.steps:
            return ""
        step = self.steps.pop(0)
        if step.startswith("#"):  # the number of the last button so labelled
            numbers = re.findall(rf"\[(\d+)\] {re.escape(step[1:])}", self.out.getvalue())
            return f"[{numbers[-1]}]\n"
        return step + "\n"


@pytest.fixture
async def demo_url(tmp_path: Path) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'demo.sqlite3'}"
    engine: AsyncEngine = make_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    await build_demo(make_session_factory(engine), pupils=150, seed=7, today=SATURDAY)
    await engine.dispose()
    return url


async def test_a_saturday_at_half_past_ten_shows_the_lesson_and_the_absence_alert(
    demo_url: str, tmp_path: Path
) -> None:
    out = io.StringIO()
    steps = ["Сейчас урок", "#Перекличка", "[1]", "#Сохранить"]
    await demo_session.chat(
        demo_url, "teacher", Script(out, steps), out, at=AT, files=tmp_path / "files"
    )
    text = out.getvalue()
    assert "Время демо: 05.12.2026 10:30 (по часам школы)." in text
    card = text.split("> Сейчас урок", 1)[1]
    # The lesson under way at 10:30 on Saturday, with its roll call to take.
    assert re.search(r"\d+-й урок\nсб, 5 декабря, (\d\d:\d\d)–(\d\d:\d\d)", card)
    start, end = re.findall(r"сб, 5 декабря, (\d\d:\d\d)–(\d\d:\d\d)", card)[0]
    assert start <= "10:30" < end
    assert "Перекличка сохранена: на месте — " in text and "отсутствуют — 1" in text
    alert = text.split("Перекличка сохранена", 1)[1]
    assert re.search(r"🔔 Уведомление — [^\n]+:\n\w+ \(\d+[А-Я]\) отсутствует на \d-м уроке", alert)
    assert "кнопки: «Болеет»" in alert
    assert "Слишком много сообщений" not in text


async def test_scripted_lines_are_not_throttled(demo_url: str) -> None:
    out = io.StringIO()
    steps = ["Оценки", "В меню"] * 15  # thirty lines at once
    await demo_session.chat(demo_url, "guardian", Script(out, steps), out)
    assert "Слишком много сообщений" not in out.getvalue()
    assert out.getvalue().count("Последние оценки") == 15


async def test_a_lockout_of_one_demo_person_leaves_the_others(demo_url: str) -> None:
    out = io.StringIO()
    wrong = ["/start KKKK-KKKK-KK"] * (MAX_FAILED_ATTEMPTS + 1)
    await demo_session.chat(demo_url, "pupil", Script(out, wrong), out)
    assert "Слишком много неверных попыток" in out.getvalue()
    for who in ("teacher", "guardian", "pupil"):  # the pupil, played again, is forgiven
        out = io.StringIO()
        await demo_session.chat(demo_url, who, Script(out, []), out)
        assert "Вы вошли как" in out.getvalue() and "Главное меню" in out.getvalue(), who


def test_files_the_bot_sends_are_saved_where_the_demo_says(tmp_path: Path) -> None:
    out = io.StringIO()
    card = Attachment("Табель.pdf", b"%PDF-1.7 ...")
    shelf = Shelf(tmp_path / "files")
    render([Reply("Табель", attachment=card), Reply("Ещё раз", attachment=card)], out, shelf)
    saved = sorted((tmp_path / "files").iterdir())
    assert [p.name for p in saved] == ["Табель-2.pdf", "Табель.pdf"]
    assert saved[1].read_bytes() == b"%PDF-1.7 ..."
    assert f"[файл «Табель.pdf» сохранён: {saved[1].resolve()}]" in out.getvalue()


def test_the_moment_is_read_in_the_usual_forms() -> None:
    assert moment("2026-12-05 10:30") == AT
    assert moment("2026-12-05T10:30") == AT
    assert moment("05.12.2026 10:30") == AT
    assert moment("05.12.2026") == AT  # a date alone: half past ten
    with pytest.raises(Exception, match="не понимаю время"):
        moment("в субботу")


async def test_on_a_day_without_lessons_the_demo_says_which_moment_to_play(
    demo_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    sunday = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)  # noon in Moscow, no lessons
    monkeypatch.setattr(demo_session, "system_clock", lambda: sunday)
    out = io.StringIO()
    await demo_session.chat(demo_url, "guardian", Script(out, []), out)
    assert "Сегодня в демо-школе уроков нет." in out.getvalue()
    assert "journal demo --at '2026-12-05 10:30'" in out.getvalue()


async def test_a_guardians_question_shows_as_the_teacher_receives_it(demo_url: str) -> None:
    out = io.StringIO()
    steps = ["Написать учителю", "[1]", "Можно ли переписать контрольную?", "#Отправить"]
    await demo_session.chat(demo_url, "guardian", Script(out, steps), out, at=AT)
    told = out.getvalue().split("> [", 1)[-1]
    assert re.search(r"Вопрос для [^\n]+ отправлен", told)
    assert re.search(r"🔔 Уведомление — [^\n]+:\nВопрос от [^\n]+: Можно ли переписать", told)


async def test_the_administrator_and_the_medical_worker_can_be_played(demo_url: str) -> None:
    """The journal's administrator (the school's files, the roster, the year) and the medical
    worker (the health sheet) are people of the demo school too."""
    out = io.StringIO()
    await demo_session.chat(demo_url, "admin", Script(out, ["#Ученики и классы"]), out, at=AT)
    shown = out.getvalue()
    assert "(администратор)" in shown and "Учебный год" in shown
    out = io.StringIO()
    await demo_session.chat(demo_url, "medic", Script(out, []), out, at=AT)
    assert "(медицинский работник)" in out.getvalue() and "Главное меню" in out.getvalue()
