"""A thin client of the MAX Bot API on aiohttp: the few calls the journal makes, JSON in and out.

Why not the `maxapi` SDK: see the README (МАКС). In short, pacing, retries and error mapping are
the delivery loop's, so this client makes exactly one request per call, hides no retry and no
sleep, and hands every refusal over with MAX's own status and error code.
"""

import asyncio
import logging
from typing import Any

import aiohttp

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://platform-api2.max.ru"  # the OpenAPI description's server
REQUEST_TIMEOUT = 30.0
UPLOAD_TIMEOUT_SECONDS = 120.0
DOWNLOAD_CHUNK = 64 * 1024
NOT_READY = "attachment.not.ready"

Json = dict[str, Any]


class MaxApiError(Exception):
    """MAX refused a request: the HTTP status, MAX's error code ("chat.denied") and message."""

    def __init__(self, status: int, code: str, message: str, retry_after: float | None = None):
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.retry_after = retry_after


class MaxNetworkError(Exception):
    """No answer from MAX: a connection failure or a timeout."""


class FileTooBig(Exception):
    """A file MAX links to is bigger than the caller's limit; nothing past the limit was read."""


def message_body(text: str, attachments: list[Json] | None = None) -> Json:
    """NewMessageBody as the OpenAPI description requires it (text, attachments and link are
    required there, the last two may be null); plain text, so no `format`."""
    return {"text": text, "attachments": attachments or [], "link": None}


def _retry_after(response: aiohttp.ClientResponse) -> float | None:
    value = response.headers.get("Retry-After", "")
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


class MaxClient:
    """One bot token. Owns its aiohttp session; `close()` it when done."""

    def __init__(
        self, token: str, api_url: str = DEFAULT_API_URL, *, timeout: float = REQUEST_TIMEOUT
    ) -> None:
        self._token = token
        self.api_url = api_url.rstrip("/")
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str | int] | None = None,
        body: Json | None = None,
        timeout: float | None = None,  # noqa: ASYNC109
    ) -> Json:
        """One API request; the JSON object answered, else MaxApiError or MaxNetworkError."""
        headers = {"Authorization": self._token}
        options: dict[str, Any] = {"params": params or {}, "headers": headers}
        if body is not None:
            options["json"] = body
        if timeout is not None:
            options["timeout"] = aiohttp.ClientTimeout(total=timeout)
        try:
            async with self._http().request(method, self.api_url + path, **options) as response:
                try:
                    answer = await response.json(content_type=None)
                except ValueError:
                    answer = None
                if response.status != 200 or not isinstance(answer, dict):
                    found = answer if isinstance(answer, dict) else {}
                    raise MaxApiError(
                        response.status,
                        str(found.get("code") or "http.error"),
                        str(found.get("message") or found.get("error") or response.reason),
                        _retry_after(response),
                    )
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise MaxNetworkError(repr(exc)) from exc
        if answer.get("success") is False:  # SimpleQueryResult: 200, yet not done
            raise MaxApiError(200, "not.success", str(answer.get("message") or ""))
        return answer

    async def me(self) -> Json:
        return await self.call("GET", "/me")

    async def send(self, user_id: int, body: Json) -> Json:
        """POST /messages to a person's dialog; the Message MAX stored."""
        answer = await self.call("POST", "/messages", params={"user_id": user_id}, body=body)
        message = answer.get("message")
        return message if isinstance(message, dict) else {}

    async def edit(self, message_id: str, body: Json) -> None:
        await self.call("PUT", "/messages", params={"message_id": message_id}, body=body)

    async def answer(self, callback_id: str, answer: Json) -> None:
        """POST /answers: `message` replaces the pressed message, `notification` is a toast."""
        await self.call("POST", "/answers", params={"callback_id": callback_id}, body=answer)

    async def updates(self, marker: int | None, wait: int, types: list[str]) -> Json:
        """GET /updates: what happened after `marker`, waiting up to `wait` seconds for it."""
        params: dict[str, str | int] = {"timeout": wait, "types": ",".join(types)}
        if marker is not None:
            params["marker"] = marker
        return await self.call("GET", "/updates", params=params, timeout=wait + 15)

    async def subscriptions(self) -> list[Json]:
        found = (await self.call("GET", "/subscriptions")).get("subscriptions")
        return [s for s in found or [] if isinstance(s, dict)]

    async def subscribe(self, url: str, secret: str, types: list[str]) -> None:
        body = {"url": url, "update_types": types, "secret": secret}
        await self.call("POST", "/subscriptions", body=body)

    async def unsubscribe(self, url: str) -> None:
        await self.call("DELETE", "/subscriptions", params={"url": url})

    async def upload(self, kind: str, filename: str, content: bytes) -> Json:
        """POST /uploads, then the file itself to the URL given: the attachment's payload (a
        token), to be sent as {"type": kind, "payload": ...}. kind is "file" or "image"."""
        endpoint = await self.call("POST", "/uploads", params={"type": kind})
        form = aiohttp.FormData(quote_fields=False)
        form.add_field("data", content, filename=filename)
        timeout = aiohttp.ClientTimeout(total=UPLOAD_TIMEOUT_SECONDS)
        try:
            async with self._http().post(
                str(endpoint["url"]),
                data=form,
                headers={"Authorization": self._token},
                timeout=timeout,
            ) as response:
                answer = await response.json(content_type=None)
                if response.status != 200 or not isinstance(answer, dict):
                    raise MaxApiError(response.status, "upload.failed", str(answer)[:200])
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            raise MaxNetworkError(repr(exc)) from exc
        if isinstance(answer.get("photos"), dict):  # an image: its tokens as MAX listed them
            return {"photos": answer["photos"]}
        token = answer.get("token") or endpoint.get("token")
        if not token:
            raise MaxApiError(200, "upload.failed", "no token for the uploaded file")
        return {"token": str(token)}

    async def download(self, url: str, limit: int) -> bytes:
        """A file a person sent (its payload URL): at most `limit` bytes, else FileTooBig."""
        timeout = aiohttp.ClientTimeout(total=UPLOAD_TIMEOUT_SECONDS)
        async with self._http().get(url, timeout=timeout) as response:
            response.raise_for_status()
            if response.content_length is not None and response.content_length > limit:
                raise FileTooBig(url)
            content = bytearray()
            async for chunk in response.content.iter_chunked(DOWNLOAD_CHUNK):
                content += chunk
                if len(content) > limit:
                    raise FileTooBig(url)
        return bytes(content)


async def send_retrying_not_ready(
    client: MaxClient, user_id: int, body: Json, *, waits: tuple[float, ...] = (0.5, 1, 2, 4, 8)
) -> Json:
    """A message with a just-uploaded file: MAX answers "attachment.not.ready" while it is still
    processing the file, so the same message is tried again after growing pauses."""
    for wait in waits:
        try:
            return await client.send(user_id, body)
        except MaxApiError as exc:
            if exc.code != NOT_READY:
                raise
            log.info("MAX: the attachment is not ready yet, retrying in %.1f s", wait)
            await asyncio.sleep(wait)
    return await client.send(user_id, body)
