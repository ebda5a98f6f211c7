"""The journal bot for the benchmark: `journal run` as the runner builds it, Telegram only, with
the per-person flood guard off (the flat-out phase asks far faster than any person may; it
measures the system, not the guard).

    python -m bench.journal_bot --token 123:abc --api-url http://127.0.0.1:8081 \
        --database-url sqlite+aiosqlite:///journal.sqlite3
"""

import argparse
import asyncio
import logging

from bot.runner import serve
from bot.settings import Settings
from bot.telegram.adapter import Handle
from handlers.core.conversation import Conversation
from handlers.core.throttling import Throttle
from services.context import Journal


async def unthrottled(journal: Journal) -> Handle:
    return Conversation(journal, throttle=Throttle(burst=10**9)).handle


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--token", required=True)
    parser.add_argument("--api-url", required=True)
    parser.add_argument("--database-url", required=True)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    settings = Settings(
        _env_file=None,
        database_url=args.database_url,
        telegram_bot_token=args.token,
        telegram_api_url=args.api_url,
        telegram_webhook_url=None,
        vk_group_token=None,
        vk_group_id=None,
        backup_keep_days=0,  # no nightly copy of the bench's database
    )
    return asyncio.run(serve(settings, make_handle=unthrottled))


if __name__ == "__main__":
    raise SystemExit(main())
