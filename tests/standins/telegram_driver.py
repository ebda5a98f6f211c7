"""The Telegram stand-in's user side: what tests make users do."""

from __future__ import annotations

import json
import secrets
from typing import Any

from .telegram_state import BotState, PendingQuery, StoredMessage, now


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class TelegramDriver:
    bots: dict[str, BotState]
    blocked: set[int]

    @property
    def token(self) -> str:
        raise NotImplementedError  # given by the stand-in

    def block_user(self, chat_id: int) -> None:
        self.blocked.add(chat_id)

    def unblock_user(self, chat_id: int) -> None:
        self.blocked.discard(chat_id)

    def _bot(self, token: str | None) -> BotState:
        return self.bots[token or next(iter(self.bots))]

    def add_chat(self, chat_id: int, first_name: str = "Тест", *, token: str | None = None) -> None:
        """Mark a chat as one where the user has started the bot."""
        bot = self._bot(token)
        bot.known_chats.add(chat_id)
        bot.user_names.setdefault(chat_id, first_name)

    async def user_sends_text(
        self, user_id: int, text: str, first_name: str = "Тест", *, token: str | None = None
    ) -> dict[str, Any]:
        bot = self._bot(token)
        bot.known_chats.add(user_id)
        bot.user_names[user_id] = first_name
        message: dict[str, Any] = {
            "message_id": bot.take_message_id(user_id),
            "from": bot.user(user_id),
            "chat": bot.chat(user_id),
            "date": int(now()),
            "text": text,
        }
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [
                {"offset": 0, "length": _utf16_len(command), "type": "bot_command"}
            ]
        return await bot.queue("message", message)

    async def user_sends_command(
        self, user_id: int, command: str, first_name: str = "Тест", *, token: str | None = None
    ) -> dict[str, Any]:
        text = command if command.startswith("/") else f"/{command}"
        return await self.user_sends_text(user_id, text, first_name, token=token)

    def _newest_inline(self, bot: BotState, chat_id: int) -> StoredMessage | None:
        keyboards = [
            m
            for m in bot.messages.values()
            if m.chat_id == chat_id and m.reply_markup and "inline_keyboard" in m.reply_markup
        ]
        return max(keyboards, key=lambda m: m.message_id, default=None)

    async def user_presses(
        self, user_id: int, label: str, *, token: str | None = None
    ) -> dict[str, Any]:
        """Press the button labelled ``label`` in the newest inline keyboard (or reply keyboard)."""
        bot = self._bot(token)
        newest = self._newest_inline(bot, user_id)
        inline: list[dict[str, Any]] = []
        if newest is not None and newest.reply_markup is not None:
            inline = [b for row in newest.reply_markup["inline_keyboard"] for b in row]
        for button in inline:
            if button["text"] == label:
                if "callback_data" not in button:
                    raise AssertionError(f"button {label!r} sends no callback_data: {button}")
                assert newest is not None
                return await self._queue_callback(bot, user_id, newest.payload, button)
        reply = bot.reply_keyboards.get(user_id)
        reply_labels = [
            b["text"] if isinstance(b, dict) else str(b)
            for row in (reply or {}).get("keyboard", [])
            for b in row
        ]
        if label in reply_labels and reply is not None:
            if reply.get("one_time_keyboard"):
                bot.reply_keyboards.pop(user_id, None)
            name = bot.user_names.get(user_id, "Тест")
            return await self.user_sends_text(user_id, label, name, token=token)
        where = f"message {newest.message_id}" if newest else "none"
        raise AssertionError(
            f"no button {label!r} for chat {user_id}: newest inline keyboard ({where}) has "
            f"{[b['text'] for b in inline]}, reply keyboard has {reply_labels}"
        )

    async def user_presses_data(
        self, user_id: int, message_id: int, data: str, *, token: str | None = None
    ) -> dict[str, Any]:
        """Send a callback query with arbitrary (possibly forged) ``data``."""
        bot = self._bot(token)
        stored = bot.messages.get((user_id, message_id))
        message = (
            stored.payload
            if stored
            else {"chat": bot.chat(user_id), "message_id": message_id, "date": 0}
        )
        return await self._queue_callback(bot, user_id, message, {"callback_data": data})

    async def _queue_callback(
        self, bot: BotState, user_id: int, message: dict[str, Any], button: dict[str, Any]
    ) -> dict[str, Any]:
        query_id = str(secrets.randbits(63))
        chat_id = int(message["chat"]["id"])
        bot.queries[query_id] = PendingQuery(
            user_id, chat_id, int(message["message_id"]), button["callback_data"]
        )
        query = {
            "id": query_id,
            "from": bot.user(user_id),
            "message": json.loads(json.dumps(message)),
            "chat_instance": str(abs(hash((bot.bot_id, chat_id)))),
            "data": button["callback_data"],
        }
        return await bot.queue("callback_query", query)

    def unanswered_callback_queries(self, *, token: str | None = None) -> list[str]:
        bot = self._bot(token)
        return [qid for qid, q in bot.queries.items() if not q.answered]
