"""`journal`: the command line of the school journal.

Only the module of the command being run is imported (the database, the conversation and the
messengers' libraries load with it), so `journal --help` answers at once. A new command is a
module with register(subparsers) and a line in COMMANDS."""

import argparse
import contextlib
import gettext
import importlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

# name: (module, one line for `journal --help`, whether it works on the database). Only the
# module of the command being run is imported.
COMMANDS: dict[str, tuple[str, str, bool]] = {
    "demo": (
        "bot.commands.demo",
        "поговорить с ботом в терминале от имени человека из демо-школы",
        True,
    ),
    "seed": ("bot.commands.seed", "заполнить базу демонстрационной школой", True),
    "migrate": ("bot.commands.migrate", "обновить схему базы данных до последней версии", True),
    "invites": ("bot.commands.invites", "выдать коды приглашения классу или сотрудникам", True),
    "import": (
        "bot.commands.school_import",
        "загрузить школу из файлов: списки, нагрузку, расписание",
        True,
    ),
    "template": ("bot.commands.template", "записать пустой шаблон Excel для загрузки школы", False),
    "roster": (
        "bot.commands.roster",
        "изменения состава в течение года: принять, перевести, отчислить, родители…",
        True,
    ),
    "year": (
        "bot.commands.year",
        "конец учебного года: закрыть, открыть следующий, перевести, архив",
        True,
    ),
    "backup": ("bot.commands.backup", "сделать копию базы данных", True),
    "restore": ("bot.commands.backup", "восстановить базу данных из копии", True),
    "run": ("bot.commands.run", "запустить чат-ботов (Telegram, VK, MAX)", True),
    "status": ("bot.commands.status", "состояние очереди уведомлений", True),
}
DATABASE_URL_HELP = "база данных (по умолчанию DATABASE_URL)"
# argparse's own words (usage, help, errors) in Russian: bot/locale/ru/LC_MESSAGES/*.po.
MESSAGES_DOMAIN = "journal-cli"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


@contextlib.contextmanager
def russian_messages() -> Iterator[None]:
    """argparse words its usage lines and errors through gettext: in Russian while the command
    line is read, whatever the machine's locale (gettext takes the language from LANGUAGE)."""
    previous_domain = gettext.textdomain()
    previous_language = os.environ.get("LANGUAGE")
    gettext.bindtextdomain(MESSAGES_DOMAIN, LOCALE_DIR)
    gettext.textdomain(MESSAGES_DOMAIN)
    os.environ["LANGUAGE"] = "ru"
    try:
        yield
    finally:
        gettext.textdomain(previous_domain)
        if previous_language is None:
            del os.environ["LANGUAGE"]
        else:
            os.environ["LANGUAGE"] = previous_language


def build_parser(chosen: str | None = None) -> argparse.ArgumentParser:
    """The full parser of the chosen command; every other command is a name and a line of help
    (its module is not imported: that is what keeps `journal --help` quick)."""
    parser = argparse.ArgumentParser(
        prog="journal",
        description="Электронный классный журнал с чат-ботами для MAX, Telegram и VK.",
    )
    subparsers = parser.add_subparsers(title="команды", metavar="КОМАНДА", dest="command")
    if chosen in COMMANDS:
        importlib.import_module(COMMANDS[chosen][0]).register(subparsers)
        for sub in subparsers.choices.values():
            # Every command takes --database-url alike; some declare it themselves.
            with contextlib.suppress(argparse.ArgumentError):
                sub.add_argument("--database-url", metavar="URL", help=DATABASE_URL_HELP)
    for name, (_, line, _) in COMMANDS.items():
        if name not in subparsers.choices:
            subparsers.add_parser(name, help=line)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    chosen = next((a for a in argv if not a.startswith("-")), None)
    with russian_messages():
        parser = build_parser(chosen)
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # --help or a usage error: an exit code, not an exception
            return 0 if exc.code is None else exc.code if isinstance(exc.code, int) else 1
        func = getattr(args, "func", None)
        if func is None:
            parser.print_help()
            return 2
    if not COMMANDS[args.command][2]:
        return int(func(args))
    return _run_with_database(func, args)


def _run_with_database(func: object, args: argparse.Namespace) -> int:
    from bot.database_url import BadDatabaseUrl, check_database_url, explain
    from bot.settings import Settings

    if args.database_url:
        # Settings read it like DATABASE_URL: every part of the command sees the same base.
        os.environ["DATABASE_URL"] = args.database_url
    url = args.database_url or Settings().database_url
    try:
        check_database_url(url)
        assert callable(func)
        return int(func(args))
    except BadDatabaseUrl as bad:
        print(bad.message, file=sys.stderr)
        return 1
    except Exception as exc:
        line = explain(exc, url)
        if line is None:
            raise
        print(line, file=sys.stderr)
        return 1
