"""A Comtrade+ API response read in columns: the same records as
:func:`korus.readers.read_comtrade_json`, its records parsed once by the C decoder with no
Python hook, the fields the row checks read gathered into columns of about 10,000 records, and
those checked by the vectorised checks of the Comtrade CSV read in columns
(:mod:`korus.readers._comtrade_arrow`).

As there, this is a faster way to the scalar reader's result, never a second reader: where it
cannot vouch that every record reads to exactly the scalar reader's record, it gives None and
the response is read record by record, whose result (or error) is the answer:

- a number with an exponent in a field the checks read (the scalar reader writes ``8.42e2``
  as ``842``; here numbers keep their text, which is the same text for every other number);
- a record that is no object, names a field twice, or lacks one of the 47 fields; a field the
  checks read that is no string, number, boolean or null; any object within a record (the
  scalar reader refuses one that names a field twice) or brace within a text;
- a member of the response beside ``data`` that is not plain (a ``count`` other than the
  records', an ``error``, a nested object): the scalar reader says what is wrong with it;
- a record any check refuses.
"""

from __future__ import annotations

import itertools
import json
import operator
from collections.abc import Iterator
from typing import Any, Final

import polars as pl

from korus._validate import collector_paused
from korus.readers._comtrade_arrow import (
    _USED,
    _records,
    _rows,
    _Unsure,
)
from korus.readers._comtrade_columns import COLUMNS
from korus.readers._comtrade_data import ComtradeData, ComtradeRecord
from korus.readers._json import _SPACE, _expect, _skip


class _Float(str):
    """The text of a JSON number with a fraction or an exponent, as written."""

    __slots__ = ()


#: Numbers keep their text (the types are called with it, in C), and objects are the tuples
#: of their members, so that a field named twice is seen (``dict`` of them is shorter).
_DECODER: Final = json.JSONDecoder(parse_float=_Float, parse_int=str, object_pairs_hook=tuple)
_PLAIN: Final = frozenset({str, bool, type(None)})
_STR: Final = frozenset({str})
_FIELDS: Final = frozenset(COLUMNS)
_GROUP: Final = 10_000
_Groups = list[tuple[tuple[ComtradeRecord, ...], ...]]


def comtrade_api_data(text: str, name: str) -> ComtradeData | None:
    """What :func:`korus.readers.read_comtrade_json` gives for the decoded ``text`` of a
    response, read in columns; None where only the scalar reader can tell (see the module's
    docstring)."""
    try:
        with collector_paused():
            groups = _response(text)
    except (_Unsure, ValueError, RecursionError, pl.exceptions.PolarsError):
        return None
    flows, aggregates, breakdowns = (
        tuple(itertools.chain.from_iterable(group[kind] for group in groups)) for kind in range(3)
    )
    rows = len(flows) + len(aggregates) + len(breakdowns)
    return ComtradeData(name, rows, flows, aggregates, (), breakdowns=breakdowns)


def _response(text: str) -> _Groups:
    """The records of the response's ``data``, in groups; raises _Unsure for anything else the
    scalar reader would have to judge."""
    at = _expect(text, _skip(text, 0), "{")
    members: dict[str, Any] = {}
    groups: _Groups | None = None
    if text[at : at + 1] == "}":
        raise _Unsure  # no data
    while True:
        name, at = _DECODER.raw_decode(text, at)
        if not isinstance(name, str) or name in members:
            raise _Unsure
        at = _expect(text, _skip(text, at), ":")
        if name == "data" and text[at : at + 1] == "[":
            groups, at = _data(text, at)
            members[name] = None
        else:
            members[name], at = _DECODER.raw_decode(text, at)
            if type(members[name]) not in _PLAIN:
                raise _Unsure
        at = _skip(text, at)
        if text[at : at + 1] == "}":
            break
        at = _expect(text, at, ",")
    if groups is None or _skip(text, at + 1) != len(text) or members.get("error") not in ("", None):
        raise _Unsure
    counted = sum(len(kind) for group in groups for kind in group)
    if "count" in members and members["count"] != str(counted):
        raise _Unsure
    # An object within a record (or a brace within a text): the scalar reader's judgement,
    # which refuses a field named twice at any depth; the records' own are all there are here.
    if text.count("{") != 1 + counted:
        raise _Unsure
    return groups


def _data(text: str, at: int) -> tuple[_Groups, int]:
    """The records of the array at ``at``, checked and made a group at a time, and where the
    array ends."""
    end: list[int] = []
    items = _items(text, at, end)
    groups: _Groups = []
    before = 0
    while group := list(itertools.islice(items, _GROUP)):
        checked = _rows(_frame(group), before, first=1)
        groups.append(_records(checked))
        before += len(group)
    return groups, end[0]


def _items(text: str, at: int, end: list[int]) -> Iterator[tuple[Any, ...]]:
    """Each record of the array at ``at`` as the values of the fields the checks read; where
    the array ends is put in ``end``."""
    used = operator.itemgetter(*_USED)
    scan = _DECODER.scan_once  # type: ignore[attr-defined] # raw_decode without its wrapper
    space = _SPACE.match
    at = _expect(text, at, "[")
    if text[at : at + 1] != "]":
        while True:
            try:
                pairs, at = scan(text, at)
            except StopIteration:
                raise _Unsure from None
            if type(pairs) is not tuple:
                raise _Unsure  # not an object
            record = dict(pairs)
            if len(record) != len(pairs) or not _FIELDS.issubset(record):
                raise _Unsure
            yield used(record)
            at = space(text, at).end()  # type: ignore[union-attr] # it matches ""
            if text[at : at + 1] == "]":
                break
            at = _expect(text, at, ",")
    end.append(at + 1)


def _frame(group: list[tuple[Any, ...]]) -> pl.DataFrame:
    columns = {}
    for column, values in zip(_USED, zip(*group, strict=True), strict=True):
        if not _STR.issuperset(map(type, values)):
            values = tuple(map(_text, values))
        columns[column] = pl.Series(column, values, dtype=pl.String)
    return pl.DataFrame(columns)


def _text(value: object) -> str:
    """A field as korus.readers._comtrade._json_text writes it, where that is the text the
    number was written in, or a string's own; raises _Unsure for any other."""
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if type(value) is _Float and "e" not in value and "E" not in value:
        # Decimal's "f" format of a numeral without an exponent is the numeral itself.
        return str(value)
    if type(value) is str:
        return value
    raise _Unsure  # an exponent (written out by the scalar reader), a list, an object, NaN
