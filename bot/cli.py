"""`journal`: the command line of the school journal."""

import argparse
from types import ModuleType

from bot.commands import (
    backup,
    demo,
    invites,
    migrate,
    roster,
    run,
    school_import,
    seed,
    status,
    template,
    year,
)

COMMANDS: list[ModuleType] = [
    demo,
    seed,
    migrate,
    invites,
    school_import,
    template,
    roster,
    year,
    backup,
    run,
    status,
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="journal",
        description="Электронный классный журнал с чат-ботами для Telegram и VK.",
    )
    subparsers = parser.add_subparsers(title="команды", metavar="КОМАНДА")
    for command in COMMANDS:
        command.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help or a usage error: an exit code, not an exception
        return 0 if exc.code is None else exc.code if isinstance(exc.code, int) else 1
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    return int(func(args))
