"""`journal run`: start the chat bots of every messenger that has a token."""

import argparse
import gc
from typing import Any


def register(subparsers: "argparse._SubParsersAction[Any]") -> None:
    parser = subparsers.add_parser(
        "run",
        help="запустить чат-ботов (Telegram, VK, MAX)",
        description=(
            "Запускает ботов тех мессенджеров, для которых заданы токены: TELEGRAM_BOT_TOKEN "
            "(long polling, или webhook при TELEGRAM_WEBHOOK_URL и TELEGRAM_WEBHOOK_SECRET), "
            "VK_GROUP_TOKEN вместе с VK_GROUP_ID (Bots Long Poll), MAX_BOT_TOKEN (long "
            "polling для разработки, или webhook при MAX_WEBHOOK_URL и MAX_WEBHOOK_SECRET). "
            "Перед стартом обновляет схему базы данных. Останавливается по Ctrl+C или "
            "SIGTERM, дождавшись ответов."
        ),
    )
    parser.set_defaults(func=run)


def run(_args: argparse.Namespace) -> int:
    # aiogram and vk-api load only for this command. The import builds aiogram's hundreds of
    # models, all kept for good: without the collector's passes over them it takes a fifth less
    # time (the runner collects and freezes what it built once it is ready).
    gc.disable()
    try:
        from bot.runner import main
    finally:
        gc.enable()
    return main()
