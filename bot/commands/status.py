"""`journal status`: what the notification queue holds, what keeps failing and since when."""

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot.sender_lock import sender_running
from bot.settings import Settings
from db.engine import make_engine, make_session_factory
from notifications.delivery.status import QueueStatus, queue_status

STATUS_NAMES = {"failed": "отказ", "expired": "срок истёк"}


def register(subparsers: "argparse._SubParsersAction[Any]") -> None:
    parser = subparsers.add_parser(
        "status",
        help="состояние очереди уведомлений",
        description=(
            "Показывает, идёт ли рассылка, сколько уведомлений ждёт отправки в каждом "
            "мессенджере, какие не удаётся доставить и с какого времени, и от каких "
            "отказались за последние сутки (с причиной)."
        ),
    )
    parser.set_defaults(func=run)


def _at(moment: datetime | None) -> str:
    return f"{moment.astimezone(UTC):%d.%m %H:%M} UTC" if moment else "—"


SENDER = {
    True: "Рассылку ведёт запущенный journal run (один на базу).",
    False: "Рассылку сейчас не ведёт ни один процесс: journal run не запущен.",
    None: "Кто ведёт рассылку, по базе в памяти не узнать.",
}


def render(status: QueueStatus, sending: bool | None = None) -> str:
    lines = [f"Очередь уведомлений на {_at(status.now)}", SENDER[sending]]
    if not status.platforms:
        lines.append("  в очереди ничего нет")
    for q in status.platforms:
        lines.append(
            f"  {q.platform}: в очереди {q.queued}, к отправке сейчас {q.due}, "
            f"самое давнее поставлено {_at(q.oldest_queued)}"
        )
        if q.failing:
            lines.append(
                f"    не доставляются {q.failing} с {_at(q.failing_since)}, повторяем; "
                f"последняя ошибка: {q.last_error or '—'}"
            )
    if status.given_up:
        lines.append("Не доставлены за последние сутки:")
        for g in status.given_up:
            lines.append(
                f"  {g.platform}, {STATUS_NAMES.get(g.status, g.status)}: {g.count} "
                f"(последний раз {_at(g.last)}): {g.reason or 'без причины'}"
            )
    return "\n".join(lines)


async def _read(url: str) -> tuple[QueueStatus, bool | None]:
    engine = make_engine(url)
    try:
        async with make_session_factory(engine)() as session:
            status = await queue_status(session, datetime.now(UTC))
        return status, await sender_running(engine)
    finally:
        await engine.dispose()


def run(_args: argparse.Namespace) -> int:
    url = Settings().database_url
    try:
        status, sending = asyncio.run(_read(url))
    except (OSError, SQLAlchemyError) as exc:
        shown = make_url(url).render_as_string(hide_password=True)
        print(f"Не удалось прочитать очередь из базы {shown}: {exc}", file=sys.stderr)
        return 1
    print(render(status, sending))
    return 0
