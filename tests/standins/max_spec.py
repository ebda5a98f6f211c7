"""Validation of MAX Bot API calls against tests/specs/max-bot-api.openapi.json (v0.0.32).

Bodies are checked against their schemas as MAX checks them: every field must be one the
schema declares (MAX refuses unknown fields), required ones present, types, enums, lengths and
patterns respected; `allOf` parts are merged and a `discriminator` picks the variant (a button
or attachment of an unknown type is refused).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SPEC_FILE = Path(__file__).resolve().parent.parent / "specs" / "max-bot-api.openapi.json"
# The description says "Тип чата: диалог, чат" but its enum lists "chat" only; the API (and
# every client) also uses "dialog" for a bot's private dialogs and "channel".
ENUM_GAPS = {"ChatType": ["dialog", "chat", "channel"]}
GLOBAL_QUERY = frozenset({"access_token", "v"})


class MaxError(Exception):
    """A refusal, rendered as MAX renders it: the HTTP status and {"code", "message"}."""

    def __init__(self, status: int, code: str, message: str, *, benign: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.benign = benign
        self.headers: dict[str, str] = {}

    def payload(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


def invalid(message: str) -> MaxError:
    return MaxError(400, "proto.payload", message)


@dataclass
class Flat:
    """A schema with its allOf parts merged."""

    types: set[str] = field(default_factory=set)
    properties: dict[str, Any] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)
    discriminator: dict[str, Any] | None = None
    nullable: bool = False
    rules: dict[str, Any] = field(default_factory=dict)  # enum, lengths, items, pattern...


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    parameters: dict[str, dict[str, Any]]
    body: dict[str, Any] | None


class MaxSpec:
    def __init__(self, path: Path = SPEC_FILE) -> None:
        self.document = json.loads(path.read_text("utf-8"))
        self.schemas: dict[str, Any] = self.document["components"]["schemas"]
        for name, values in ENUM_GAPS.items():
            self.schemas[name] = {**self.schemas[name], "enum": values}
        self.operations: dict[tuple[str, str], Operation] = {}
        for route, item in self.document["paths"].items():
            for method, op in item.items():
                params = {p["name"]: p for p in op.get("parameters", []) if p.get("in") == "query"}
                body = op.get("requestBody", {}).get("content", {}).get("application/json")
                self.operations[(method.upper(), route)] = Operation(
                    method.upper(), route, params, body["schema"] if body else None
                )

    def schema(self, name: str) -> dict[str, Any]:
        return {"$ref": f"#/components/schemas/{name}"}

    def _resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            schema = self.schemas[schema["$ref"].rsplit("/", 1)[-1]]
        return schema

    def flatten(self, schema: dict[str, Any]) -> Flat:
        flat = Flat()
        self._merge(flat, schema)
        return flat

    def _merge(self, flat: Flat, schema: dict[str, Any]) -> None:
        if "$ref" in schema:
            flat.nullable = flat.nullable or bool(schema.get("nullable"))
        schema = {**self._resolve(schema), **{k: v for k, v in schema.items() if k != "$ref"}}
        for part in schema.get("allOf", []):
            self._merge(flat, part)
        if schema.get("type"):
            flat.types.add(schema["type"])
        flat.nullable = flat.nullable or bool(schema.get("nullable"))
        for name, prop in schema.get("properties", {}).items():
            known = flat.properties.get(name)
            flat.properties[name] = {"allOf": [known, prop]} if known else prop
        if isinstance(schema.get("required"), list):  # MessageBody.attachments says false
            flat.required |= set(schema["required"])
        if "discriminator" in schema and flat.discriminator is None:
            flat.discriminator = schema["discriminator"]
        for rule in ("enum", "maxLength", "minLength", "pattern", "items", "maxItems", "minimum"):
            if rule in schema:
                flat.rules[rule] = schema[rule]
        if "maximum" in schema:
            flat.rules["maximum"] = schema["maximum"]
        if "additionalProperties" in schema:
            flat.rules["additionalProperties"] = schema["additionalProperties"]

    def check(
        self, schema: dict[str, Any], value: Any, where: str, *, dispatch: bool = True
    ) -> None:
        """MaxError (400) unless `value` fits `schema` as MAX reads a request."""
        flat = self.flatten(schema)
        if value is None:
            if flat.nullable:
                return
            raise invalid(f"{where} must not be null")
        if flat.discriminator and dispatch and isinstance(value, dict):
            key = flat.discriminator["propertyName"]
            target = flat.discriminator["mapping"].get(value.get(key))
            if target is None:
                known = ", ".join(flat.discriminator["mapping"])
                raise invalid(f"{where}.{key} {value.get(key)!r} is not one of {known}")
            ref = target if isinstance(target, dict) else {"$ref": target}
            self.check(ref, value, where, dispatch=False)
            return
        self._check_type(flat, value, where)
        self._check_rules(flat, value, where)
        if isinstance(value, dict):
            self._check_object(flat, value, where)

    def _check_type(self, flat: Flat, value: Any, where: str) -> None:
        kinds = flat.types or ({"object"} if flat.properties else set())
        ok = {
            "string": isinstance(value, str),
            "integer": isinstance(value, int) and not isinstance(value, bool),
            "number": isinstance(value, int | float) and not isinstance(value, bool),
            "boolean": isinstance(value, bool),
            "array": isinstance(value, list),
            "object": isinstance(value, dict),
        }
        if kinds and not any(ok.get(k, True) for k in kinds):
            raise invalid(f"{where} should be {' or '.join(sorted(kinds))}, not {value!r:.60}")

    def _check_rules(self, flat: Flat, value: Any, where: str) -> None:
        rules = flat.rules
        if "enum" in rules and value not in rules["enum"]:
            raise invalid(f"{where} should be one of {rules['enum']}, not {value!r}")
        if isinstance(value, str | list):
            # The keyboard's "minLength": 1 stands on an array: read as at least one row.
            if "maxLength" in rules and len(value) > rules["maxLength"]:
                raise invalid(f"{where} is longer than {rules['maxLength']}")
            if "minLength" in rules and len(value) < rules["minLength"]:
                raise invalid(f"{where} is shorter than {rules['minLength']}")
        if isinstance(value, str) and "pattern" in rules and not re.search(rules["pattern"], value):
            raise invalid(f"{where} does not match {rules['pattern']}")
        if isinstance(value, list):
            if "maxItems" in rules and len(value) > rules["maxItems"]:
                raise invalid(f"{where} has more than {rules['maxItems']} items")
            for i, item in enumerate(value):
                if "items" in rules:
                    self.check(rules["items"], item, f"{where}[{i}]")
        if isinstance(value, int) and not isinstance(value, bool):
            if "minimum" in rules and value < rules["minimum"]:
                raise invalid(f"{where} is below {rules['minimum']}")
            if "maximum" in rules and value > rules["maximum"]:
                raise invalid(f"{where} is above {rules['maximum']}")

    def _check_object(self, flat: Flat, value: dict[str, Any], where: str) -> None:
        extra = flat.rules.get("additionalProperties")
        for name, item in value.items():
            if name in flat.properties:
                self.check(flat.properties[name], item, f"{where}.{name}")
            elif isinstance(extra, dict):
                self.check(extra, item, f"{where}.{name}")
            else:
                raise invalid(f"{where}.{name} is not a field MAX knows")
        for name in sorted(flat.required):
            # The description marks "link" required on MessageBody without declaring it.
            if name not in value and name in flat.properties:
                raise invalid(f"{where}.{name} is required")

    def query(self, op: Operation, raw: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
        """Decoded query parameters, and the unknown ones (MAX ignores them)."""
        values: dict[str, Any] = {}
        unknown = [name for name in raw if name not in op.parameters and name not in GLOBAL_QUERY]
        for name, param in op.parameters.items():
            if name not in raw:
                if param.get("required"):
                    raise invalid(f"{name} is a required query parameter")
                continue
            values[name] = self._query_value(name, self._resolve(param["schema"]), raw[name])
        return values, unknown

    def _query_value(self, name: str, schema: dict[str, Any], text: str) -> Any:
        kind = schema.get("type")
        value: Any = text
        if kind == "integer":
            if not re.fullmatch(r"-?\d+", text):
                raise invalid(f"{name} should be an integer, not {text!r}")
            value = int(text)
        elif kind == "boolean":
            if text not in ("true", "false"):
                raise invalid(f"{name} should be true or false")
            value = text == "true"
        elif kind == "array":
            value = [part for part in text.split(",") if part]
        if kind != "array":
            flat = Flat(rules={k: v for k, v in schema.items() if k != "items"})
            self._check_rules(flat, value, name)
        return value
