"""A Comtrade CSV (Comtrade+ or legacy) read in columns at the speed of Arrow's CSV reader: the
checks the scalar reader makes of each row (:mod:`korus.readers._comtrade_row`) made as
vectorised expressions over groups of rows, each distinct code judged once by the scalar
reader's own functions.

This is a faster way to the scalar reader's result, never a second reader with rules of its
own. It takes a file only where it can vouch that every row reads to exactly the record the
scalar reader gives, on the line the scalar reader numbers; anything else makes
:func:`comtrade_columns` return None, and the caller reads the file row by row, whose result
(or error, naming the line) is then the answer:

- a row that any check refuses (the scalar reader says which line, column and value);
- bytes the two CSV parsers might split differently (a carriage return that does not end a
  line) or that only a line-by-line decoder can judge (a cp1252 byte with no character, or
  text that is not UTF-8 in a file decided to be UTF-8), and rows that might be over-long;
- a row over two lines, a blank line, a header over two lines, rows of two widths.

Why the checks are not all vectorised: codes (economies, products, periods) are few and
distinct, and korus's constructors are their one definition; each distinct code is judged once
by the scalar reader's function and the verdict mapped back onto the rows.
"""

from __future__ import annotations

import codecs
import concurrent.futures
import csv
import functools
import io
import itertools
import os
import pathlib
import queue
import re
import threading
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any, BinaryIO, Final, TypeVar

import polars as pl
import pyarrow as pa
import pyarrow.csv as pa_csv

from korus._basis import Basis, HSEdition, Valuation
from korus._economy import Economy
from korus._errors import KorusError, ParseError
from korus._model import Direction, TradeFlow
from korus._period import Period
from korus._product import Coverage, Product, coerce_scope, scope_text
from korus._units import Quantity, amounts_in
from korus._validate import collector_paused, unchecked_maker
from korus.readers._comtrade_columns import (
    _BREAKDOWN_TOTALS,
    _LEGACY_FLOWS,
    _LEGACY_NAMES,
    _LEGACY_TOTALS,
    _iso_of,
    _layout,
)
from korus.readers._comtrade_data import ComtradeData, ComtradeRecord
from korus.readers._comtrade_row import _EDITIONS, _FLOWS, _MONTHS, _VALUE, _economy
from korus.readers._reading import (
    MAX_LINE,
    DecodedLines,
    Gunzipped,
    Progress,
    Reject,
    gzipped,
    source_name,
)

_T = TypeVar("_T")

#: The columns the checks of a row read; Arrow converts these alone (the others, descriptions
#: and quantities, are judged as bytes by the pass of :func:`_judge_bytes`).
_USED: Final = (
    *_BREAKDOWN_TOTALS, "typeCode", "flowCode", "refYear", "freqCode", "refMonth",
    "reporterISO", "reporterCode", "partnerISO", "partnerCode", "classificationCode", "cmdCode",
    "primaryValue", "cifvalue", "fobvalue",
)  # fmt: skip
#: Python's cp1252 codec has no character for these bytes: the scalar reader rejects a line
#: that holds one, which only a line-by-line decoder can place.
_CP1252_HOLES: Final = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")
_NON_ASCII: Final = re.compile(rb"[\x80-\xff]")
_BARE_CR: Final = re.compile(rb"\r(?!\n)")
_BLOCK: Final = 1 << 20
#: Arrow parses blocks of 1 MB fastest here (16 MB: twice as slow, out of the CPU's cache);
#: Polars checks groups of them, where its cost a call is small beside the rows.
_BATCH: Final = 1 << 20
_GROUP: Final = 100_000
_ALNUM: Final = r"\A[A-Za-z0-9]{1,10}\z"
_AMOUNT: Final = r"\A" + _VALUE.pattern + r"\z"


class _Unsure(Exception):
    """The fast path cannot vouch for the file: read it the scalar way."""


#: The columns of :func:`comtrade_columns`: a row each, as the scalar reader reads it.
COLUMNS_READ: Final = (
    "line", "reporter", "partner", "direction", "scope", "period", "flow_code", "primary",
    "cif", "fob", "valuation", "edition", "breakdown",
)  # fmt: skip


def comtrade_columns(
    source: Any,
    each: Callable[[pl.DataFrame], _T | None],
    progress: Progress | None = None,
    *,
    numbered: bool = True,
) -> list[_T] | None:
    """Every row of a Comtrade CSV at a path or in bytes, in the order of the file, as the
    scalar reader reads it, in groups of about 100,000 rows, each group given to ``each`` as
    it is read (so that no more than a group's columns are held at a time); what ``each``
    returned for every group, or None where only the scalar reader can tell (see the module's
    docstring) or where ``each`` returned None.

    A group has the columns :data:`COLUMNS_READ`: the line (if ``numbered``), the economy
    codes, direction, scope and period as korus writes them, the row's own flow code, its
    primary, CIF and FOB values as printed ("" where empty), the valuation of the primary
    value, the HS edition, and which part of a total the row is (null for a total), as
    :class:`ComtradeRecord` holds them.

    :param numbered: whether each row needs its line as the scalar reader numbers lines (a
        blank line or a row over two lines then sends the file to the scalar reader); a table
        needs none.
    """
    if isinstance(source, str | pathlib.Path):
        path = str(source)
        try:
            with open(path, "rb"):
                pass
        except (OSError, ValueError):
            return None  # the scalar reader says why the path cannot be read
        size = os.path.getsize(path)
        binary: Callable[[], BinaryIO] = functools.partial(_opened, path)
        native: Callable[[], Any] = functools.partial(pa.OSFile, path)
    elif isinstance(source, bytes):
        size = len(source)
        binary = functools.partial(io.BytesIO, source)
        native = functools.partial(pa.BufferReader, source)
    else:
        return None  # a stream can be read once: the scalar reader takes it
    if gzipped(source):
        # Unpacked as it is read, by each reader of the file: never held whole.
        return _columns(
            functools.partial(_gunzipped, binary, source_name(source)),
            functools.partial(_arrow_gunzipped, native),
            size,
            each,
            progress,
            numbered,
        )
    return _columns(binary, functools.partial(_arrow, native), size, each, progress, numbered)


def _opened(path: str) -> BinaryIO:
    return open(path, "rb")  # _columns reads it in a with statement


def _arrow(native: Callable[[], Any]) -> tuple[Any, Callable[[], int]]:
    """A file for Arrow's reader, and how many of its bytes it has read."""
    opened = native()
    return opened, opened.tell


def _arrow_gunzipped(native: Callable[[], Any]) -> tuple[Any, Callable[[], int]]:
    """The same of a gzip file: what it holds, and how many bytes of the file were unpacked."""
    packed = native()
    return pa.CompressedInputStream(packed, "gzip"), packed.tell


def _gunzipped(binary: Callable[[], BinaryIO], name: str) -> BinaryIO:
    return Gunzipped(binary(), name, owned=True)  # type: ignore[return-value]  # binary


def _columns(
    binary: Callable[[], BinaryIO],
    arrow: Callable[[], tuple[Any, Callable[[], int]]],
    size: int,
    each: Callable[[pl.DataFrame], _T | None],
    progress: Progress | None,
    numbered: bool,
) -> list[_T] | None:
    stop = threading.Event()
    # The bytes are judged in a second thread, and Arrow parses the next blocks in a third,
    # while Polars checks the rows (all three release the GIL): on two cores, 12 % faster
    # than one block after the other.
    with binary() as stream, concurrent.futures.ThreadPoolExecutor(2) as pool:
        source = None
        try:
            named, width, legacy = _layout_of(stream)
            judged = pool.submit(_judge_bytes, binary, stop, numbered)
            source, read = arrow()
            done: list[_T] = []
            rows = 0
            batches = _ahead(pool, _batches(source, named, width), stop)
            for group in _groups(batches, named):
                shaped = each(_rows(_from_legacy(group) if legacy else group, rows, numbered))
                if shaped is None:
                    raise _Unsure
                done.append(shaped)
                rows += group.height
                if progress is not None:
                    progress(rows, min(read(), size), size)
            lines = judged.result()
        except (_Unsure, pa.ArrowInvalid, pl.exceptions.PolarsError):
            return None
        finally:
            # Whatever ends the read (an answer, a refusal, the caller's own error or an
            # interrupt), the threads stop: the pool waits for them before it lets go.
            stop.set()
            if source is not None:
                source.close()
    if numbered and lines != rows + 1:
        return None  # a blank line, or a row over two lines: the scalar reader numbers them
    if progress is not None:
        progress(rows, size, size)
    return done


_DONE: Final = object()
#: The verdicts each judge of codes keeps: far more than the codes of any real file (some
#: 6,000 HS subheadings, 250 economies), few enough that bad files cannot fill memory.
_MAX_CODES: Final = 100_000


def _ahead(
    pool: concurrent.futures.Executor, batches: Iterator[pa.RecordBatch], stop: threading.Event
) -> Iterator[pa.RecordBatch]:
    """``batches``, parsed in a thread of ``pool`` up to 16 ahead of the caller (memory stays
    bounded); the thread's error is raised here, and ``stop`` ends the thread early."""
    waiting: queue.Queue[Any] = queue.Queue(16)

    def offer(item: Any) -> bool:
        # A put that gives up once the caller has stopped: a full queue must not hold the
        # thread (and the pool, which waits for it) for ever.
        while not stop.is_set():
            try:
                waiting.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for batch in batches:
                if not offer(batch):
                    return
        except BaseException as error:  # even an interrupt: the caller must not wait on
            offer(error)  # raised in the caller's thread
            return
        offer(_DONE)

    pool.submit(produce)
    while (item := waiting.get()) is not _DONE:
        if isinstance(item, BaseException):
            raise item
        yield item


def _layout_of(stream: BinaryIO) -> tuple[dict[str, str], int, bool]:
    """The columns the checks read (Arrow's name of each, ``c0``..., to the Comtrade+ name or,
    in a legacy file, to the legacy name's Comtrade+ twin), the width of the rows, and whether
    the file is a legacy one, from the header read as the scalar reader reads it; raises
    _Unsure where the file is not one the fast path can vouch for."""
    lines = DecodedLines(stream)
    reader = csv.reader(lines)
    try:
        header = next(reader)
        first = next(reader)
    except (StopIteration, csv.Error, ParseError):  # ParseError: a gzip file not whole
        raise _Unsure from None
    if lines.bad_since(0) or lines.long_since(0) or not first:
        raise _Unsure
    try:
        index, legacy, width = _layout(header, "")
    except KorusError:
        raise _Unsure from None
    if lines.count != 2:
        raise _Unsure  # a field spread over lines: the scalar reader numbers them
    if legacy:
        named = {f"c{index[name]}": c for c, name in _LEGACY_NAMES.items() if name in index}
        named[f"c{index['Period']}"] = "period"
    else:
        named = {f"c{index[c]}": c for c in _USED}
    if len(first) == width + 1 and not legacy:
        width += 1  # Comtrade+ ends every row with a comma
        named[f"c{width - 1}"] = "end"
    elif len(first) != width:
        raise _Unsure
    return named, width, legacy


def _judge_bytes(binary: Callable[[], BinaryIO], stop: threading.Event, count: bool) -> int:
    """The number of lines of the file (if ``count``, else 0), after one pass over its bytes
    that raises _Unsure wherever the scalar reader would judge a line differently from Arrow's
    reader: a carriage return that does not end a line (Arrow ends a row there, Python's csv
    module refuses the row), a line longer than MAX_LINE, a line the scalar reader cannot
    decode in the encoding it decides on, as :class:`DecodedLines` decides it (UTF-8, or
    cp1252 where the first line that is not ASCII is not UTF-8)."""
    with binary() as stream:
        try:
            return _lines_judged(stream, stop, count)
        except ParseError:
            raise _Unsure from None  # a gzip file that is not whole: the scalar reader names it


def _lines_judged(stream: BinaryIO, stop: threading.Event, count: bool) -> int:
    encoding: str | None = None
    utf8 = codecs.getincrementaldecoder("utf-8")()
    ended_cr = False
    since = 0  # bytes since the last newline
    newlines = 0
    while block := stream.read(_BLOCK):
        if stop.is_set():
            raise _Unsure  # the rows decided already
        if encoding is None and not block.isascii():
            first = _NON_ASCII.search(block)
            assert first is not None
            while block.find(b"\n", first.start()) < 0 and (more := stream.read(_BLOCK)):
                block += more  # to the end of the line that decides
            end = block.find(b"\n", first.start())
            line = block[block.rfind(b"\n", 0, first.start()) + 1 : None if end < 0 else end + 1]
            try:
                line.decode("utf-8")
                encoding = "utf-8"
            except UnicodeDecodeError:
                encoding = "cp1252"
        bare = _BARE_CR.search(block)
        if (ended_cr and not block.startswith(b"\n")) or (
            bare is not None and bare.start() < len(block) - 1
        ):
            raise _Unsure
        ended_cr = block.endswith(b"\r")
        since = _since_newline(block, since)
        if count:
            newlines += block.count(b"\n")
        if encoding == "cp1252" and any(hole in block for hole in _CP1252_HOLES):
            raise _Unsure
        if encoding == "utf-8":
            try:
                utf8.decode(block)
            except UnicodeDecodeError:
                raise _Unsure from None
    if ended_cr or since > MAX_LINE:
        raise _Unsure
    if encoding == "utf-8":
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            raise _Unsure from None
    return newlines + (since > 0)


def _since_newline(block: bytes, since: int) -> int:
    """The bytes after the last newline of ``block``, ``since`` the bytes after the last
    newline before it; raises _Unsure where a line is longer than MAX_LINE. Jumps from newline
    to the last newline within MAX_LINE of it: a few searches a block, where lines are short."""
    last = -1 - since  # where the last newline was, in the block's positions
    while last + 1 + MAX_LINE < len(block):
        found = block.rfind(b"\n", max(last + 1, 0), last + 1 + MAX_LINE)
        if found < 0:
            raise _Unsure
        last = found
    found = block.rfind(b"\n", max(last + 1, 0))
    return len(block) - 1 - (last if found < 0 else found)


def _batches(source: Any, named: dict[str, str], width: int) -> Iterator[pa.RecordBatch]:
    names = [f"c{i}" for i in range(width)]
    try:
        reader = pa_csv.open_csv(
            source,
            read_options=pa_csv.ReadOptions(skip_rows=1, column_names=names, block_size=_BATCH),
            parse_options=pa_csv.ParseOptions(newlines_in_values=True),
            convert_options=pa_csv.ConvertOptions(
                include_columns=list(named),
                column_types=dict.fromkeys(named, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
            ),
        )
        with reader:
            yield from reader
    except OSError:
        # Arrow's word for a gzip file cut short or damaged, or one that Python's gzip reads
        # and Arrow does not (zero bytes after its end): the scalar reader says which.
        raise _Unsure from None


def _groups(batches: Iterator[pa.RecordBatch], named: dict[str, str]) -> Iterator[pl.DataFrame]:
    """The columns the checks read, by their Comtrade+ names, in Polars frames of about _GROUP
    rows."""
    group: list[pa.RecordBatch] = []
    held = 0
    for batch in itertools.chain(batches, [None]):
        if batch is not None:
            group.append(batch.select(list(named)))
            held += batch.num_rows
        if group and (batch is None or held >= _GROUP):
            frame = pl.from_arrow(pa.Table.from_batches(group))
            assert isinstance(frame, pl.DataFrame)
            yield frame.rename(named)
            group, held = [], 0


def _from_legacy(frame: pl.DataFrame) -> pl.DataFrame:
    """Legacy rows as the Comtrade+ rows that say the same (the scalar reader's
    :func:`korus.readers._comtrade_columns._from_legacy`, by columns); what it refuses is left
    for the checks to refuse (a flow or period code of ``?``, an empty ISO code)."""
    col = pl.col
    absent = [c for c in _LEGACY_NAMES if c not in frame.columns]
    frame = frame.with_columns(
        *(col(c).str.strip_chars() for c in frame.columns),
        *(pl.lit("").alias(c) for c in absent),
    )
    period, year = col("period"), col("refYear")
    monthly = (period.str.len_chars() == 6) & period.str.starts_with(year)
    return frame.with_columns(
        typeCode=pl.lit("C"),
        flowCode=col("flowCode").replace_strict(_LEGACY_FLOWS, default="?"),
        freqCode=pl.when(monthly)
        .then(pl.lit("M"))
        .when(period == year)
        .then(pl.lit("A"))
        .otherwise(pl.lit("?")),
        refMonth=pl.when(monthly).then(period.str.slice(4)).otherwise(pl.lit("")),
        # Legacy files leave a breakdown column empty where the row is its total.
        **{
            c: pl.when(col(c) == "").then(pl.lit(t)).otherwise(col(c))
            for c, t in _LEGACY_TOTALS.items()
        },
        **{
            f"{side}ISO": pl.when(col(f"{side}ISO") == "")
            .then(_LEGACY_ISOS.expr(frame, f"{side}Code").fill_null(""))
            .otherwise(col(f"{side}ISO"))
            for side in ("reporter", "partner")
        },
    )


class _Codes:
    """Each distinct code judged once by the scalar reader's own function: its text in the
    table, or None where the scalar reader rejects it."""

    def __init__(self, judge: Callable[[str], str | None]) -> None:
        self._judge = judge
        self._seen: dict[str, str | None] = {}

    def expr(self, frame: pl.DataFrame, key: str) -> pl.Expr:
        """The verdicts on the column ``key`` of ``frame``."""
        texts = frame.get_column(key).unique().to_list()
        if len(self._seen) + len(texts) > _MAX_CODES:
            self._seen.clear()  # bounded: a service reading file after file keeps no more
        for text in texts:
            if text not in self._seen:
                self._seen[text] = self._judge(text)
        return pl.col(key).replace_strict(self._seen, default=None, return_dtype=pl.String)


def _parts(key: str, count: int) -> list[str] | None:
    """The fields a key joins, or None where a field held the separator itself (a NUL, which
    no valid code holds): the row is then left to the scalar reader."""
    parts = key.split("\x00")
    return parts if len(parts) == count else None


def _reporter(key: str) -> str | None:
    if (parts := _parts(key, 2)) is None:
        return None
    iso, code = parts
    try:
        economy = _economy(iso, "reporterISO", code)
    except Reject:
        return None
    return None if economy.is_aggregate or economy.is_area else economy.code


def _partner(key: str) -> str | None:
    if (parts := _parts(key, 2)) is None:
        return None
    iso, code = parts
    try:
        return _economy(iso, "partnerISO", code).code
    except Reject:
        return None


def _period(key: str) -> str | None:
    if (parts := _parts(key, 3)) is None:
        return None
    frequency, year, month = parts
    if not (year.isascii() and year.isdigit() and len(year) == 4):
        return None
    if not (frequency == "A" or (frequency == "M" and month in _MONTHS)):
        return None
    try:
        return str(Period(int(year), month=int(month) if frequency == "M" else None))
    except KorusError:
        return None


def _legacy_iso(code: str) -> str | None:
    try:
        return _iso_of(code, "")
    except Reject:
        return None


def _scope(code: str) -> str | None:
    if code == "TOTAL":
        return scope_text(Coverage.GOODS)
    if len(code) in (2, 4, 6) and code.isascii() and code.isdigit():
        try:
            return scope_text(Product("HS", code))
        except KorusError:
            return None
    return None


_REPORTERS: Final = _Codes(_reporter)
_PARTNERS: Final = _Codes(_partner)
_PERIODS: Final = _Codes(_period)
_SCOPES: Final = _Codes(_scope)
_LEGACY_ISOS: Final = _Codes(_legacy_iso)


def _rows(
    frame: pl.DataFrame, before: int, numbered: bool = True, *, first: int = 2
) -> pl.DataFrame:
    """The rows of a group as :data:`COLUMNS_READ`, ``before`` rows having come before it and
    the first row numbered ``first`` (a CSV's first row is on line 2, below its header);
    raises _Unsure where any check refuses any row."""
    col = pl.col

    def keyed(*names: str) -> pl.Expr:
        return pl.concat_str([col(n) for n in names], separator="\x00")

    month = pl.when(col("freqCode") == "M").then(col("refMonth")).otherwise(pl.lit(""))
    # The keys of the codes judged together, each built once.
    frame = frame.with_columns(
        reporter_key=keyed("reporterISO", "reporterCode"),
        partner_key=keyed("partnerISO", "partnerCode"),
        period_key=pl.concat_str([col("freqCode"), col("refYear"), month], separator="\x00"),
    )
    frame = frame.with_columns(
        reporter=_REPORTERS.expr(frame, "reporter_key"),
        partner=_PARTNERS.expr(frame, "partner_key"),
        period=_PERIODS.expr(frame, "period_key"),
        scope=_SCOPES.expr(frame, "cmdCode"),
    )
    imported = col("flowCode").is_in(["M", "RM"])
    same = col("reporter") == col("partner")
    primary = col("primaryValue")

    def wherever(condition: pl.Expr, check: pl.Expr) -> pl.Expr:
        # The check of the rows the condition selects, evaluated on those rows alone: most rows
        # are totals with their value given once, and a regular expression is the cost here.
        return check.filter(condition).all()

    good = [
        (col("typeCode") == "C").all(),
        col("flowCode").is_in(list(_FLOWS)).all(),
        col("classificationCode").is_in(list(_EDITIONS)).all(),
        primary.str.contains(_AMOUNT).all(),
        *(
            wherever((col(c) != primary) & (col(c) != ""), col(c).str.contains(_AMOUNT))
            for c in ("cifvalue", "fobvalue")
        ),
        *(wherever(col(c) != t, col(c).str.contains(_ALNUM)) for c, t in _BREAKDOWN_TOTALS.items()),
        col("reporter").is_not_null().all() & col("partner").is_not_null().all(),
        col("period").is_not_null().all() & col("scope").is_not_null().all(),
        # An economy trades with itself only in re-imports (a reported import is read as one).
        (~same | imported).all(),
    ]
    if "end" in frame.columns:
        good.append((col("end") == "").all())
    usual = pl.when(imported).then(col("cifvalue")).otherwise(col("fobvalue"))
    other = pl.when(imported).then(col("fobvalue")).otherwise(col("cifvalue"))
    swapped = (usual != primary) & (other == primary)
    directions = {code: d.value for code, d in _FLOWS.items()}
    editions = {k: (None if v is None else v.value) for k, v in _EDITIONS.items()}
    # Which part of a total a row is, as ComtradeRecord.breakdown says it: "motCode 2100".
    parts = [
        pl.when(col(c) != t).then(pl.concat_str([pl.lit(f"{c} "), col(c)]))
        for c, t in _BREAKDOWN_TOTALS.items()
    ]
    whole = frame.select(
        pl.all_horizontal(col(c) == t for c, t in _BREAKDOWN_TOTALS.items()).all()
    ).item()  # cheap: three comparisons
    # Most files hold totals alone: no text to build then.
    breakdown = (
        pl.lit(None, pl.String)
        if whole
        else pl.concat_str(parts, separator=", ", ignore_nulls=True).replace("", None)
    )
    lazy = frame.lazy()
    checked, result = pl.collect_all(
        [
            lazy.select(check.alias(str(n)) for n, check in enumerate(good)),
            lazy.select(
                line=pl.int_range(before + first, before + first + frame.height, dtype=pl.Int64)
                if numbered
                else pl.lit(None, pl.Int64),
                reporter="reporter",
                partner="partner",
                direction=pl.when(same & (col("flowCode") == "M"))
                .then(pl.lit(Direction.RE_IMPORT.value))
                .otherwise(col("flowCode").replace_strict(directions, return_dtype=pl.String)),
                scope="scope",
                period="period",
                flow_code="flowCode",
                primary=primary,
                cif="cifvalue",
                fob="fobvalue",
                valuation=pl.when(imported ^ swapped)
                .then(pl.lit(Valuation.CIF.value))
                .otherwise(pl.lit(Valuation.FOB.value)),
                # An edition is a property of product codes: a total of all goods states none.
                edition=pl.when(col("cmdCode") == "TOTAL")
                .then(None)
                .otherwise(
                    col("classificationCode").replace_strict(editions, return_dtype=pl.String)
                ),
                breakdown=breakdown,
            ),
        ]
    )
    if not all(checked.row(0)):
        raise _Unsure
    return result


def comtrade_data(source: Any, progress: Progress | None = None) -> ComtradeData | None:
    """What :func:`korus.readers.read_comtrade` gives, from the rows read in columns; None
    where only the scalar reader can tell. Each record is built from values the checks have
    judged, without judging them again (tests/columnar/test_table_readers.py holds the records
    to the scalar reader's)."""
    with collector_paused():
        groups = comtrade_columns(source, _records, progress)
        if groups is None:
            return None
        flows = tuple(itertools.chain.from_iterable(group[0] for group in groups))
        aggregates = tuple(itertools.chain.from_iterable(group[1] for group in groups))
        breakdowns = tuple(itertools.chain.from_iterable(group[2] for group in groups))
        rows = len(flows) + len(aggregates) + len(breakdowns)
        return ComtradeData(source_name(source), rows, flows, aggregates, (), breakdowns=breakdowns)


_Records = tuple[ComtradeRecord, ...]


def _records(group: pl.DataFrame) -> tuple[_Records, _Records, _Records]:
    """The records of a group of rows, each in its place as partition() places the scalar
    reader's: flows, aggregates (world totals), breakdowns (parts of totals)."""
    columns = [group.get_column(c).to_list() for c in COLUMNS_READ]
    economies = _Made(Economy)
    aggregate = _Made(lambda code: economies[code].is_aggregate)
    scopes = _Made(coerce_scope)
    periods = _Made(Period.parse)
    directions = _Made(Direction)
    bases = _Made(lambda key: Basis(valuation=Valuation(key[0]), edition=_edition(key[1])))
    flows: list[ComtradeRecord] = []
    aggregates: list[ComtradeRecord] = []
    breakdowns: list[ComtradeRecord] = []
    make_flow, make_record = unchecked_maker(TradeFlow), unchecked_maker(ComtradeRecord)
    for line, reporter, partner, direction, scope, period, code, primary, cif, fob, valuation, edition, breakdown in zip(*columns, strict=True):  # fmt: skip
        # The checks matched every numeral: 20 digits and 10 decimals at most, within limits.
        value = _USD(Decimal(primary))
        flow = make_flow(
            economies[reporter],
            economies[partner],
            directions[direction],
            scopes[scope],
            periods[period],
            value,
            bases[(valuation, edition)],
            None,
        )
        record = make_record(
            line,
            flow,
            # One immutable quantity serves a valuation the row gives as its primary value.
            value if cif == primary else _amount(cif),
            value if fob == primary else _amount(fob),
            code,
            breakdown,
        )
        if breakdown is not None:
            breakdowns.append(record)
        elif aggregate[partner]:
            aggregates.append(record)
        else:
            flows.append(record)
    return tuple(flows), tuple(aggregates), tuple(breakdowns)


_USD: Final = amounts_in(None, "USD")


def _amount(text: str) -> Quantity | None:
    # A numeral the checks matched: 20 digits and 10 decimals at most, within korus's limits.
    return None if text == "" else _USD(Decimal(text))


def _edition(code: str | None) -> HSEdition | None:
    return None if code is None else HSEdition(code)


class _Made(dict[Any, Any]):
    """Each distinct code made once into its korus value (rows repeat a few codes)."""

    def __init__(self, make: Callable[[Any], Any]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, key: Any) -> Any:
        made = self[key] = self._make(key)
        return made
