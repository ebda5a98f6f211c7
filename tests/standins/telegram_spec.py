"""Validation of Bot API calls against tests/specs/telegram-bot-api.json."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from . import telegram_rules as rules
from .server import Upload
from .telegram_types import Field, TelegramError, coerce, shape, shape_of

SPEC_PATH = Path(__file__).resolve().parent.parent / "specs" / "telegram-bot-api.json"
__all__ = ["TelegramError", "TelegramSpec", "Upload"]

PRIMITIVES = frozenset({"Integer", "Float", "Boolean", "String", "InputFile"})


class _FieldError(Exception):
    def __init__(self, type_name: str, message: str):
        super().__init__(message)
        self.type_name = type_name
        self.message = message


def _fields(entry: Mapping[str, Any]) -> tuple[Field, ...]:
    return tuple(
        Field(f["name"], tuple(f["types"]), bool(f["required"]), f.get("description", ""))
        for f in entry.get("fields", [])
    )


class TelegramSpec:
    def __init__(self, path: Path = SPEC_PATH) -> None:
        raw = json.loads(path.read_text(encoding="utf-8"))
        self.version: str = raw["version"]
        self.methods = {name: _fields(entry) for name, entry in raw["methods"].items()}
        self.returns = {name: tuple(entry["returns"]) for name, entry in raw["methods"].items()}
        self.type_fields = {name: _fields(entry) for name, entry in raw["types"].items()}
        self.subtypes = {
            name: tuple(entry["subtypes"])
            for name, entry in raw["types"].items()
            if "subtypes" in entry
        }
        self.variants = {name for name, entry in raw["types"].items() if "subtype_of" in entry}
        self.descriptions = {
            name: " ".join(entry.get("description", [])) for name, entry in raw["types"].items()
        }

    def has_method(self, name: str) -> bool:
        return name in self.methods

    def default_result(self, method: str) -> Any:
        """A minimal valid result for a method the stand-in does not implement."""
        returns = self.returns.get(method, ("Boolean",))
        if "Boolean" in returns or "True" in returns:
            return True
        return self.sample(returns[0])

    def sample(self, type_name: str, depth: int = 0) -> Any:
        """A value of ``type_name`` with every required field filled in."""
        if type_name.startswith("Array of ") or depth > 6:
            return []
        defaults = {"Integer": 0, "Float": 0.0, "Boolean": False, "String": "", "True": True}
        if type_name in defaults:
            return defaults[type_name]
        if type_name in self.subtypes:
            return self.sample(self._leaf_variants(type_name)[0], depth + 1)
        result: dict[str, Any] = {}
        for field in self.type_fields.get(type_name, ()):
            if field.required:
                match = rules.DISCRIMINATOR.search(field.description)
                value = self.sample(field.types[0], depth + 1)
                discriminated = match is not None and field.name in ("type", "status", "source")
                result[field.name] = match.group(1) if match and discriminated else value
        return result

    def validate(
        self,
        method: str,
        params: Mapping[str, Any],
        uploads: Mapping[str, Upload],
        deprecated: list[str] | None = None,
    ) -> dict[str, Any]:
        """Checked, decoded parameters; raises TelegramError as Telegram would.

        Parameters Telegram dropped from the docs but still honours (``DEPRECATED``) pass,
        and are noted in ``deprecated``.
        """
        fields = {f.name: f for f in self.methods[method]}
        for name, (successor, type_name) in rules.DEPRECATED.items():
            if name in params and successor in fields and name not in fields:
                fields[name] = Field(name, (type_name,), False, "")
                if deprecated is not None:
                    deprecated.append(f"{method}: {name} (superseded by {successor})")
        for name in params:
            if name not in fields:
                raise TelegramError(
                    f'Bad Request: parameter "{name}" is not defined for method {method}'
                )
        given = {k: v for k, v in params.items() if v is not None and v != ""}
        result: dict[str, Any] = {}
        for field in fields.values():
            if field.name not in given:
                if field.required or self._conditionally_required(field, given):
                    wording = rules.MISSING.get(field.name, f"{field.name} is empty")
                    raise TelegramError(f"Bad Request: {wording}")
                continue
            value = self._decode_top(field, given[field.name])
            try:
                result[field.name] = self._check(method, field, value, uploads, nested=False)
            except _FieldError as exc:
                context = rules.type_context(exc.type_name)
                raise TelegramError(f"Bad Request: can't parse {context}: {exc.message}") from None
        rules.check_prose(method, "", tuple(fields.values()), result)
        return result

    @staticmethod
    def _conditionally_required(field: Field, given: Mapping[str, Any]) -> bool:
        match = rules.CONDITIONAL.search(field.description)
        if match is None:
            return False
        return all(name not in given for name in match.group(1).split(" and "))

    @staticmethod
    def _decode_top(field: Field, value: Any) -> Any:
        complex_types = [t for t in field.types if t not in PRIMITIVES]
        if not complex_types or not isinstance(value, str):
            return value
        if "String" in field.types and value.lstrip()[:1] not in ("{", "["):
            return value
        try:
            return json.loads(value)
        except ValueError:
            context = rules.type_context(complex_types[0].removeprefix("Array of "))
            if field.name == "reply_markup":
                context = "reply keyboard markup"
            raise TelegramError(f"Bad Request: can't parse {context} JSON object") from None

    def _check(
        self, owner: str, field: Field, value: Any, uploads: Mapping[str, Upload], nested: bool
    ) -> Any:
        errors: list[tuple[tuple[int, int], Exception]] = []
        for type_name in field.types:
            try:
                return self._check_type(owner, field, type_name, value, uploads, nested)
            except (_FieldError, TelegramError) as exc:
                errors.append((self._fit(type_name, value), exc))
        errors.sort(key=lambda item: item[0])
        if errors[0][0][0] == 0 or len(field.types) == 1:
            raise errors[0][1]
        expected = " or ".join(dict.fromkeys(shape(t) for t in field.types))
        if nested:
            raise _FieldError(owner, f'Field "{field.name}" must be of type {expected}')
        raise TelegramError(f'Bad Request: parameter "{field.name}" must be of type {expected}')

    def _fit(self, type_name: str, value: Any) -> tuple[int, int]:
        if shape(type_name) != shape_of(value):
            return (1, 1)
        if not isinstance(value, dict):
            return (0, 0)
        required = [f.name for f in self.type_fields.get(type_name, ()) if f.required]
        return (0, 0 if all(name in value for name in required) else 1)

    def _type_error(self, owner: str, field: Field, type_name: str, nested: bool) -> Exception:
        expected = shape(type_name)
        if nested:
            return _FieldError(owner, f'Field "{field.name}" must be of type {expected}')
        return TelegramError(f'Bad Request: parameter "{field.name}" must be of type {expected}')

    def _check_type(
        self,
        owner: str,
        field: Field,
        type_name: str,
        value: Any,
        uploads: Mapping[str, Upload],
        nested: bool,
    ) -> Any:
        fail = self._type_error(owner, field, type_name, nested)
        if type_name.startswith("Array of "):
            if not isinstance(value, list):
                raise fail
            item = Field(field.name, (type_name.removeprefix("Array of "),), True, "")
            return [self._check(owner, item, v, uploads, nested=True) for v in value]
        if type_name == "InputFile":
            if nested or not isinstance(value, str) or not value.startswith("attach://"):
                raise fail
            upload = uploads.get(value.removeprefix("attach://"))
            if upload is None:
                raise TelegramError(f'Bad Request: file "{value}" not found in the request')
            return upload
        if type_name in PRIMITIVES:
            return coerce(type_name, value, nested, fail)
        if not isinstance(value, dict):
            raise fail
        return self._check_object(type_name, value, uploads)

    def _check_object(
        self, type_name: str, value: dict[str, Any], uploads: Mapping[str, Upload]
    ) -> dict[str, Any]:
        if type_name in self.subtypes:
            return self._check_variants(type_name, value, uploads)
        fields = self.type_fields.get(type_name, ())
        if not fields:
            return value
        known = {f.name for f in fields}
        for key in value:
            if key not in known:
                raise _FieldError(type_name, f'Field "{key}" is not defined for {type_name}')
        result: dict[str, Any] = {}
        for field in fields:
            if value.get(field.name) is None:
                if field.required:
                    expected = shape(field.types[0])
                    raise _FieldError(type_name, f'Field "{field.name}" must be of type {expected}')
                continue
            result[field.name] = self._check(type_name, field, value[field.name], uploads, True)
        rules.check_prose(type_name, self.descriptions.get(type_name, ""), fields, result)
        return result

    def _leaf_variants(self, type_name: str) -> list[str]:
        if type_name not in self.subtypes:
            return [type_name]
        return [leaf for sub in self.subtypes[type_name] for leaf in self._leaf_variants(sub)]

    def _check_variants(
        self, type_name: str, value: dict[str, Any], uploads: Mapping[str, Upload]
    ) -> dict[str, Any]:
        candidates = self._leaf_variants(type_name)
        matching = [c for c in candidates if self._discriminator_matches(c, value)]
        if not matching:
            raise _FieldError(type_name, f"unsupported {type_name} type")
        first: _FieldError | None = None
        for candidate in matching:
            try:
                return self._check_object(candidate, value, uploads)
            except _FieldError as exc:
                first = first or exc
        assert first is not None
        raise first

    def _discriminator_matches(self, type_name: str, value: Mapping[str, Any]) -> bool:
        for field in self.type_fields.get(type_name, ()):
            match = rules.DISCRIMINATOR.search(field.description)
            if field.name in ("type", "source", "status") and match:
                return value.get(field.name) == match.group(1)
        return True
