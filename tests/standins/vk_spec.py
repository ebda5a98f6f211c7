"""Validation of VK API calls against tests/specs/vk-api-schema (API 5.199)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .keyboard_rules import KeyboardError, check_vk_keyboard

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "specs" / "vk-api-schema"
SECTIONS = ("messages", "groups", "users", "photos", "docs")
GLOBAL_PARAMS = frozenset(
    {"access_token", "v", "lang", "test_mode", "captcha_sid", "captcha_key", "success_token"}
)
INVALID = "One of the parameters specified was missing or invalid"
_INTEGER = re.compile(r"-?\d+")
_BOOLEANS = {"1": True, "0": False, "true": True, "false": False}
EXTRA_REQUIRED = {"messages.send": ("random_id",)}
ALIASES = {"messages.edit": {"conversation_message_id": "cmid"}}


class VkError(Exception):
    """A failed call, rendered as VK renders it (HTTP 200 with an ``error`` object)."""

    def __init__(self, code: int, message: str, *, benign: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.benign = benign

    def payload(self, method: str, params: Mapping[str, str]) -> dict[str, Any]:
        request_params = [{"key": "method", "value": method}, {"key": "oauth", "value": "1"}]
        request_params += [
            {"key": key, "value": str(value)}
            for key, value in params.items()
            if key != "access_token"
        ]
        return {
            "error": {
                "error_code": self.code,
                "error_msg": self.message,
                "request_params": request_params,
            }
        }


def invalid(detail: str) -> VkError:
    return VkError(100, f"{INVALID}: {detail}")


@dataclass(frozen=True)
class Method:
    name: str
    params: dict[str, dict[str, Any]]
    required: frozenset[str]
    token_types: tuple[str, ...]


class VkSpec:
    def __init__(self, root: Path = SCHEMA_DIR) -> None:
        self.root = root
        self._files: dict[str, dict[str, Any]] = {}
        self.methods: dict[str, Method] = {}
        for section in SECTIONS:
            for entry in json.loads((root / section / "methods.json").read_text("utf-8"))[
                "methods"
            ]:
                params = {p["name"]: p for p in entry.get("parameters", [])}
                required = {name for name, p in params.items() if p.get("required")}
                required |= set(EXTRA_REQUIRED.get(entry["name"], ()))
                self.methods[entry["name"]] = Method(
                    entry["name"],
                    params,
                    frozenset(required),
                    tuple(entry.get("access_token_type", ())),
                )
        errors = json.loads((root / "errors.json").read_text("utf-8"))["errors"]
        self.error_texts: dict[int, str] = {e["code"]: e["description"] for e in errors.values()}
        action = self.resolve(
            "../messages/objects.json#/definitions/messages_keyboard_button_property_action"
        )
        assert action is not None
        self.keyboard_actions = {
            kind: self.resolve(ref) or {}
            for kind, ref in action["discriminator"]["mapping"].items()
        }
        button = self.resolve("../messages/objects.json#/definitions/messages_keyboard_button")
        assert button is not None
        self.button_colors = tuple(button["properties"]["color"]["enum"])

    def resolve(self, ref: str) -> dict[str, Any] | None:
        """Definition behind a ``../section/file.json#/definitions/name`` reference."""
        path, _, pointer = ref.partition("#")
        file = path.removeprefix("../")
        if file not in self._files:
            target = self.root / file
            if not target.exists():
                return None
            self._files[file] = json.loads(target.read_text("utf-8"))
        node: Any = self._files[file]
        for part in pointer.strip("/").split("/"):
            node = node.get(part) if isinstance(node, dict) else None
        return node if isinstance(node, dict) else None

    def error_text(self, code: int) -> str:
        return self.error_texts.get(code, f"Error {code}")

    def validate(self, method: str, raw: Mapping[str, str]) -> tuple[dict[str, Any], list[str]]:
        """Decoded parameters and the names VK would silently ignore."""
        spec = self.methods[method]
        aliases = ALIASES.get(method, {})
        given = {aliases.get(k, k): v for k, v in raw.items() if k not in GLOBAL_PARAMS}
        unknown = [name for name in given if name not in spec.params]
        for name in sorted(spec.required):
            if given.get(name, "") == "":
                raise invalid(f"{name} is a required parameter")
        values: dict[str, Any] = {}
        for name, value in given.items():
            if name in spec.params:
                values[name] = self._value(name, spec.params[name], value)
        return values, unknown

    def _value(self, name: str, schema: Mapping[str, Any], value: str) -> Any:
        ref = schema.get("$ref")
        # messages.edit types its keyboard as a bare string; VK parses it as send does.
        if name == "keyboard" or (ref and ref.endswith("/messages_keyboard")):
            try:
                return check_vk_keyboard(value, self.keyboard_actions, self.button_colors)
            except KeyboardError as exc:
                raise VkError(911, f"{self.error_text(911)}: {exc}") from None
        if ref:
            definition = self.resolve(ref) or {}
            if definition.get("type") == "object":
                return self._object(name, definition, value)
            schema = {**definition, **{k: v for k, v in schema.items() if k != "$ref"}}
        kind = schema.get("type")
        if kind == "array":
            items = schema.get("items", {})
            parts = [] if value == "" else value.split(",")
            if "maxItems" in schema and len(parts) > schema["maxItems"]:
                raise invalid(f"{name} has more than {schema['maxItems']} items")
            return [self._value(name, items, part.strip()) for part in parts]
        return self._scalar(name, schema, kind, value)

    def _scalar(self, name: str, schema: Mapping[str, Any], kind: Any, value: str) -> Any:
        result: Any = value
        if kind == "integer":
            if not _INTEGER.fullmatch(value.strip()):
                raise invalid(f"{name} not integer")
            result = int(value)
            if schema.get("format") == "int32" and not -(2**31) <= result < 2**31:
                raise invalid(f"{name} is out of int32 range")
            if "minimum" in schema and result < schema["minimum"]:
                raise invalid(f"{name} should be at least {schema['minimum']}")
            if "maximum" in schema and result > schema["maximum"]:
                raise invalid(f"{name} should be at most {schema['maximum']}")
        elif kind == "number":
            try:
                result = float(value)
            except ValueError:
                raise invalid(f"{name} not number") from None
        elif kind == "boolean":
            if value.lower() not in _BOOLEANS:
                raise invalid(f"{name} not boolean")
            result = _BOOLEANS[value.lower()]
        elif kind == "string" and "maxLength" in schema and len(value) > schema["maxLength"]:
            raise invalid(f"{name} is too long (maximum is {schema['maxLength']})")
        enum = schema.get("enum")
        if enum is not None and result not in enum:
            raise invalid(f"{name} should be one of {', '.join(map(str, enum))}")
        return result

    def _object(self, name: str, definition: Mapping[str, Any], value: str) -> dict[str, Any]:
        try:
            parsed = json.loads(value)
        except ValueError:
            raise invalid(f"{name} is not valid JSON") from None
        if not isinstance(parsed, dict):
            raise invalid(f"{name} must be a JSON object")
        properties = definition.get("properties", {})
        for key, item in parsed.items():
            if key not in properties:
                raise invalid(f"{name}.{key} is not supported")
            expected = properties[key].get("type")
            if expected and not _json_matches(expected, item, properties[key]):
                raise invalid(f"{name}.{key} should be {expected}")
        return parsed


def _json_matches(expected: str, item: Any, schema: Mapping[str, Any]) -> bool:
    if expected == "array":
        inner = schema.get("items", {}).get("type")
        return isinstance(item, list) and all(
            not inner or _json_matches(inner, x, schema.get("items", {})) for x in item
        )
    checks: dict[str, Any] = {
        "integer": lambda x: isinstance(x, int) and not isinstance(x, bool),
        "number": lambda x: isinstance(x, int | float) and not isinstance(x, bool),
        "boolean": lambda x: isinstance(x, bool),
        "string": lambda x: isinstance(x, str),
        "object": lambda x: isinstance(x, dict),
    }
    check = checks.get(expected)
    return bool(check is None or check(item))
