"""The neutral keyboard: what the conversation offers, before any platform renders it."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Button:
    label: str
    # A compact typed payload (see keyboards/payloads.py), never trusted when it comes back.
    payload: str = ""
    url: str | None = None


@dataclass(frozen=True)
class Keyboard:
    rows: tuple[tuple[Button, ...], ...]

    @classmethod
    def of(cls, *rows: list[Button] | tuple[Button, ...]) -> "Keyboard":
        return cls(tuple(tuple(r) for r in rows if r))

    def buttons(self) -> list[Button]:
        return [b for row in self.rows for b in row]
