"""The Telegram stand-in in a process of its own, so that its work does not slow the process
under test; a small control API tells it about chats and reports what it received.

Run: python -m tests.notifications.standin_process [--rate-limits]; it prints "PORT <n>".
"""

import argparse
import asyncio
import contextlib
import signal
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import aiohttp
from aiohttp import web

from tests.standins import TelegramStandIn


class ControlledStandIn(TelegramStandIn):
    def routes(self, app: web.Application) -> None:
        super().routes(app)
        app.router.add_post("/control/chats", self._add_chats)
        app.router.add_get("/control/report", self._report)

    async def _add_chats(self, request: web.Request) -> web.Response:
        for chat in await request.json():
            self.add_chat(int(chat))
        return web.json_response(True)

    async def _report(self, request: web.Request) -> web.Response:
        return web.json_response(
            {
                "sent": [[m.chat_id, m.plain_text, m.timestamp] for m in self.messages()],
                "refused_429": sum(1 for c in self.calls if c.status == 429),
                "violations": self.violations,
            }
        )

    def messages(self) -> list[Any]:
        return [m for m in self.sent if m.method == "sendMessage"]


async def serve(rate_limits: bool) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    async with ControlledStandIn(rate_limits=rate_limits) as standin:
        print(f"PORT {standin.port}", flush=True)
        await stop.wait()


class StandInProcess:
    """Starts the stand-in process and talks to its control API."""

    def __init__(self, rate_limits: bool = False) -> None:
        args = [sys.executable, "-m", "tests.notifications.standin_process"]
        self.process = subprocess.Popen(
            [*args, *(["--rate-limits"] if rate_limits else [])],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline().split()
        if line[:1] != ["PORT"]:
            self.process.kill()
            raise RuntimeError("the stand-in process did not start")
        self.url = f"http://127.0.0.1:{line[1]}"

    async def add_chats(self, chats: list[int]) -> None:
        async with aiohttp.ClientSession() as http:
            await http.post(f"{self.url}/control/chats", json=chats)

    async def report(self) -> dict[str, Any]:
        async with aiohttp.ClientSession() as http, http.get(f"{self.url}/control/report") as r:
            result: dict[str, Any] = await r.json()
            return result

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


@contextlib.contextmanager
def standin_process(rate_limits: bool = False) -> Iterator[StandInProcess]:
    standin = StandInProcess(rate_limits)
    try:
        yield standin
    finally:
        standin.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate-limits", action="store_true")
    asyncio.run(serve(parser.parse_args().rate_limits))
