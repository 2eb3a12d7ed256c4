"""Reading UN Comtrade files (Comtrade+ CSV exports and API responses, legacy comtrade.un.org
CSV) into korus flows, row by row.

Every row ends up in exactly one place: a flow, an aggregate (a world total, kept as a check of
its parts and never summed with them), a breakdown (one part of a total by customs procedure,
mode of transport or second partner, kept as a check too), or a rejected row with its line,
column, value and reason. ``rows == flows + aggregates + breakdowns + rejected``, always. Rows are read one at a time, so a file
larger than memory can be streamed with :func:`iter_comtrade`.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any, Final

import attrs

from korus._errors import ParseError
from korus.readers._comtrade_columns import (
    _LEGACY_NAMES,
    _PLUS_INDEX,
    COLUMNS,
    _from_legacy,
    _layout,
)
from korus.readers._comtrade_data import ComtradeData, ComtradeRecord
from korus.readers._comtrade_row import _record
from korus.readers._json import Array, decoded, object_with_array
from korus.readers._reading import (
    MAX_LINE,
    PROGRESS_EVERY,
    DecodedLines,
    Progress,
    Reject,
    RejectedRow,
    check_progress,
    open_source,
    partition,
    position,
    read_at_most,
    rejected,
    source_name,
    source_size,
)

_MAX_JSON_BYTES: Final = 500_000_000


def _json_text(value: Any) -> str:
    """A JSON field as the CSV export writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # Which of two values of one field is meant cannot be told; korus does not pick one.
    document: dict[str, Any] = {}
    for key, value in pairs:
        if key in document:
            raise _DuplicateKey(key)
        document[key] = value
    return document


def _json_number(text: str) -> Decimal | str:
    """A JSON number exactly, as a Decimal; one far outside any amount (1e999999999) stays the
    text it was, which the row's checks then reject, instead of being spelt out in full."""
    if len(text) > 64:
        return text[:64]
    number = Decimal(text)
    return number if -64 <= number.adjusted() <= 64 else text


_DECODER: Final = json.JSONDecoder(
    parse_float=_json_number, parse_int=_json_number, object_pairs_hook=_json_object
)


def read_comtrade_json(source: Any, *, strict: bool = True) -> ComtradeData:
    """Read a response of the Comtrade+ API (``{"count", "data": [...], "error"}``).

    The records have the 47 fields of the CSV export, typed; values are read from the JSON text
    exactly (never through float). The records are parsed one at a time, so a read holds the
    text and korus's records, not the whole document as Python objects. A response that
    reports an error, or whose ``count`` differs from the records it holds, is refused.

    With Polars installed (the ``polars`` extra), the fields the checks read are gathered into
    columns and checked there, some three times faster: the same checks and the same records,
    wherever korus can vouch for that; otherwise record by record.

    >>> data = read_comtrade_json(SAMPLE_JSON)
    >>> data.rows, [str(r.flow.value) for r in data.flows][:2]
    (4, ['6804128143.0 USD', '74251272075.0 USD'])
    """
    stream, name, owned = open_source(source)
    try:
        raw = read_at_most(stream, _MAX_JSON_BYTES)
    finally:
        if owned:
            stream.close()
    if len(raw) > _MAX_JSON_BYTES:
        raise ParseError("source", name, f"is larger than {_MAX_JSON_BYTES} bytes")
    try:
        text = decoded(raw)
        del raw  # the text alone from here: the bytes are not held beside it
    except ValueError as error:
        raise ParseError("source", name, f"is not JSON: {str(error)[:80]}") from None
    in_columns = _api_in_columns(text, name)
    if in_columns is not None:
        return in_columns
    return _json_by_records(text, name, strict)


def _json_by_records(text: str, name: str, strict: bool) -> ComtradeData:
    """The response read record by record: the definition the reading in columns is held to."""
    try:
        document = object_with_array(text, "data", _DECODER, _DuplicateKey)
    except _DuplicateKey as duplicate:
        raise ParseError(
            "source", name, f"names the field {duplicate.key!r} twice in one record"
        ) from None
    except (ValueError, RecursionError) as error:
        raise ParseError("source", name, f"is not JSON: {str(error)[:80]}") from None
    if document is None or not isinstance(document.get("data"), Array):
        raise ParseError("source", name, 'is not a Comtrade+ API response (no "data" list)')
    if document.get("error"):
        raise ParseError("error", str(document["error"])[:200], f"{name} reports an error")
    records = document["data"]
    if "count" in document and document["count"] != records.count:
        raise ParseError(
            "count", str(document["count"]), f"but {name} holds {records.count} records: cut short?"
        )
    index = {column: position for position, column in enumerate(COLUMNS)}

    def items() -> Iterator[ComtradeRecord | RejectedRow]:
        for number, record in enumerate(records, start=1):
            try:
                if not isinstance(record, dict):
                    raise Reject("record", _json_text(record)[:80], "is not an object of fields")
                missing = [c for c in COLUMNS if c not in record]
                if missing:
                    raise Reject(missing[0], "", "is missing from the record")
                fields = [_json_text(record[c]) for c in COLUMNS]
                yield _record(fields, index, number, len(COLUMNS))
            except Reject as reject:
                yield rejected(reject, number, f"{name}:record {number}", strict)

    # Every record was parsed once already (to count them), so the second pass raises nothing
    # the first did not.
    return _placed(name, items(), _Count(records.count))


def _api_in_columns(text: str, name: str) -> ComtradeData | None:
    """The response read in columns, where korus can vouch for it; else None."""
    try:
        from korus.readers._comtrade_api_columns import comtrade_api_data
    except ImportError:  # it needs Polars; the record-by-record reader does not
        return None
    return comtrade_api_data(text, name)


def iter_comtrade(
    source: Any, *, strict: bool = True, progress: Progress | None = None
) -> Iterator[ComtradeRecord | RejectedRow]:
    """Read a Comtrade CSV row by row, yielding a record or a rejection per row.

    Reads both the Comtrade+ export (47 columns, cp1252 or UTF-8) and the legacy comtrade.un.org
    CSV (35 columns, or the 22 of its bulk files), telling them apart by their header.

    :param source: a path, the file's bytes, or a binary stream; gzip-compressed or not, known
        by its first bytes. (UN Comtrade's bulk files, tab-separated with neither ISO codes nor
        names, are another layout, refused by name.)
    :param strict: stop at the first bad row with a :class:`~korus.ParseError` naming the file,
        line, column and value; otherwise yield a :class:`RejectedRow` and go on.
    :param progress: called every 10,000 rows and at the end with the rows and bytes read so
        far and the file's size (see :func:`korus.readers.progress_bar`).

    >>> first = next(iter_comtrade(SAMPLE))
    >>> first.flow.reporter.code, first.flow.partner.code, str(first.flow.value)
    ('CHN', 'WLD', '1185725358004 USD')
    """
    check_progress(progress)
    return _rows(source, strict, _Count(), progress)


@attrs.define
class _Count:
    rows: int = 0


def _rows(
    source: Any, strict: bool, count: _Count, progress: Progress | None = None
) -> Iterator[ComtradeRecord | RejectedRow]:
    check_progress(progress)
    stream, name, owned = open_source(source)
    size = source_size(source)
    try:
        lines = DecodedLines(stream)
        reader = csv.reader(lines)
        try:
            header = next(reader)
        except StopIteration:
            raise ParseError("source", name, "is empty: no header row") from None
        except csv.Error as error:
            raise ParseError("source", name, f"is not CSV: {error}") from None
        if lines.bad_since(0):
            raise ParseError("source", name, "has a header that is neither UTF-8 nor cp1252 text")
        index, legacy, width = _layout(header, name)
        line = 1
        while True:
            previous = line
            try:
                fields = next(reader)
            except StopIteration:
                if progress is not None:
                    progress(count.rows, position(stream, lines.bytes), size)
                return
            except csv.Error as error:
                line = lines.count
                count.rows += 1
                unreadable = RejectedRow(line, "row", "", f"is not CSV: {error}")
                if strict:
                    raise ParseError(f"{name}:{line}", "", unreadable.reason) from None
                yield unreadable
                continue
            line = reader.line_num
            if not fields:
                continue  # a blank line holds no row
            count.rows += 1
            if progress is not None and count.rows % PROGRESS_EVERY == 0:
                progress(count.rows, position(stream, lines.bytes), size)
            try:
                if lines.long_since(previous):
                    raise Reject("row", "", f"is longer than {MAX_LINE} bytes")
                if lines.bad_since(previous):
                    raise Reject(
                        "row",
                        fields[0][:40],
                        f"is neither {lines.encoding or 'UTF-8'} text nor ASCII",
                    )
                if legacy:
                    yield _record(
                        _from_legacy(fields, index, width), _PLUS_INDEX, line, len(COLUMNS)
                    )
                else:
                    yield _record(fields, index, line, width)
            except Reject as reject:
                if legacy:  # named as the file names its columns
                    column = _LEGACY_NAMES.get(reject.column, reject.column)
                    reject = Reject(column, reject.value, reject.reason)
                yield rejected(reject, line, f"{name}:{line}", strict)
    finally:
        if owned:
            stream.close()


def read_comtrade(
    source: Any, *, strict: bool = True, progress: Progress | None = None
) -> ComtradeData:
    """Read a whole Comtrade+ CSV export or legacy CSV (see :func:`iter_comtrade` to stream one).

    With Polars installed (the ``polars`` extra), a file at a path or in bytes is read in
    columns, several times faster: the same checks, made on whole columns, and the same
    records, wherever korus can vouch for that; otherwise (a row that is refused, a stream) row
    by row. Progress is then reported after each 100,000 rows.

    >>> data = read_comtrade(SAMPLE)
    >>> data.rows, len(data.flows), len(data.aggregates), len(data.rejected)
    (69, 63, 6, 0)
    >>> data.find("USA", "KOR", "export").flow.value
    quantity('71469488662', 'USD')
    """
    check_progress(progress)
    in_columns = _in_columns(source, progress)
    if in_columns is not None:
        return in_columns
    return _read_by_rows(source, strict, progress)


def _read_by_rows(source: Any, strict: bool, progress: Progress | None) -> ComtradeData:
    """The file read row by row: the definition the reading in columns is held to."""
    count = _Count()
    return _placed(source_name(source), _rows(source, strict, count, progress), count)


def _in_columns(source: Any, progress: Progress | None) -> ComtradeData | None:
    """The file read in columns, where korus can vouch for it (a Comtrade CSV at a path or in
    bytes, every row good); else None."""
    try:
        from korus.readers._comtrade_arrow import comtrade_data
    except ImportError:  # it needs Polars and pyarrow; the row-by-row reader needs neither
        return None
    return comtrade_data(source, progress)


def _placed(
    name: str, items: Iterable[ComtradeRecord | RejectedRow], count: _Count
) -> ComtradeData:
    """Every record in its place: a flow, an aggregate, a breakdown, or a rejected row."""
    flows, aggregates, breakdowns, rejected = partition(items)
    # Read whole before the count is taken: the reader counts as it goes.
    return ComtradeData(name, count.rows, flows, aggregates, rejected, breakdowns=breakdowns)
