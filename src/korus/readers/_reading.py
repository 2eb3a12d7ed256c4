"""What every reader shares: opening a source, decoding its lines, and rejected rows.

A reader turns each row it reads into exactly one thing: a record, or a :class:`RejectedRow`
saying where, which column, which value and why. Bad rows never vanish.
"""

from __future__ import annotations

import gzip
import io
import pathlib
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any, BinaryIO, Final, Protocol, TextIO, TypeAlias, TypeVar

import attrs

from korus._errors import InvalidTypeError, InvalidValueError, ParseError
from korus._units import Quantity, exact, money
from korus._validate import counting, instance_of

MAX_LINE: Final = 100_000

#: Called now and then while a file is read, with the rows read so far, the bytes read so
#: far, and the size of the file in bytes (None when the source is a stream).
Progress: TypeAlias = Callable[[int, int, int | None], None]
PROGRESS_EVERY: Final = 10_000


@attrs.frozen
class RejectedRow:
    """A row korus could not read as a flow: where, which column, what value, and why.

    >>> str(RejectedRow(5, "flowCode", "Q", "is not M, X, RM or RX"))
    "line 5, flowCode='Q': is not M, X, RM or RX"
    """

    line: int = attrs.field(validator=counting("line", least=1))
    column: str = attrs.field(validator=instance_of(str, "column"))
    value: str = attrs.field(validator=instance_of(str, "value"))
    reason: str = attrs.field(validator=instance_of(str, "reason"))

    def __str__(self) -> str:
        return f"line {self.line}, {self.column}={self.value!r}: {self.reason}"


@attrs.frozen
class PartsCheck:
    """A total in a file beside the exact sum of the rows that make it up.

    >>> checks = read_census(CENSUS_SAMPLE, "CNT_VAL_YR").checks()
    >>> check = next(c for c in checks if c.total_of.startswith("- "))
    >>> check.total_of, check.parts, str(check.difference), check.consistent
    ('- (TOTAL FOR ALL COUNTRIES), HS:10, 2024: countries', 6, '0 USD', True)
    """

    total_of: str = attrs.field(validator=instance_of(str, "total_of"))
    total: Quantity = attrs.field(validator=instance_of(Quantity, "total"))
    parts: int = attrs.field(validator=counting("parts"))
    parts_sum: Quantity = attrs.field(validator=instance_of(Quantity, "parts_sum"))
    difference: Quantity = attrs.field(validator=instance_of(Quantity, "difference"))
    #: How far apart total and sum may be and still agree: half a unit of the last printed
    #: digit of each value, where values were rounded; None where they are exact (the Census's
    #: whole dollars).
    tolerance: Quantity | None = attrs.field(
        default=None, kw_only=True, validator=instance_of(Quantity, "tolerance", optional=True)
    )

    @property
    def consistent(self) -> bool:
        """Whether the parts sum to the total, exactly or within the tolerance."""
        limit = 0 if self.tolerance is None else self.tolerance.magnitude
        return bool(abs(self.difference.magnitude) <= limit)


def compare(
    total: Decimal, parts: list[Decimal], *, rounded: bool
) -> tuple[Decimal, Decimal, Decimal | None]:
    """The exact sum of ``parts``, ``total`` minus it, and, where the values were printed
    rounded, the tolerance: half a unit of the last printed digit of each value."""
    with exact():
        summed = sum(parts, Decimal(0))
        difference = total - summed
        tolerance = sum((half_unit(v) for v in (*parts, total)), Decimal(0)) if rounded else None
    return summed, difference, tolerance


def parts_check(
    total_of: str, total: Quantity, parts: list[Decimal], *, rounded: bool
) -> PartsCheck:
    """A :class:`PartsCheck` of a total in US dollars against its parts."""
    summed, difference, tolerance = compare(Decimal(total.magnitude), parts, rounded=rounded)
    return PartsCheck(
        total_of,
        total,
        len(parts),
        money(summed, None, "USD"),
        money(difference, None, "USD"),
        tolerance=None if tolerance is None else money(tolerance, None, "USD"),
    )


def half_unit(value: Decimal) -> Decimal:
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    return Decimal(5).scaleb(exponent - 1)


def check_accounting(data: Any, kinds: dict[str, type]) -> None:
    """Refuse a result whose rows are not all accounted for: every row read is in exactly one
    of the fields ``kinds`` names, each holding items of its kind."""
    for field, kind in kinds.items():
        for index, item in enumerate(getattr(data, field)):
            if not isinstance(item, kind):
                raise InvalidTypeError(f"{field}[{index}]", item, f"must be a {kind.__name__}")
    counted = sum(len(getattr(data, field)) for field in kinds)
    if counted != data.rows:
        raise InvalidValueError(
            "rows", data.rows, f"but {counted} are accounted for ({' + '.join(kinds)})"
        )


def summary_repr(data: Any, parts: tuple[str, ...]) -> str:
    """``Kind(source='...', rows=69, flows=<63 records>, ...)``: what a read holds, counted."""
    fields = [f"source={data.source!r}"]
    if hasattr(data, "variable"):
        fields.append(f"variable={data.variable!r}")
    fields.append(f"rows={data.rows}")
    fields += [f"{part}=<{len(getattr(data, part))} records>" for part in parts]
    return f"{type(data).__name__}({', '.join(fields)})"


def read_at_most(stream: BinaryIO, limit: int) -> bytes:
    """Up to ``limit + 1`` bytes of ``stream`` (one more than allowed tells a file too large).

    Read in pieces: ``read(limit + 1)`` on a buffered file sets aside the whole ``limit`` at
    once, 500 MB for a file of a few bytes.
    """
    pieces = []
    held = 0
    while held <= limit:
        piece = stream.read(min(1 << 20, limit + 1 - held))
        if not piece:
            break
        pieces.append(piece)
        held += len(piece)
    return b"".join(pieces)


def skip_rest_of_line(stream: BinaryIO, start: bytes) -> int:
    """Read past the rest of an over-long line that began with ``start``, in pieces of at most
    MAX_LINE + 1 bytes, so that a line with no end is never held whole; the bytes skipped."""
    skipped = 0
    raw = start
    while not raw.endswith(b"\n"):
        raw = stream.readline(MAX_LINE + 1)
        if not raw:
            break
        skipped += len(raw)
    return skipped


class DecodedLines:
    """Text lines from bytes: UTF-8, or cp1252 when the file is not UTF-8 (Comtrade+ exports
    come in either); decided once, from the first line that is not plain ASCII.

    A line that is neither is not guessed at: its number goes into :attr:`undecodable`, so that
    the reader rejects the row that holds it.
    """

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self.encoding: str | None = None
        self.count = 0
        self.bytes = 0
        self.undecodable: list[int] = []
        self.too_long: list[int] = []

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        # At most MAX_LINE + 1 bytes at a time: a line with no end is never held whole.
        raw = self._stream.readline(MAX_LINE + 1)
        if not raw:
            raise StopIteration
        self.count += 1
        self.bytes += len(raw)
        if len(raw) > MAX_LINE:
            self.bytes += skip_rest_of_line(self._stream, raw)
            self.too_long.append(self.count)
            return "-\n"  # one field, so the reader sees a row here and rejects it
        if self.encoding is None and not raw.isascii():
            try:
                raw.decode("utf-8")
                self.encoding = "utf-8"
            except UnicodeDecodeError:
                self.encoding = "cp1252"
        try:
            return raw.decode(self.encoding or "ascii")
        except UnicodeDecodeError:
            self.undecodable.append(self.count)
            return raw.decode(self.encoding or "ascii", errors="replace")

    def long_since(self, line: int) -> bool:
        """Whether a line after ``line`` was longer than MAX_LINE (and forget it)."""
        long = bool(self.too_long) and self.too_long[-1] > line
        self.too_long.clear()
        return long

    def bad_since(self, line: int) -> bool:
        """Whether a line after ``line`` could not be decoded (and forget it)."""
        bad = bool(self.undecodable) and self.undecodable[-1] > line
        self.undecodable.clear()
        return bad


#: The first bytes of every gzip file (RFC 1952), and of no text file.
GZIP_MAGIC: Final = b"\x1f\x8b"


class Gunzipped(io.BufferedIOBase):
    """The bytes a gzip file holds, read as the file's own would be: a file that is not whole
    gzip (cut short, corrupt) is a ParseError naming the source, never a read that ends early.

    ``owned``: whether closing this closes the compressed stream too (korus opened it)."""

    def __init__(self, stream: BinaryIO, name: str, *, owned: bool) -> None:
        self._compressed, self._name, self._owned = stream, name, owned
        self._file = gzip.GzipFile(fileobj=stream, mode="rb")

    def _refused(self, error: Exception) -> ParseError:
        return ParseError("source", self._name, f"is not a whole gzip file: {error}")

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        try:
            return self._file.read(-1 if size is None else size)
        except (OSError, EOFError, zlib.error) as error:
            raise self._refused(error) from None

    def read1(self, size: int = -1) -> bytes:
        try:
            return self._file.read1(size)
        except (OSError, EOFError, zlib.error) as error:
            raise self._refused(error) from None

    def readline(self, size: int | None = -1) -> bytes:
        limit = -1 if size is None else size
        try:
            line = self._file.readline(limit)
            if not line.endswith(b"\n") and (limit < 0 or len(line) < limit):
                # The end of what was unpacked: a file cut short says so only when asked for
                # more, and its last line, cut too, must not be read as a row first.
                self._file.peek(1)
            return line
        except (OSError, EOFError, zlib.error) as error:
            raise self._refused(error) from None

    def tell(self) -> int:
        return self._file.tell()

    def packed(self) -> int:
        """How many bytes of the gzip file have been unpacked: what its size counts."""
        try:
            return self._compressed.tell()
        except (OSError, ValueError):  # a stream that cannot say
            return 0

    def close(self) -> None:
        if not self.closed:
            self._file.close()
            if self._owned:
                self._compressed.close()
        super().close()


def position(stream: BinaryIO, read: int) -> int:
    """How far into its source a reader is, in the bytes :func:`source_size` counts: the
    bytes of a gzip file unpacked so far, else ``read``, the bytes the reader has read."""
    return stream.packed() if isinstance(stream, Gunzipped) else read


def _head(stream: Any) -> bytes:
    """The first two bytes of a stream, left unread; none where it can neither peek nor seek."""
    if hasattr(stream, "peek"):
        return bytes(stream.peek(2)[:2])
    if stream.seekable():
        at = stream.tell()
        head = bytes(stream.read(2))
        stream.seek(at)
        return head
    return b""


def gzipped(source: Any) -> bool:
    """Whether a source (a path, bytes or a stream) is gzip-compressed, by its first bytes."""
    if isinstance(source, bytes):
        return source.startswith(GZIP_MAGIC)
    if isinstance(source, str | pathlib.Path):
        try:
            with open(source, "rb") as stream:
                return stream.read(2) == GZIP_MAGIC
        except (OSError, ValueError):
            return False
    return False


def open_source(source: Any) -> tuple[BinaryIO, str, bool]:
    """A source as a binary stream, its name, and whether the caller closes it: a gzip file
    (by its first bytes, whatever its name) read as the bytes it holds."""
    if isinstance(source, str | pathlib.Path):
        try:
            stream: BinaryIO = open(source, "rb")  # noqa: SIM115 - the caller closes it
        except OSError as error:
            raise InvalidValueError(
                "source", str(source), f"cannot be read: {error.strerror}"
            ) from None
        except ValueError:
            raise InvalidValueError("source", str(source), "is not a usable path") from None
        name, owned = str(source), True
    elif isinstance(source, bytes):
        stream, name, owned = io.BytesIO(source), "<bytes>", True
    elif isinstance(source, io.BufferedIOBase | io.RawIOBase):
        stream, name, owned = source, "<stream>", False  # type: ignore[assignment]  # binary
    else:
        raise InvalidTypeError("source", source, "must be a path, bytes or a binary stream")
    if _head(stream) == GZIP_MAGIC:
        return Gunzipped(stream, name, owned=owned), name, owned  # type: ignore[return-value]
    return stream, name, owned


class Reject(Exception):
    def __init__(self, column: str, value: str, reason: str) -> None:
        super().__init__(column, value, reason)
        self.column, self.value, self.reason = column, value, reason


def rejected(reject: Reject, line: int, where: str, strict: bool) -> RejectedRow:
    """The row a reader could not read: kept as a RejectedRow, or in a strict read the
    ParseError that stops it, naming ``where`` (the source and line) and the column."""
    if strict:
        raise ParseError(f"{where}:{reject.column}", reject.value, reject.reason) from None
    return RejectedRow(line, reject.column, reject.value, reject.reason)


def source_size(source: Any) -> int | None:
    """The size in bytes of a path or bytes source (of a gzip file, packed); None for a
    stream."""
    if isinstance(source, bytes):
        return len(source)
    if isinstance(source, str | pathlib.Path):
        try:
            return pathlib.Path(source).stat().st_size
        except (OSError, ValueError):
            return None
    return None


def source_name(source: Any) -> str:
    """How messages name a source: its path, or what kind of object it is."""
    if isinstance(source, str | pathlib.Path):
        return str(source)
    return "<bytes>" if isinstance(source, bytes) else "<stream>"


def check_progress(progress: Any) -> None:
    """Refuse a progress callback that cannot be called, before any row is read."""
    if progress is not None and not callable(progress):
        raise InvalidTypeError(
            "progress", progress, f"must be a callable or None, not {type(progress).__name__}"
        )


def progress_bar(stream: TextIO | None = None) -> Progress:
    """A progress callback for the readers that writes to a terminal, and to nothing else.

    Written on one line, rewritten in place: rows read, and the share of the file read where
    its size is known. Where ``stream`` (standard error by default) is not a terminal, as in a
    log or a pipe, the callback writes nothing.

    >>> import io
    >>> report = progress_bar(io.StringIO())  # not a terminal: silent
    >>> data = read_comtrade(SAMPLE, progress=report)
    """
    out = sys.stderr if stream is None else stream
    if not hasattr(out, "isatty") or not out.isatty():
        return _silent

    def report(rows: int, read: int, size: int | None) -> None:
        share = f", {100 * read // size:3d} %" if size else ""
        end = "\n" if size and read >= size else ""
        out.write(f"\rkorus: {rows:,} rows read{share}{end}")
        out.flush()

    return report


def _silent(rows: int, read: int, size: int | None) -> None:
    return None


class _Placed(Protocol):
    @property
    def is_breakdown(self) -> bool: ...

    @property
    def is_aggregate(self) -> bool: ...


R = TypeVar("R", bound=_Placed)


def partition(
    items: Iterable[R | RejectedRow],
) -> tuple[tuple[R, ...], tuple[R, ...], tuple[R, ...], tuple[RejectedRow, ...]]:
    """Every record a reader yields in its place: (flows, aggregates, breakdowns, rejected)."""
    flows: list[R] = []
    aggregates: list[R] = []
    breakdowns: list[R] = []
    rejected: list[RejectedRow] = []
    for item in items:
        if isinstance(item, RejectedRow):
            rejected.append(item)
        elif item.is_breakdown:
            breakdowns.append(item)
        elif item.is_aggregate:
            aggregates.append(item)
        else:
            flows.append(item)
    return tuple(flows), tuple(aggregates), tuple(breakdowns), tuple(rejected)
