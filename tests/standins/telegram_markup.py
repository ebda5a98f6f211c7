"""Telegram's entity parsers (HTML, MarkdownV2, Markdown), after tdlib's MessageEntity.cpp.

Each parser returns the plain text left after parsing or raises ``EntityParseError``
with the wording Telegram puts after "Bad Request: can't parse entities: ".
"""

from __future__ import annotations

import html
import re

HTML_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "tg-time",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)
HTML_SPACES = " \t\r\n\f\v"
MARKDOWN_V2_RESERVED = "_*[]()~`>#+-=|{}.!"
_NUMERIC_ENTITY = re.compile(r"&#(x[0-9a-fA-F]{1,6}|[0-9]{1,7});")
_NAMED_ENTITIES = {"&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"'}


class EntityParseError(ValueError):
    pass


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _decode_entity(text: str, i: int) -> tuple[str, int] | None:
    for name, char in _NAMED_ENTITIES.items():
        if text.startswith(name, i):
            return char, i + len(name)
    match = _NUMERIC_ENTITY.match(text, i)
    if match is None:
        return None
    body = match.group(1)
    code = int(body[1:], 16) if body[0] == "x" else int(body)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code), match.end()


def _html_attributes(text: str, i: int, tag: str, begin: int) -> tuple[dict[str, str], int]:
    attributes: dict[str, str] = {}
    size = len(text)
    while i < size and text[i] != ">":
        while i < size and text[i] in HTML_SPACES:
            i += 1
        if i < size and text[i] == ">":
            break
        name_begin = i
        while i < size and text[i] not in HTML_SPACES and text[i] not in "=>":
            i += 1
        name = text[name_begin:i].lower()
        if not name:
            offset = _byte_offset(text, begin)
            raise EntityParseError(
                f'Empty attribute name in the tag "{tag}" at byte offset {offset}'
            )
        while i < size and text[i] in HTML_SPACES:
            i += 1
        if i >= size or text[i] != "=":
            if tag == "blockquote" and name == "expandable":
                attributes[name] = ""
                continue
            raise EntityParseError(
                f'Expected equal sign in declaration of an attribute of the tag "{tag}" '
                f"at byte offset {_byte_offset(text, begin)}"
            )
        i += 1
        while i < size and text[i] in HTML_SPACES:
            i += 1
        if i >= size:
            raise EntityParseError(
                f'Unclosed start tag "{tag}" at byte offset {_byte_offset(text, begin)}'
            )
        if text[i] in "'\"":
            quote = text[i]
            end = text.find(quote, i + 1)
            end = size if end < 0 else end
            attributes[name] = html.unescape(text[i + 1 : end])
            i = min(end + 1, size)
        else:
            token_begin = i
            while i < size and (text[i].isalnum() or text[i] in ".-"):
                i += 1
            attributes[name] = text[token_begin:i].lower()
            if i < size and text[i] not in HTML_SPACES and text[i] != ">":
                raise EntityParseError(
                    f"Unexpected end of name token at byte offset {_byte_offset(text, token_begin)}"
                )
        if i >= size:
            raise EntityParseError(f"Unclosed start tag at byte offset {_byte_offset(text, begin)}")
    return attributes, i


def parse_html(text: str) -> str:
    result: list[str] = []
    open_tags: list[str] = []
    size = len(text)
    i = 0
    while i < size:
        char = text[i]
        if char == "&":
            decoded = _decode_entity(text, i)
            if decoded is not None:
                result.append(decoded[0])
                i = decoded[1]
                continue
        if char != "<":
            result.append(char)
            i += 1
            continue
        begin = i
        i += 1
        if i < size and text[i] == "/":
            if not open_tags:
                raise EntityParseError(
                    f"Unexpected end tag at byte offset {_byte_offset(text, begin)}"
                )
            i += 1
            while i < size and text[i] not in HTML_SPACES and text[i] != ">":
                i += 1
            end_name = text[begin + 2 : i].lower()
            while i < size and text[i] in HTML_SPACES:
                i += 1
            if i >= size or text[i] != ">":
                raise EntityParseError(
                    f"Unclosed end tag at byte offset {_byte_offset(text, begin)}"
                )
            expected = open_tags.pop()
            if end_name and end_name != expected:
                raise EntityParseError(
                    f"Unmatched end tag at byte offset {_byte_offset(text, begin)}, "
                    f'expected "</{expected}>", found "</{end_name}>"'
                )
            i += 1
            continue
        while i < size and text[i] not in HTML_SPACES and text[i] != ">":
            i += 1
        if i >= size:
            raise EntityParseError(f"Unclosed start tag at byte offset {_byte_offset(text, begin)}")
        tag = text[begin + 1 : i].lower()
        if tag not in HTML_TAGS:
            raise EntityParseError(
                f'Unsupported start tag "{tag}" at byte offset {_byte_offset(text, begin)}'
            )
        attributes, i = _html_attributes(text, i, tag, begin)
        if tag == "span" and attributes.get("class") != "tg-spoiler":
            offset = _byte_offset(text, begin)
            raise EntityParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {offset}'
            )
        open_tags.append(tag)
        i += 1
    if open_tags:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{open_tags[-1]}"')
    return "".join(result)


_V2_ENTITY_NAMES = {
    "*": "Bold",
    "_": "Italic",
    "__": "Underline",
    "~": "Strikethrough",
    "||": "Spoiler",
    "[": "TextUrl",
    "![": "CustomEmoji",
    "`": "Code",
    "```": "Pre",
}


def _v2_closes(opener: str, text: str, i: int) -> bool:
    char = text[i]
    nxt = text[i + 1 : i + 2]
    return {
        "*": char == "*",
        "_": char == "_" and nxt != "_",
        "__": text.startswith("__", i),
        "~": char == "~",
        "||": text.startswith("||", i),
        "[": char == "]",
        "![": char == "]",
        "`": char == "`",
        "```": text.startswith("```", i),
    }[opener]


def _v2_url(text: str, i: int) -> int:
    if not text.startswith("(", i):
        return i
    begin = i
    i += 1
    while i < len(text) and text[i] != ")":
        i += 2 if text[i] == "\\" else 1
    if i >= len(text):
        raise EntityParseError(
            f"Can't find end of a URL at byte offset {_byte_offset(text, begin)}"
        )
    return i + 1


def parse_markdown_v2(text: str) -> str:
    result: list[str] = []
    stack: list[tuple[str, int]] = []
    size = len(text)
    i = 0
    while i < size:
        char = text[i]
        if char == "\\" and i + 1 < size and 0 < ord(text[i + 1]) <= 126:
            result.append(text[i + 1])
            i += 2
            continue
        in_code = bool(stack) and stack[-1][0] in ("`", "```")
        if (in_code and char != "`") or char not in MARKDOWN_V2_RESERVED:
            result.append(char)
            i += 1
            continue
        if stack and _v2_closes(stack[-1][0], text, i):
            opener = stack.pop()[0]
            i += 3 if opener == "```" else 2 if opener in ("__", "||") else 1
            if opener in ("[", "!["):
                i = _v2_url(text, i)
            continue
        start = i
        if char == ">" and (i == 0 or text[i - 1] == "\n"):
            i += 1
            continue
        if text.startswith("```", i):
            opener = "```"
            newline = text.find("\n", i + 3)
            i = i + 3 if newline < 0 or " " in text[i + 3 : newline] else newline + 1
        elif text.startswith("__", i) or text.startswith("||", i) or text.startswith("![", i):
            opener = text[i : i + 2]
            i += 2
        elif char in "*_~[`":
            opener = char
            i += 1
        else:
            raise EntityParseError(
                f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
            )
        stack.append((opener, start))
    if stack:
        opener, start = stack[-1]
        raise EntityParseError(
            f"Can't find end of {_V2_ENTITY_NAMES[opener]} entity at byte offset "
            f"{_byte_offset(text, start)}"
        )
    return "".join(result)


def parse_markdown(text: str) -> str:
    result: list[str] = []
    size = len(text)
    i = 0
    while i < size:
        char = text[i]
        if char == "\\" and i + 1 < size and text[i + 1] in "_*`[":
            result.append(text[i + 1])
            i += 2
            continue
        if char not in "_*`[":
            result.append(char)
            i += 1
            continue
        begin = i
        end_char = "]" if char == "[" else char
        is_pre = text.startswith("```", i)
        i += 3 if is_pre else 1
        end = text.find("```" if is_pre else end_char, i)
        if end < 0:
            raise EntityParseError(
                f"Can't find end of the entity starting at byte offset {_byte_offset(text, begin)}"
            )
        result.append(text[i:end])
        i = end + (3 if is_pre else 1)
        if char == "[" and text.startswith("(", i):
            close = text.find(")", i)
            i = size if close < 0 else close + 1
    return "".join(result)


def plain_text(text: str, parse_mode: str | None) -> str:
    """Text as the user sees it; raises EntityParseError like Telegram does."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        return parse_html(text)
    if mode == "markdownv2":
        return parse_markdown_v2(text)
    if mode == "markdown":
        return parse_markdown(text)
    return text
