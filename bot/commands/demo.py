"""`journal demo`: talk to the bot in the terminal as any person of the demo school."""

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

DEMO_PUPILS = 600
DEMO_SEED = 2026
DEMO_GRADE = 5  # a class with marks, homework and schedule changes to look at
DEMO_FILES = "demo-files"
PERSONAS = (
    "guardian",
    "pupil",
    "teacher",
    "class_teacher",
    "deputy",
    "director",
    "admin",
    "medic",
)


def register(subparsers: "argparse._SubParsersAction[Any]") -> None:
    parser = subparsers.add_parser(
        "demo",
        help="поговорить с ботом в терминале от имени человека из демо-школы",
        description=(
            "Если база пуста, создаёт демо-школу (как journal seed). Затем привязывает чат "
            "терминала к выбранному человеку по коду приглашения и ведёт тот же разговор, "
            "что бот в MAX, Telegram и VK: пишите текст или номер кнопки. Читает строки со "
            "стандартного ввода, так что им можно управлять из скрипта: "
            "printf 'Оценки\\n1\\n' | journal demo"
        ),
    )
    parser.add_argument(
        "--as",
        dest="who",
        default="guardian",
        metavar="РОЛЬ|ID",
        help=f"кем войти: {', '.join(PERSONAS)} или id человека (guardian: родитель двоих "
        "детей; admin: администратор журнала — загрузка школы, состав, учебный год; medic: "
        "медицинский работник)",
    )
    parser.add_argument(
        "--at",
        type=moment,
        metavar="'ГГГГ-ММ-ДД ЧЧ:ММ'",
        help="когда идёт демо, по часам школы (например '2026-12-05 10:30': в выходные "
        "выберите учебный день); по умолчанию сейчас",
    )
    parser.add_argument(
        "--files",
        type=Path,
        default=Path(DEMO_FILES),
        metavar="ПАПКА",
        help=f"куда сохранять файлы, которые присылает бот (PDF, картинки); ./{DEMO_FILES}",
    )
    parser.add_argument(
        "--database-url", metavar="URL", help="база данных (по умолчанию DATABASE_URL)"
    )
    parser.set_defaults(func=run)


def moment(text: str) -> datetime:
    """'2026-12-05 10:30', '2026-12-05T10:30', '05.12.2026 10:30'; a date alone is 10:30."""
    cleaned = " ".join(text.replace("T", " ").split())
    for pattern in ("%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M", "%Y-%m-%d", "%d.%m.%Y"):
        try:
            parsed = datetime.strptime(cleaned, pattern)
        except ValueError:
            continue
        return parsed if ":" in pattern else parsed.replace(hour=10, minute=30)
    raise argparse.ArgumentTypeError(
        f"не понимаю время «{text}»: напишите, например, '2026-12-05 10:30'"
    )


def run(args: argparse.Namespace) -> int:
    # The database, the conversation and the messengers' libraries load only now: --help of
    # every command stays quick.
    import asyncio

    from bot.demo_session import chat
    from bot.links import configured_links
    from bot.seeding import holds_a_school, seed_with_progress
    from bot.settings import Settings
    from db.migrate import upgrade_to_head
    from services.errors import JournalError

    settings = Settings()
    url = args.database_url or settings.database_url
    try:
        upgrade_to_head(url)
        if not asyncio.run(holds_a_school(url)):
            today = args.at.date() if args.at else None  # the school year around the demo's day
            asyncio.run(seed_with_progress(url, DEMO_PUPILS, DEMO_SEED, today))
        links = configured_links(settings)
        asyncio.run(chat(url, args.who, sys.stdin, sys.stdout, links, at=args.at, files=args.files))
    except JournalError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nДо свидания!")
    return 0
