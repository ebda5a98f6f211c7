"""An aiohttp server on 127.0.0.1 with a random free port, shared by both stand-ins."""

from __future__ import annotations

from dataclasses import dataclass
from types import TracebackType
from typing import Self

from aiohttp import web

MAX_BODY = 64 * 1024 * 1024


@dataclass(frozen=True)
class Upload:
    """A file the bot uploaded."""

    filename: str
    content_type: str
    data: bytes


def image_kind(data: bytes) -> str | None:
    signatures = {
        b"\x89PNG\r\n\x1a\n": "png",
        b"\xff\xd8\xff": "jpeg",
        b"GIF87a": "gif",
        b"GIF89a": "gif",
        b"BM": "bmp",
    }
    for signature, kind in signatures.items():
        if data.startswith(signature):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


class LoopbackServer:
    def __init__(self) -> None:
        self.port = 0
        self.closing = False
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:40123`` (no trailing slash)."""
        if not self.port:
            raise RuntimeError("the stand-in is not started")
        return f"http://127.0.0.1:{self.port}"

    def routes(self, app: web.Application) -> None:
        raise NotImplementedError

    async def release_waiters(self) -> None:
        """Wake long polls so that shutdown does not wait for them."""

    async def start(self) -> Self:
        app = web.Application(client_max_size=MAX_BODY)
        self.routes(app)
        runner = web.AppRunner(
            app, access_log=None, handler_cancellation=True, shutdown_timeout=2.0
        )
        await runner.setup()
        # Started again after stop(), it comes back on the same port (an outage that ends).
        site = web.TCPSite(runner, "127.0.0.1", self.port)
        await site.start()
        self._runner = runner
        self.port = int(runner.addresses[0][1])
        self.closing = False
        return self

    async def stop(self) -> None:
        if self._runner is None:
            return
        self.closing = True
        await self.release_waiters()
        await self._runner.cleanup()
        self._runner = None

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()
