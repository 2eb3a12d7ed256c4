"""What every reader shares: opening a source, decoding its lines, and rejected rows.

A reader turns each row it reads into exactly one thing: a record, or a :class:`RejectedRow`
saying where, which column, which value and why. Bad rows never vanish.
"""

from __future__ import annotations

import io
import pathlib
from collections.abc import Iterator
from typing import Any, BinaryIO, Final

import attrs

from korus._errors import InvalidTypeError, InvalidValueError, ParseError
from korus._validate import instance_of

__all__ = ["RejectedRow"]

MAX_LINE: Final = 100_000


@attrs.frozen
class RejectedRow:
    """A row korus could not read as a flow: where, which column, what value, and why.

    >>> str(RejectedRow(5, "flowCode", "Q", "is not M, X, RM or RX"))
    "line 5, flowCode='Q': is not M, X, RM or RX"
    """

    line: int = attrs.field(validator=instance_of(int, "line"))
    column: str = attrs.field(validator=instance_of(str, "column"))
    value: str = attrs.field(validator=instance_of(str, "value"))
    reason: str = attrs.field(validator=instance_of(str, "reason"))

    def __str__(self) -> str:
        return f"line {self.line}, {self.column}={self.value!r}: {self.reason}"


def decoded_lines(stream: BinaryIO) -> Iterator[str]:
    """Text lines from bytes: UTF-8, or cp1252 when the file is not UTF-8 (Comtrade+ exports
    come in either); decided once, from the first line that is not plain ASCII."""
    encoding: str | None = None
    for raw in stream:
        if len(raw) > MAX_LINE:
            raise ParseError("line", raw[:40].decode("latin-1"), f"is longer than {MAX_LINE} bytes")
        if encoding is None and not raw.isascii():
            try:
                raw.decode("utf-8")
                encoding = "utf-8"
            except UnicodeDecodeError:
                encoding = "cp1252"
        try:
            yield raw.decode(encoding or "ascii")
        except UnicodeDecodeError:
            yield raw.decode(encoding or "ascii", errors="replace")


def open_source(source: Any) -> tuple[BinaryIO, str, bool]:
    if isinstance(source, str | pathlib.Path):
        try:
            return open(source, "rb"), str(source), True
        except OSError as error:
            raise InvalidValueError(
                "source", str(source), f"cannot be read: {error.strerror}"
            ) from None
        except ValueError:
            raise InvalidValueError("source", str(source), "is not a usable path") from None
    if isinstance(source, bytes):
        return io.BytesIO(source), "<bytes>", True
    if isinstance(source, io.BufferedIOBase | io.RawIOBase):
        return source, "<stream>", False  # type: ignore[return-value]  # binary streams
    raise InvalidTypeError("source", source, "must be a path, bytes or a binary stream")


class Reject(Exception):
    def __init__(self, column: str, value: str, reason: str) -> None:
        super().__init__(column, value, reason)
        self.column, self.value, self.reason = column, value, reason
