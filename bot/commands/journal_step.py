"""Commands whose sub-commands are each one operation of the journal (`journal roster ...`,
`journal year ...`): the operation runs in one transaction, says what it did, and a refusal
or an unreachable database is one line on stderr."""

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable

from sqlalchemy.exc import SQLAlchemyError

from bot.settings import Settings
from db.engine import make_engine, make_session_factory
from services.context import Ctx, Journal
from services.errors import JournalError

Step = Callable[[Ctx, argparse.Namespace], Awaitable[str]]


def run_step(args: argparse.Namespace) -> int:
    """Runs `args.step`, which the sub-command's parser set."""
    url = args.database_url or Settings().database_url
    try:
        said = asyncio.run(_run(url, args))
    except JournalError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    except (OSError, SQLAlchemyError) as exc:
        print(f"Нет доступа к базе данных (выполнен ли journal migrate?): {exc}", file=sys.stderr)
        return 1
    print(said)
    return 0


async def _run(url: str, args: argparse.Namespace) -> str:
    engine = make_engine(url)
    step: Step = args.step
    try:
        return await Journal(make_session_factory(engine)).run(step, args)
    finally:
        await engine.dispose()
