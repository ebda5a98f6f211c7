"""`journal invites`: print invite codes for a class (as its teacher) or for the staff."""

import argparse
import sys
from typing import Any


def register(subparsers: "argparse._SubParsersAction[Any]") -> None:
    parser = subparsers.add_parser(
        "invites",
        help="выдать коды приглашения классу или сотрудникам",
        description=(
            "Выдаёт одноразовые коды, по которым человек привязывает к себе чат с ботом. "
            "Для класса: ученикам и родителям от имени классного руководителя. "
            "Для сотрудников: от имени администратора журнала. Новая выдача отменяет "
            "прежние неиспользованные коды, которые тот же человек выдал тем же людям; "
            "коды от других (например, от классного руководителя второго ребёнка) "
            "продолжают действовать. --revoke отменяет один код от имени того, кто его выдал."
        ),
    )
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument("--class", dest="class_title", metavar="КЛАСС", help="класс, например 5А")
    who.add_argument("--staff", action="store_true", help="коды для сотрудников школы")
    who.add_argument("--revoke", metavar="КОД", help="отменить выданный, ещё не использованный код")
    parser.add_argument("--school", type=int, metavar="ID", help="id школы, если их несколько")
    parser.add_argument("--days", type=int, default=30, help="срок действия кодов, дней (30)")
    parser.add_argument("--csv", action="store_true", help="CSV для программ вместо таблицы")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import asyncio  # the database and its models load only now: --help stays quick

    from bot.invite_issuing import issue, print_table, write_csv
    from bot.settings import Settings
    from services.errors import JournalError

    if args.revoke:
        return run_revoke(args)
    try:
        timezone, issued = asyncio.run(issue(args.database_url or Settings().database_url, args))
    except JournalError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    if args.csv:
        write_csv(issued, timezone, sys.stdout)
    else:
        print_table(issued, timezone, "сотрудники" if args.staff else args.class_title)
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    import asyncio

    from bot.invite_issuing import revoke
    from bot.settings import Settings
    from services.errors import JournalError

    try:
        holder = asyncio.run(revoke(args.database_url or Settings().database_url, args.revoke))
    except JournalError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    print(f"Код {args.revoke} ({holder}) отменён: по нему больше не подключиться.")
    return 0
