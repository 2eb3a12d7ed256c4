"""Whole-file JSON documents read one array item at a time.

``json.loads`` builds the whole document before korus sees the first record: a Comtrade+ API
response costs five to ten times its size in Python dicts, all alive at once. Here the text is
decoded once and each item of the one large array is parsed when it is needed and dropped
after, so a read holds the text and the records korus made of it, never the whole tree.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any, Final

_SPACE: Final = re.compile(r"[ \t\n\r]*")


def decoded(raw: bytes) -> str:
    """The text of a JSON document in bytes, decoded as ``json.loads`` would (UTF-8, -16 or
    -32, a UTF-8 byte-order mark allowed)."""
    encoding = json.detect_encoding(raw)
    if encoding == "utf-8" and raw.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    return raw.decode(encoding, "surrogatepass")


def _skip(text: str, at: int) -> int:
    match = _SPACE.match(text, at)
    assert match is not None  # the pattern matches the empty string
    return match.end()


def _expect(text: str, at: int, what: str) -> int:
    if text[at : at + 1] != what:
        raise json.JSONDecodeError(f"Expecting {what!r}", text, at)
    return _skip(text, at + 1)


class Array:
    """One array of a document: where it starts, how many items it holds, and the items
    themselves, parsed anew on each pass."""

    def __init__(
        self, text: str, start: int, decode: Callable[[str, int], tuple[Any, int]]
    ) -> None:
        self._text = text
        self._start = start
        self._decode = decode
        self.end = start
        self.count = 0
        for _ in self:  # a first pass finds the end and the count, keeping nothing
            self.count += 1

    def __iter__(self) -> Iterator[Any]:
        text = self._text
        at = _expect(text, self._start, "[")
        if text[at : at + 1] == "]":
            self.end = at + 1
            return
        while True:
            item, at = self._decode(text, at)
            yield item
            at = _skip(text, at)
            if text[at : at + 1] == "]":
                self.end = at + 1
                return
            at = _expect(text, at, ",")


def object_with_array(
    text: str, key: str, decoder: json.JSONDecoder, duplicate: Callable[[str], Exception]
) -> dict[str, Any] | None:
    """The top-level object of ``text`` with its member ``key`` as an :class:`Array` (if that
    member is an array); None when the document is no object. Raises ``ValueError`` (a
    ``json.JSONDecodeError``) for text that is not JSON and ``duplicate(name)`` for a member
    given twice."""
    at = _skip(text, 0)
    if text[at : at + 1] != "{":
        decoder.decode(text)  # not JSON at all is told apart from JSON of another shape
        return None
    at = _skip(text, at + 1)
    members: dict[str, Any] = {}
    if text[at : at + 1] == "}":
        at += 1
    else:
        while True:
            name, at = decoder.raw_decode(text, at)
            if not isinstance(name, str):
                raise json.JSONDecodeError("Expecting a member name", text, at)
            if name in members:
                raise duplicate(name)
            at = _expect(text, _skip(text, at), ":")
            if name == key and text[at : at + 1] == "[":
                array = Array(text, at, decoder.raw_decode)
                members[name], at = array, array.end
            else:
                members[name], at = decoder.raw_decode(text, at)
            at = _skip(text, at)
            if text[at : at + 1] == "}":
                at += 1
                break
            at = _expect(text, at, ",")
    if _skip(text, at) != len(text):
        raise json.JSONDecodeError("Extra data", text, at)
    return members


def top_level_array(text: str, decoder: json.JSONDecoder) -> Array | None:
    """The document's top-level array, its items parsed one at a time; None when the document
    is no array."""
    at = _skip(text, 0)
    if text[at : at + 1] != "[":
        decoder.decode(text)
        return None
    array = Array(text, at, decoder.raw_decode)
    if _skip(text, array.end) != len(text):
        raise json.JSONDecodeError("Extra data", text, array.end)
    return array
