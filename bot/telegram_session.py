"""aiogram's HTTP session, sending requests without files as JSON.

aiogram posts every request as a form: each text is percent-encoded in pure Python, and a
long Cyrillic reply with its keyboard cost more to encode than the journal took to read it.
The Bot API takes application/json for any request without a file upload; requests with
files (photos, documents) still go as multipart forms, as aiogram builds them.
"""

from typing import Any

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.methods import TelegramMethod
from aiohttp import FormData
from aiohttp.payload import JsonPayload


class JsonSession(AiohttpSession):
    def build_form_data(self, bot: Bot, method: TelegramMethod[Any]) -> FormData:
        files: dict[str, Any] = {}
        fields = {}
        for key, value in method.model_dump(warnings=False).items():
            # Nested objects stay objects (a form carries them as JSON strings instead).
            prepared = self.prepare_value(value, bot=bot, files=files, _dumps_json=False)
            if prepared is not None and prepared != "":  # what the form leaves out, too
                fields[key] = prepared
        if files:
            return super().build_form_data(bot, method)
        # make_request passes this on as the request's body, as it would the form.
        return JsonPayload(fields, dumps=self.json_dumps)  # type: ignore[return-value]
