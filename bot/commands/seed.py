"""`journal seed`: fill a database with a deterministic demo school (or several)."""

import argparse
import sys
from typing import Any


def register(subparsers: "argparse._SubParsersAction[Any]") -> None:
    parser = subparsers.add_parser(
        "seed",
        help="заполнить базу демонстрационной школой",
        description=(
            "Создаёт правдоподобную школу: классы 1-11, учителей, учеников и родителей, "
            "расписание, уроки с темами, домашними заданиями, отметками и пропусками. "
            "Больше 1200 учеников — несколько школ в разных часовых поясах. "
            "Одинаковые --seed и дата дают одинаковые данные."
        ),
    )
    parser.add_argument("--pupils", type=int, default=600, help="сколько учеников (600)")
    parser.add_argument("--seed", type=int, default=2026, help="зерно случайных данных (2026)")
    parser.add_argument(
        "--database-url", metavar="URL", help="база данных (по умолчанию DATABASE_URL)"
    )
    parser.add_argument(
        "--force", action="store_true", help="пересоздать файл SQLite, если в нём уже есть школа"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import asyncio  # the database and the demo's builder load only now: --help stays quick

    from bot.seeding import drop_sqlite_file, holds_a_school, print_summary, seed_with_progress
    from bot.settings import Settings
    from db.migrate import upgrade_to_head

    url = args.database_url or Settings().database_url
    try:
        upgrade_to_head(url)
        if asyncio.run(holds_a_school(url)):
            if not args.force:
                print(
                    "В базе уже есть школа: демо не добавляется к настоящим данным. "
                    "Чтобы пересоздать демо, запустите с --force.",
                    file=sys.stderr,
                )
                return 1
            if not drop_sqlite_file(url):
                return 1
            upgrade_to_head(url)
        summary = asyncio.run(seed_with_progress(url, args.pupils, args.seed))
    except ValueError as exc:
        print(f"Не получилось: {exc}", file=sys.stderr)
        return 1
    print_summary(summary.schools, summary.elapsed_seconds)
    return 0
