"""aiogram's HTTP session, sending requests without files as JSON.

aiogram posts every request as a form: each text is percent-encoded in pure Python, and a
long Cyrillic reply with its keyboard cost more to encode than the journal took to read it.
The Bot API takes application/json for any request without a file upload; requests with
files (photos, documents) still go as multipart forms, as aiogram builds them.

Answers are read as aiogram reads them, less one part the bot never uses (see _loads).

The request is dumped by pydantic in one call; aiogram's own per-value walk (prepare_value)
is kept for what plain JSON cannot say: files, default values set on the bot below the top
level, dates and durations. Any of those anywhere in the request sends it aiogram's way.
"""

import datetime
import json
from enum import Enum
from typing import Any

from aiogram import Bot
from aiogram.client.default import Default
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.methods import TelegramMethod
from aiogram.types import InputFile
from aiohttp import FormData
from aiohttp.payload import JsonPayload

_NOT_PLAIN = (InputFile, Default, datetime.datetime, datetime.timedelta)


def _dumps(value: Any) -> str:
    # Cyrillic as UTF-8, not \uXXXX escapes: a third of the bytes to write and to read.
    return json.dumps(value, ensure_ascii=False)


def _plain(value: Any) -> bool:
    """Whether json.dumps writes the value as aiogram's prepare_value would."""
    if isinstance(value, dict):
        return all(_plain(item) for item in value.values())
    if isinstance(value, list):
        return all(_plain(item) for item in value)
    if isinstance(value, _NOT_PLAIN):
        return False
    return not isinstance(value, Enum) or isinstance(value, str | int)


def _loads(content: str) -> Any:
    """The answer, without the keyboard a sent or edited message repeats back (`result` is
    then that message): the bot never reads it, and turning it into aiogram's objects cost
    some 5 µs a button, more than the rest of the message."""
    data = json.loads(content)
    result = data.get("result") if isinstance(data, dict) else None
    if isinstance(result, dict):
        result.pop("reply_markup", None)
    return data


class JsonSession(AiohttpSession):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("json_loads", _loads)
        super().__init__(**kwargs)

    def build_form_data(self, bot: Bot, method: TelegramMethod[Any]) -> FormData:
        fields: dict[str, Any] = {}
        for key, value in method.model_dump(warnings=False, exclude_none=True).items():
            if isinstance(value, Default):
                value = bot.default[value.name]
            if value is None or value == "":  # what the form leaves out, too
                continue
            if not _plain(value):
                return super().build_form_data(bot, method)
            fields[key] = value
        # make_request passes this on as the request's body, as it would the form.
        return JsonPayload(fields, dumps=_dumps)  # type: ignore[return-value]
