import csv
import io
import re
import subprocess
import sys
from pathlib import Path
from typing import TypeVar

import pytest

from bot.cli import main
from db.enums import InviteRole, Platform
from db.models import School
from services.context import Ctx
from services.invites.redeeming import redeem_invite
from tests.tiny_school import TinySchool, build_tiny_school
from tests.write_support import run_op

T = TypeVar("T")
CODE_SHAPE = re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2}$")


@pytest.fixture
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)  # no stray .env from the developer's working directory
    url = f"sqlite+aiosqlite:///{tmp_path / 'journal.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.fixture
def school(database_url: str, capsys: pytest.CaptureFixture[str]) -> TinySchool:
    assert main(["migrate"]) == 0
    assert "обновлена" in capsys.readouterr().out
    tiny: TinySchool = run_op(database_url, build_tiny_school)
    return tiny


def invites_csv(argv: list[str], capsys: pytest.CaptureFixture[str]) -> list[dict[str, str]]:
    assert main(["invites", *argv, "--csv"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("\ufeffperson_id,")  # the BOM: Excel reads the Cyrillic right
    return list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))


def test_class_codes_as_csv_are_redeemable(
    database_url: str, school: TinySchool, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = invites_csv(["--class", "5А"], capsys)
    assert list(rows[0]) == [
        "person_id",
        "full_name",
        "role",
        "position",
        "class",
        "children",
        "code",
        "expires_at",
    ]
    people = {int(r["person_id"]): r for r in rows}
    p = school.people
    assert set(people) == {p[k] for k in ("a1", "a2", "a3", "g1", "g2", "g3")}
    assert people[p["g1"]]["role"] == "guardian"
    assert people[p["g1"]]["children"] == "Иванов Иван"
    assert people[p["a1"]]["class"] == "5А"
    assert all(CODE_SHAPE.match(r["code"]) for r in rows)
    # Whole seconds with the school's offset: 2026-12-18T09:00:00+03:00.
    stamp = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+03:00$")
    assert all(stamp.match(r["expires_at"]) for r in rows), rows[0]["expires_at"]
    link = run_op(database_url, redeem_invite, Platform.TELEGRAM, "42", people[p["g1"]]["code"])
    assert (link.person_id, link.role) == (p["g1"], InviteRole.GUARDIAN)


def test_staff_codes_as_csv(
    database_url: str, school: TinySchool, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = invites_csv(["--staff"], capsys)
    assert len(rows) == 9
    assert {r["role"] for r in rows} == {"staff"}
    by_id = {int(r["person_id"]): r for r in rows}
    math = by_id[school.people["math"]]
    assert (math["position"], math["class"]) == ("учитель, классный руководитель", "5А")
    assert by_id[school.people["deputy"]]["position"] == "заместитель директора"
    assert by_id[school.people["deputy"]]["class"] == ""
    admin = next(r for r in rows if int(r["person_id"]) == school.people["admin"])
    link = run_op(database_url, redeem_invite, Platform.VK, "7", admin["code"].lower())
    assert link.person_id == school.people["admin"]


def test_table_for_people(school: TinySchool, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["invites", "--class", "5a", "--days", "10"]) == 0  # Latin "a" on the keyboard
    out = capsys.readouterr().out
    assert "Коды приглашения: 5a" in out
    assert len(re.findall(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2}", out)) == 6
    months = "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
    assert len(re.findall(rf"до \d{{1,2}} ({months})", out)) == 6
    assert "родитель" in out and "ученик" in out


def test_unknown_class_and_missing_choice(
    school: TinySchool, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["invites", "--class", "9Я"]) == 1
    assert "Класса 9Я нет" in capsys.readouterr().err
    assert main(["invites"]) == 2
    assert main(["invites", "--class", "5А", "--staff"]) == 2


def test_several_schools_need_the_school_option(
    database_url: str, school: TinySchool, capsys: pytest.CaptureFixture[str]
) -> None:
    async def add_school(ctx: Ctx) -> None:
        ctx.session.add(School(name="Школа № 2", short_name="Школа № 2"))

    run_op(database_url, add_school)
    assert main(["invites", "--staff"]) == 1
    assert "--school" in capsys.readouterr().err
    assert len(invites_csv(["--staff", "--school", str(school.school_id)], capsys)) == 9


def test_invites_before_migrate_explain_themselves(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["invites", "--staff"]) == 1
    assert "journal migrate" in capsys.readouterr().err


def test_migrate_twice_changes_nothing(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["migrate"]) == 0
    assert main(["migrate"]) == 0


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    out = capsys.readouterr().out
    assert "migrate" in out and "invites" in out
    assert main(["--help"]) == 0


def test_revoke_a_code_as_its_issuer(
    school: TinySchool, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = invites_csv(["--class", "5А"], capsys)
    code = next(r["code"] for r in rows if int(r["person_id"]) == school.people["a1"])
    assert main(["invites", "--revoke", code]) == 0
    assert "(Иванов Иван) отменён" in capsys.readouterr().out
    assert main(["invites", "--revoke", "KX7M-P2TH-A9"]) == 1
    assert "Такого кода нет" in capsys.readouterr().err


COMMANDS = (["demo"], ["seed"], ["migrate"], ["invites", "--staff"], ["run"])
BAD_URLS = {
    "mysql://root@localhost/journal": "База «mysql» не поддерживается",
    "sqlite:///journal.sqlite3": "начните адрес с sqlite+aiosqlite://",
    "postgresql://u@localhost/journal": "начните адрес с postgresql+asyncpg://",
    "not a url": "не адрес базы данных",
}


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("url", list(BAD_URLS))
def test_a_wrong_database_url_gets_one_clear_line(
    command: list[str], url: str, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*command, "--database-url", url]) == 1
    err = capsys.readouterr().err
    assert BAD_URLS[url] in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("command", COMMANDS[:4], ids=lambda c: c[0])
def test_an_unreachable_postgresql_gets_one_clear_line(
    command: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Port 9 of this machine: nothing listens, the connection is refused at once.
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://journal:secret@127.0.0.1:9/journal")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(command) == 1
    err = capsys.readouterr().err
    assert err.startswith("Сервер PostgreSQL 127.0.0.1:9 не отвечает")
    assert "secret" not in err and len(err.strip().splitlines()) == 1


def test_help_loads_no_database_and_no_messenger() -> None:
    """`journal --help` answers at once: nothing heavy is imported to print it."""
    probe = (
        "import sys, io, contextlib\n"
        "from bot.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['--help']); main(['demo', '--help']); main(['invites', '--help'])\n"
        "heavy = ('aiogram', 'vk_api', 'sqlalchemy', 'matplotlib', 'handlers', 'services')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "[]"


def test_every_command_module_is_listed_with_its_help_line() -> None:
    """bot.cli.COMMANDS names every command (the quick --help reads only it): a module added
    to bot/commands/ without its line there would be missing from `journal`."""
    import argparse
    import importlib
    import pkgutil

    import bot.commands
    from bot.cli import COMMANDS

    for info in pkgutil.iter_modules(bot.commands.__path__):
        module = importlib.import_module(f"bot.commands.{info.name}")
        if not hasattr(module, "register"):
            continue
        parser = argparse.ArgumentParser()
        subparsers = parser.add_subparsers()
        module.register(subparsers)
        shown = " ".join(parser.format_help().split())
        for name in subparsers.choices:
            assert name in COMMANDS, name
            assert COMMANDS[name][0] == module.__name__, name
            assert " ".join(COMMANDS[name][1].split()) in shown, name
