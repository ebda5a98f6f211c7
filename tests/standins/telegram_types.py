"""Shared Bot API types: the error a call fails with, spec fields, JSON shapes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_JSON_NAMES = {"Integer": "Integer", "Float": "Number", "Boolean": "Boolean", "String": "String"}


class TelegramError(Exception):
    """A failed call, rendered as Telegram renders it."""

    def __init__(
        self,
        description: str,
        error_code: int = 400,
        retry_after: int | None = None,
        *,
        benign: bool = False,
    ) -> None:
        super().__init__(description)
        self.description = description
        self.error_code = error_code
        self.retry_after = retry_after
        self.benign = benign

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


@dataclass(frozen=True)
class Field:
    name: str
    types: tuple[str, ...]
    required: bool
    description: str


def shape(type_name: str) -> str:
    if type_name.startswith("Array of "):
        return "Array"
    return _JSON_NAMES.get(type_name, "Object")


def shape_of(value: Any) -> str:
    if isinstance(value, dict):
        return "Object"
    if isinstance(value, list):
        return "Array"
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int):
        return "Integer"
    if isinstance(value, float):
        return "Number"
    return "String"


def coerce(type_name: str, value: Any, nested: bool, fail: Exception) -> Any:
    if type_name == "String":
        if isinstance(value, str):
            return value
        if not nested and isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        raise fail
    if type_name == "Boolean":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false", "1", "0"):
            return value.lower() in ("true", "1")
        raise fail
    if isinstance(value, bool):
        raise fail
    if type_name == "Integer":
        if isinstance(value, int):
            return value
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value)
        raise fail
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(value)
    except (TypeError, ValueError):
        raise fail from None
