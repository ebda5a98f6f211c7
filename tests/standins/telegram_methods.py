"""Bot API method implementations of the Telegram stand-in."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from contextlib import suppress
from functools import partial
from typing import Any

from . import telegram_rules as rules
from .telegram_markup import plain_text
from .telegram_spec import TelegramError, TelegramSpec, Upload
from .telegram_state import BotState, CallbackAnswer, SentMessage, StoredMessage, file_payload, now

Handler = Callable[[BotState, dict[str, Any]], Awaitable[Any]]


class TelegramMethods:
    spec: TelegramSpec
    sent: list[SentMessage]
    callback_answers: list[CallbackAnswer]
    violations: list[str]
    not_modified: list[str]
    rate_limits: bool
    require_known_chats: bool
    count_not_modified: bool
    blocked: set[int]
    closing: bool
    changed: asyncio.Condition

    def handlers(self) -> dict[str, Handler]:
        return {
            "getMe": self.get_me,
            "getUpdates": self.get_updates,
            "deleteWebhook": self.delete_webhook,
            "setWebhook": self.set_webhook,
            "getWebhookInfo": self.get_webhook_info,
            "setMyCommands": self.set_my_commands,
            "getMyCommands": self.get_my_commands,
            "deleteMyCommands": self.delete_my_commands,
            "sendMessage": self.send_message,
            "sendDocument": partial(self.send_file, "document"),
            "sendPhoto": partial(self.send_file, "photo"),
            "editMessageText": partial(self.edit_message, "editMessageText"),
            "editMessageCaption": partial(self.edit_message, "editMessageCaption"),
            "editMessageReplyMarkup": partial(self.edit_message, "editMessageReplyMarkup"),
            "deleteMessage": self.delete_message,
            "answerCallbackQuery": self.answer_callback_query,
            "sendChatAction": self.send_chat_action,
            "getChat": self.get_chat,
        }

    async def get_me(self, bot: BotState, v: dict[str, Any]) -> Any:
        return bot.me()

    async def get_updates(self, bot: BotState, v: dict[str, Any]) -> Any:
        if bot.webhook_url:
            raise TelegramError(
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
                409,
            )
        if "allowed_updates" in v:
            bot.allowed_updates = frozenset(v["allowed_updates"]) or rules.DEFAULT_ALLOWED_UPDATES
        offset = int(v.get("offset", 0))
        if offset > 0:
            bot.updates = [u for u in bot.updates if u["update_id"] >= offset]
        elif offset < 0:
            bot.updates = bot.updates[offset:]
        limit = min(max(int(v.get("limit", 100)), 1), 100)
        deadline = time.monotonic() + max(int(v.get("timeout", 0)), 0)
        bot.poll_generation += 1
        generation = bot.poll_generation
        async with bot.changed:
            bot.changed.notify_all()
        while True:
            if generation != bot.poll_generation:
                raise TelegramError(
                    "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                    409,
                )
            if bot.updates or self.closing:
                return bot.updates[:limit]
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            async with bot.changed:
                with suppress(TimeoutError):
                    await asyncio.wait_for(bot.changed.wait(), remaining)

    async def delete_webhook(self, bot: BotState, v: dict[str, Any]) -> Any:
        bot.webhook_url = ""
        if v.get("drop_pending_updates"):
            bot.updates.clear()
        return True

    async def set_webhook(self, bot: BotState, v: dict[str, Any]) -> Any:
        url = v["url"]
        if url and not url.startswith("https://"):
            raise TelegramError(
                "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
            )
        bot.webhook_url = url
        return True

    async def get_webhook_info(self, bot: BotState, v: dict[str, Any]) -> Any:
        info: dict[str, Any] = {
            "url": bot.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(bot.updates),
        }
        if bot.webhook_url:
            info["max_connections"] = 40
        return info

    @staticmethod
    def _commands_key(v: dict[str, Any]) -> str:
        scope = v.get("scope") or {"type": "default"}
        return f"{sorted(scope.items())}|{v.get('language_code', '')}"

    async def set_my_commands(self, bot: BotState, v: dict[str, Any]) -> Any:
        bot.commands[self._commands_key(v)] = v["commands"]
        return True

    async def get_my_commands(self, bot: BotState, v: dict[str, Any]) -> Any:
        return bot.commands.get(self._commands_key(v), [])

    async def delete_my_commands(self, bot: BotState, v: dict[str, Any]) -> Any:
        bot.commands.pop(self._commands_key(v), None)
        return True

    def target_chat(self, bot: BotState, v: dict[str, Any]) -> int:
        chat_id = v.get("chat_id")
        if not isinstance(chat_id, int):
            raise TelegramError("Bad Request: chat not found")
        if chat_id in self.blocked:
            raise TelegramError(rules.BLOCKED, 403, benign=True)
        if self.require_known_chats and chat_id not in bot.known_chats:
            if chat_id > 0:
                raise TelegramError(rules.CANT_INITIATE, 403, benign=True)
            raise TelegramError("Bad Request: chat not found")
        return chat_id

    def _message_payload(self, bot: BotState, chat_id: int, message_id: int) -> dict[str, Any]:
        me = bot.me()
        return {
            "message_id": message_id,
            "from": {k: me[k] for k in ("id", "is_bot", "first_name", "username")},
            "chat": bot.chat(chat_id),
            "date": int(now()),
        }

    async def _record(
        self, bot: BotState, method: str, stored: StoredMessage, v: dict[str, Any]
    ) -> None:
        self.sent.append(
            SentMessage(
                token=bot.token,
                method=method,
                chat_id=stored.chat_id,
                message_id=stored.message_id,
                text=stored.text,
                plain_text=plain_text(stored.text, stored.parse_mode) if stored.text else None,
                parse_mode=stored.parse_mode,
                reply_markup=stored.reply_markup,
                document=v.get("document") if isinstance(v.get("document"), Upload) else None,
                timestamp=now(),
                params=dict(v),
            )
        )
        async with self.changed:
            self.changed.notify_all()

    async def _deliver(self, bot: BotState, method: str, v: dict[str, Any], kind: str) -> Any:
        chat_id = self.target_chat(bot, v)
        message_id = bot.take_message_id(chat_id)
        payload = self._message_payload(bot, chat_id, message_id)
        text = v.get("text") if kind == "text" else v.get("caption")
        if text:
            payload["text" if kind == "text" else "caption"] = plain_text(text, v.get("parse_mode"))
        markup = v.get("reply_markup")
        if markup and "inline_keyboard" in markup:
            payload["reply_markup"] = markup
        elif markup and "keyboard" in markup:
            bot.reply_keyboards[chat_id] = markup
        elif markup and "remove_keyboard" in markup:
            bot.reply_keyboards.pop(chat_id, None)
        if kind != "text":
            payload.update(file_payload(bot, kind, v[kind]))
        stored = StoredMessage(
            chat_id, message_id, kind, text, v.get("parse_mode"), markup, payload
        )
        bot.messages[(chat_id, message_id)] = stored
        await self._record(bot, method, stored, v)
        return payload

    async def send_message(self, bot: BotState, v: dict[str, Any]) -> Any:
        return await self._deliver(bot, "sendMessage", v, "text")

    async def send_file(self, kind: str, bot: BotState, v: dict[str, Any]) -> Any:
        return await self._deliver(bot, "sendPhoto" if kind == "photo" else "sendDocument", v, kind)

    async def edit_message(self, method: str, bot: BotState, v: dict[str, Any]) -> Any:
        if "inline_message_id" in v:
            raise TelegramError("Bad Request: message to edit not found")
        chat_id = self.target_chat(bot, v)
        stored = bot.messages.get((chat_id, v["message_id"]))
        if stored is None:
            raise TelegramError("Bad Request: message to edit not found")
        text, parse_mode = stored.text, stored.parse_mode
        if method == "editMessageText":
            if stored.kind != "text":
                raise TelegramError("Bad Request: there is no text in the message to edit")
            text, parse_mode = v["text"], v.get("parse_mode")
        elif method == "editMessageCaption":
            if stored.kind == "text":
                raise TelegramError("Bad Request: there is no caption in the message to edit")
            text, parse_mode = v.get("caption"), v.get("parse_mode")
        markup = v.get("reply_markup")
        same_text = plain_text(text or "", parse_mode) == plain_text(
            stored.text or "", stored.parse_mode
        )
        if same_text and markup == (stored.reply_markup or None):
            self.not_modified.append(f"message {v['message_id']} in chat {chat_id}")
            raise TelegramError(rules.NOT_MODIFIED, benign=not self.count_not_modified)
        stored.text, stored.parse_mode, stored.reply_markup = text, parse_mode, markup
        field = "text" if stored.kind == "text" else "caption"
        stored.payload.pop(field, None)
        if text:
            stored.payload[field] = plain_text(text, parse_mode)
        stored.payload.pop("reply_markup", None)
        if markup:
            stored.payload["reply_markup"] = markup
        stored.payload["edit_date"] = int(now())
        await self._record(bot, method, stored, v)
        return stored.payload

    async def delete_message(self, bot: BotState, v: dict[str, Any]) -> Any:
        chat_id = self.target_chat(bot, v)
        if bot.messages.pop((chat_id, v["message_id"]), None) is None:
            raise TelegramError("Bad Request: message to delete not found")
        return True

    async def answer_callback_query(self, bot: BotState, v: dict[str, Any]) -> Any:
        query = bot.queries.get(v["callback_query_id"])
        if query is None or query.answered:
            raise TelegramError(rules.QUERY_INVALID)
        query.answered = True
        self.callback_answers.append(
            CallbackAnswer(
                callback_query_id=v["callback_query_id"],
                user_id=query.user_id,
                data=query.data,
                text=v.get("text"),
                show_alert=bool(v.get("show_alert", False)),
                url=v.get("url"),
                timestamp=now(),
            )
        )
        async with self.changed:
            self.changed.notify_all()
        return True

    async def send_chat_action(self, bot: BotState, v: dict[str, Any]) -> Any:
        self.target_chat(bot, v)
        if v["action"] not in rules.CHAT_ACTIONS:
            raise TelegramError("Bad Request: wrong parameter action in request")
        return True

    async def get_chat(self, bot: BotState, v: dict[str, Any]) -> Any:
        chat_id = self.target_chat(bot, v)
        info = self.spec.sample("ChatFullInfo")
        return {**info, **bot.chat(chat_id), "accent_color_id": 0, "max_reaction_count": 11}
