"""Telegram limits and error wordings that the Bot API spec states only in prose."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .telegram_markup import EntityParseError, plain_text
from .telegram_types import Field, TelegramError

PARSE_MODES = frozenset({"html", "markdown", "markdownv2"})
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
DEFAULT_ALLOWED_UPDATES = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "purchased_paid_media",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
    }
)
DEPRECATED = {
    "disable_web_page_preview": ("link_preview_options", "Boolean"),
    "reply_to_message_id": ("reply_parameters", "Integer"),
    "allow_sending_without_reply": ("reply_parameters", "Boolean"),
}
BOT_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
LENGTH_LIMIT = re.compile(r"(\d+)-(\d+) (characters|bytes)")
AT_MOST = re.compile(r"At most (\d+) [\w ]+ can be specified")
EXACTLY_ONE = re.compile(r"Exactly one of the fields other than (.+?) must be used")
CONDITIONAL = re.compile(
    r"[Rr]equired if ([a-z_]+(?: and [a-z_]+)?) (?:is not|are not|isn't|aren't) specified"
)
DISCRIMINATOR = re.compile(r"(?:must be|always) [“\"]?([a-z_]+)[”\"]?")

TOO_LONG: dict[tuple[str, str], str] = {
    ("sendMessage", "text"): "message is too long",
    ("editMessageText", "text"): "message is too long",
    ("answerCallbackQuery", "text"): "MESSAGE_TOO_LONG",
    ("InlineKeyboardButton", "callback_data"): "BUTTON_DATA_INVALID",
    ("BotCommand", "command"): "BOT_COMMAND_INVALID",
    ("BotCommand", "description"): "BOT_COMMAND_DESCRIPTION_INVALID",
}
TOO_SHORT: dict[tuple[str, str], str] = {
    ("sendMessage", "text"): "message text is empty",
    ("editMessageText", "text"): "message text is empty",
    ("InlineKeyboardButton", "callback_data"): "BUTTON_DATA_INVALID",
    ("BotCommand", "command"): "BOT_COMMAND_INVALID",
    ("BotCommand", "description"): "BOT_COMMAND_DESCRIPTION_INVALID",
}
TOO_MANY: dict[tuple[str, str], str] = {
    ("setMyCommands", "commands"): "BOT_COMMANDS_TOO_MUCH",
}
MISSING: dict[str, str] = {
    "text": "message text is empty",
    "chat_id": "chat_id is empty",
    "message_id": "message identifier is not specified",
    "callback_query_id": "query is too old and response timeout expired or query ID is invalid",
}
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"
BLOCKED = "Forbidden: bot was blocked by the user"
CANT_INITIATE = "Forbidden: bot can't initiate conversation with a user"


def too_long_wording(owner: str, field: str) -> str:
    if field == "caption":
        return "message caption is too long"
    return TOO_LONG.get((owner, field), f'parameter "{field}" is too long')


def too_short_wording(owner: str, field: str) -> str:
    if field == "caption":
        return "message caption is too long"
    return TOO_SHORT.get((owner, field), f'parameter "{field}" is too short')


def type_context(type_name: str) -> str:
    """How Telegram names an object it failed to parse, e.g. "inline keyboard button"."""
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", type_name).lower()
    return words.replace("inline keyboard markup", "inline keyboard")


def check_bot_command(command: str) -> str | None:
    return None if BOT_COMMAND.fullmatch(command) else "Bad Request: BOT_COMMAND_INVALID"


def check_prose(
    owner: str, description: str, fields: tuple[Field, ...], values: dict[str, Any]
) -> None:
    """Limits the spec states in prose: lengths, counts, exactly-one-of, command syntax."""
    names = {f.name for f in fields}
    for field in fields:
        value = values.get(field.name)
        is_mode = field.name.endswith("parse_mode") and isinstance(value, str)
        if is_mode and str(value).lower() not in PARSE_MODES:
            raise TelegramError("Bad Request: unsupported parse_mode")
        if isinstance(value, str):
            check_length(owner, field, value, values, names)
        limit = AT_MOST.search(field.description)
        if isinstance(value, list) and limit and len(value) > int(limit.group(1)):
            wording = TOO_MANY.get((owner, field.name), f'too many elements in "{field.name}"')
            raise TelegramError(f"Bad Request: {wording}")
    if owner == "BotCommand" and (error := check_bot_command(values["command"])):
        raise TelegramError(error)
    check_exactly_one(owner, description, fields, values)


def check_length(
    owner: str, field: Field, value: str, values: Mapping[str, Any], names: set[str]
) -> None:
    match = LENGTH_LIMIT.search(field.description)
    if match is None:
        return
    low, high, unit = int(match.group(1)), int(match.group(2)), match.group(3)
    text = value
    if "after entit" in field.description:
        mode_field = f"{field.name}_parse_mode"
        mode = values.get(mode_field if mode_field in names else "parse_mode")
        try:
            text = plain_text(value, mode if isinstance(mode, str) else None).strip()
        except EntityParseError as exc:
            raise TelegramError(f"Bad Request: can't parse entities: {exc}") from None
    length = len(text.encode("utf-8")) if unit == "bytes" else len(text)
    if length > high:
        raise TelegramError(f"Bad Request: {too_long_wording(owner, field.name)}")
    if length < low:
        raise TelegramError(f"Bad Request: {too_short_wording(owner, field.name)}")


def check_exactly_one(
    owner: str, description: str, fields: tuple[Field, ...], values: Mapping[str, Any]
) -> None:
    match = EXACTLY_ONE.search(description)
    if match is None:
        return
    excluded = {n.strip() for n in match.group(1).replace(" and ", ", ").split(",")}
    actions = [f.name for f in fields if not f.required and f.name not in excluded]
    used = [name for name in actions if values.get(name) is not None]
    context = type_context(owner)
    if not used and owner == "InlineKeyboardButton":
        raise TelegramError(
            f"Bad Request: can't parse {context}: Text buttons are unallowed in the inline keyboard"
        )
    if len(used) != 1:
        raise TelegramError(
            f"Bad Request: can't parse {context}: exactly one of the fields "
            f"{', '.join(actions)} must be used, got {used or 'none'}"
        )
