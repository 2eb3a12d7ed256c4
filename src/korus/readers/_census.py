"""Reading responses of the US Census Bureau's international trade API into korus flows.

The API answers with JSON: a list of lists of strings, the header first, one row a line. Which
column holds the value is the caller's choice, made explicitly (``ALL_VAL_MO`` is total
exports in a month, ``CNT_VAL_YR`` containerized vessel exports in the year to date, ...),
because the same response holds several and none is "the" value.

Every row ends up in exactly one place: a flow (a country, all ports), an aggregate (the
world total, a grouping such as the EU or a continent), a breakdown (one port or district of
a total), or a rejected row. ``rows == flows + aggregates + breakdowns + rejected``, always.
Aggregates and breakdowns are kept as checks of the flows, never summed with them.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import operator
import pathlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any, Final

import attrs

from korus._basis import Basis, StatisticalBasis, TradeSystem, TransportMode, Treatment, Valuation
from korus._economy import Economy
from korus._errors import InvalidValueError, KorusError, ParseError
from korus._model import Direction, Provenance, TradeFlow
from korus._period import Period
from korus._product import Coverage, Product, Scope
from korus._units import Quantity, amounts_in, money
from korus._validate import collector_paused, counting, instance_of, unchecked_maker
from korus.readers._crosswalk import CodeKind, SourceCode, census_code
from korus.readers._json import decoded, top_level_array
from korus.readers._reading import (
    MAX_LINE,
    PROGRESS_EVERY,
    PartsCheck,
    Progress,
    Reject,
    RejectedRow,
    check_accounting,
    check_progress,
    open_source,
    partition,
    parts_check,
    position,
    read_at_most,
    rejected,
    skip_rest_of_line,
    source_name,
    source_size,
    summary_repr,
)

_VARIABLE: Final = re.compile(r"([A-Z0-9]+)_(VAL|CIF)_(MO|YR)")
_AMOUNT: Final = re.compile(r"[0-9]{1,20}")
_TIME: Final = re.compile(r"([0-9]{4})(?:-([0-9]{2}))?")
_BREAKDOWNS: Final = ("PORT", "DISTRICT", "STATE")
_MAX_DOCUMENT: Final = 500_000_000
_USA: Final = Economy("USA")
_PUBLISHER: Final = "U.S. Census Bureau"


@attrs.frozen
class CensusRecord:
    """One row of a Census response: the country code as the Census wrote it, the breakdown
    (a port, district or state) if the row is one, and the flow.

    >>> record = read_census(CENSUS_SAMPLE, "CNT_VAL_YR").find("5800")
    >>> record.country.economy, record.breakdown, record.flow.value
    (Economy('KOR'), None, quantity('143751419', 'USD'))
    """

    line: int = attrs.field(validator=counting("line", least=1))
    country: SourceCode = attrs.field(validator=instance_of(SourceCode, "country"))
    #: ``"PORT 5301"`` for one port's part of a total; None for the total over all of them.
    breakdown: str | None = attrs.field(validator=instance_of(str, "breakdown", optional=True))
    #: The flow, from the United States to the country (or the world, or an area); None for
    #: a grouping, which is no economy.
    flow: TradeFlow | None = attrs.field(validator=instance_of(TradeFlow, "flow", optional=True))
    #: The value the row holds, also for groupings.
    value: Quantity = attrs.field(validator=instance_of(Quantity, "value"))
    scope: Scope = attrs.field(validator=instance_of((Coverage, Product), "scope"))
    period: Period = attrs.field(validator=instance_of(Period, "period"))

    @property
    def is_aggregate(self) -> bool:
        """Whether the row is a total over countries (the world, a grouping)."""
        return self.country.kind is CodeKind.AGGREGATE

    @property
    def is_breakdown(self) -> bool:
        """Whether the row is one port's (district's, state's) part of a total."""
        return self.breakdown is not None


@attrs.frozen(repr=False)
class CensusData:
    """A Census response read whole: flows, aggregates and breakdowns kept apart, rejected rows.

    >>> data = read_census(CENSUS_SAMPLE, "CNT_VAL_YR")
    >>> data.rows, len(data.flows), len(data.aggregates), len(data.breakdowns), len(data.rejected)
    (55, 6, 5, 44, 0)
    """

    source: str = attrs.field(validator=instance_of(str, "source"))
    variable: str = attrs.field(validator=instance_of(str, "variable"))
    rows: int = attrs.field(validator=counting("rows"))
    flows: tuple[CensusRecord, ...] = attrs.field(validator=instance_of(tuple, "flows"))
    aggregates: tuple[CensusRecord, ...] = attrs.field(validator=instance_of(tuple, "aggregates"))
    breakdowns: tuple[CensusRecord, ...] = attrs.field(validator=instance_of(tuple, "breakdowns"))
    rejected: tuple[RejectedRow, ...] = attrs.field(validator=instance_of(tuple, "rejected"))

    def __attrs_post_init__(self) -> None:
        kinds = dict.fromkeys(("flows", "aggregates", "breakdowns"), CensusRecord)
        check_accounting(self, kinds | {"rejected": RejectedRow})

    def __repr__(self) -> str:
        # A summary: a whole file's records would print as one line of megabytes.
        return summary_repr(self, ("flows", "aggregates", "breakdowns", "rejected"))

    def find(self, code: str, breakdown: str | None = None) -> CensusRecord | None:
        """The row of one Census country code (and breakdown, e.g. ``"PORT 5301"``)."""
        for record in (*self.flows, *self.aggregates, *self.breakdowns):
            if record.country.code == code and record.breakdown == breakdown:
                return record
        return None

    def checks(self) -> tuple[PartsCheck, ...]:
        """Every total the response lets korus check, beside the exact sum of its parts: the
        world ("-") against the countries, and each all-ports total against its ports. The EU,
        APEC, the continents and other groupings are not checked: korus has no list of their
        members (the Census counts Mexico, 2010, in 1XXX North America)."""
        groups: dict[tuple[Any, ...], list[Decimal]] = defaultdict(list)
        for record in self.flows:
            groups[("-", record.scope, record.period)].append(record.value.magnitude)
        for record in self.breakdowns:
            groups[(record.country.code, record.scope, record.period, "breakdown")].append(
                record.value.magnitude
            )
        checks = []
        for record in (*self.aggregates, *self.flows):
            own = (record.country.code, record.scope, record.period)
            for key, kind in ((own, "countries"), ((*own, "breakdown"), "breakdowns")):
                values = groups.get(key)
                if values is None:
                    continue
                label = f"{record.country.code} ({record.country.name}), {record.scope}, "
                label += f"{record.period}: {kind}"
                checks.append(parts_check(label, record.value, values, rounded=False))
        return tuple(checks)


def _direction_of(header: list[str], variable: str, direction: str | None) -> Direction:
    found = {
        column: d
        for column, d in (("E_COMMODITY", Direction.EXPORT), ("I_COMMODITY", Direction.IMPORT))
        if column in header
    }
    if direction is not None:
        wanted = Direction.coerce(direction, "direction")
        if wanted not in (Direction.EXPORT, Direction.IMPORT):
            raise InvalidValueError("direction", direction, "must be 'export' or 'import'")
        if found and wanted not in found.values():
            raise InvalidValueError(
                "direction", direction, f"but the response has {', '.join(found)}"
            )
        return wanted
    if len(found) == 1:
        return next(iter(found.values()))
    raise InvalidValueError(
        "direction",
        None,
        f"cannot be told from a response without E_COMMODITY or I_COMMODITY ({variable}); "
        "pass direction='export' or 'import'",
    )


def _basis(**fields: Any) -> Basis:
    return Basis(statistical_basis=StatisticalBasis.CENSUS, **fields)


_EXPORTED: Final = _basis(valuation=Valuation.FAS, system=TradeSystem.GENERAL)
_GENERAL: Final = _basis(valuation=Valuation.CUSTOMS, system=TradeSystem.GENERAL)
_CONSUMPTION: Final = _basis(valuation=Valuation.CUSTOMS, system=TradeSystem.SPECIAL)
_MODES: Final = {
    "AIR": TransportMode.AIR,
    "VES": TransportMode.VESSEL,
    "CNT": TransportMode.CONTAINERIZED_VESSEL,
}

#: What each value variable of the Census trade API measures, by its prefix and side (Census
#: Bureau, "Guide to International Trade Datasets" and the API's variable lists). Exports are
#: total exports (domestic and foreign) at f.a.s. value; imports are general imports (goods
#: entering the US, the general trade system) or imports for consumption (goods entering
#: consumption, near the special system), at customs value or CIF. Transport-mode values are
#: parts: of total exports, of general imports. The dutiable value is the part of imports for
#: consumption subject to duty.
CENSUS_VALUES: Final[dict[tuple[str, Direction], Basis]] = {
    ("ALL_VAL", Direction.EXPORT): _EXPORTED,
    **{(f"{m}_VAL", Direction.EXPORT): _EXPORTED.replace(mode=_MODES[m]) for m in _MODES},
    ("GEN_VAL", Direction.IMPORT): _GENERAL,
    ("GEN_CIF", Direction.IMPORT): _GENERAL.replace(valuation=Valuation.CIF),
    ("CON_VAL", Direction.IMPORT): _CONSUMPTION,
    ("CON_CIF", Direction.IMPORT): _CONSUMPTION.replace(valuation=Valuation.CIF),
    ("DUT_VAL", Direction.IMPORT): _CONSUMPTION.replace(treatment=Treatment.DUTIABLE),
    **{(f"{m}_VAL", Direction.IMPORT): _GENERAL.replace(mode=_MODES[m]) for m in _MODES},
}

#: The exports API's DF column: 1 domestic exports, 2 foreign exports (re-exports).
_DF: Final = {"1": Direction.DOMESTIC_EXPORT, "2": Direction.RE_EXPORT}


def census_measure(value: str, direction: str) -> Basis:
    """What a value variable of the Census trade API measures, on the side named: the basis
    its flows are read with (see :func:`iter_census`). A weight, a count, a duty, or a variable
    korus does not know is refused.

    >>> census_measure("CNT_VAL_YR", "export").mode, census_measure("GEN_CIF_MO", "import").valuation
    (TransportMode.CONTAINERIZED_VESSEL, Valuation.CIF)
    """
    _check_arguments(value, None)
    side = Direction.coerce(direction, "direction")
    if side not in (Direction.EXPORT, Direction.IMPORT):
        raise InvalidValueError("direction", direction, "must be 'export' or 'import'")
    return _measure(value, side)


def _measure(variable: str, direction: Direction) -> Basis:
    match = _VARIABLE.fullmatch(variable)
    assert match is not None  # checked before
    basis = CENSUS_VALUES.get((f"{match[1]}_{match[2]}", direction))
    if basis is None:
        known = sorted(
            f"{prefix}_{variable[-2:]}" for prefix, side in CENSUS_VALUES if side is direction
        )
        raise InvalidValueError(
            "value",
            variable,
            f"is no value of {direction.value}s whose measure korus knows (it knows "
            f"{', '.join(known)}); a weight, a count or a duty is no value of trade",
        )
    return basis


class _Layout:
    """What korus needs to know of a response's header to read its rows."""

    def __init__(self, header: list[str], variable: str, direction: str | None, name: str) -> None:
        if variable not in header:
            raise InvalidValueError(
                "value", variable, f"is not a column of {name} (it has {', '.join(header)[:200]})"
            )
        duplicated = sorted({c for c in header if header.count(c) > 1})
        if duplicated:
            raise ParseError("source", name, f"names the column {duplicated[0]!r} more than once")
        for column in ("CTY_CODE",):
            if column not in header:
                raise ParseError("source", name, f"has no {column} column")
        if "time" not in header and "YEAR" not in header:
            raise ParseError("source", name, "has neither a time nor a YEAR column")
        self.width = len(header)
        self.index = {column: position for position, column in enumerate(header)}
        self.variable = variable
        self.monthly = variable.endswith("_MO")
        self.direction = _direction_of(header, variable, direction)
        self.basis = _measure(variable, self.direction)
        self.commodity = "E_COMMODITY" if self.direction is Direction.EXPORT else "I_COMMODITY"
        self.provenance = Provenance(
            _PUBLISHER, document=f"International trade API, {self.commodity[0]}-side {variable}"
        )

    def get(self, fields: list[str], column: str) -> str | None:
        position = self.index.get(column)
        return None if position is None else fields[position]


def _period(layout: _Layout, fields: list[str]) -> Period:
    time = layout.get(fields, "time")
    year, month = layout.get(fields, "YEAR"), layout.get(fields, "MONTH")
    if time is not None:
        match = _TIME.fullmatch(time)
        if match is None:
            raise Reject("time", time, "is not YYYY or YYYY-MM")
        if year is not None and year != match[1]:
            raise Reject("YEAR", year, f"does not agree with time {time}")
        if month is not None and match[2] is not None and month != match[2]:
            raise Reject("MONTH", month, f"does not agree with time {time}")
        year, month = match[1], match[2]
    assert year is not None  # the layout requires time or YEAR
    if not (year.isascii() and year.isdigit() and len(year) == 4):
        raise Reject("YEAR", year, "is not a year")
    if month is not None and month not in {f"{m:02d}" for m in range(1, 13)}:
        raise Reject("MONTH", month, "is not a month 01-12")
    try:
        if layout.monthly:
            if month is None:
                raise Reject(
                    "time", time or year, f"names no month, and {layout.variable} is monthly"
                )
            return Period(int(year), month=int(month))
        if month is not None and month != "12":
            raise Reject(
                layout.variable,
                time or f"{year}-{month}",
                f"is a total for the year to date through month {month}, which is no period "
                f"korus models; read the monthly variable ({layout.variable[:-2]}MO) instead",
            )
        return Period(int(year))
    except KorusError as error:
        raise Reject("time", time or year, error.reason) from None


def _direction(layout: _Layout, fields: list[str]) -> Direction:
    df = layout.get(fields, "DF")
    if df is None or df in ("-", "") or layout.direction is not Direction.EXPORT:
        return layout.direction
    if df not in _DF:
        raise Reject("DF", df, "is not 1 (domestic exports) or 2 (foreign exports)")
    return _DF[df]


def _scope(layout: _Layout, fields: list[str]) -> Scope:
    code = layout.get(fields, layout.commodity)
    if code is None or code in ("-", "TOTAL"):
        return Coverage.GOODS
    if len(code) in (2, 4, 6) and code.isascii() and code.isdigit():
        try:
            return Product("HS", code)
        except KorusError as error:
            raise Reject(layout.commodity, code, error.reason) from None
    raise Reject(
        layout.commodity,
        code,
        "is not an HS chapter, heading or subheading (2, 4 or 6 digits); korus does not read "
        "national 10-digit lines",
    )


def _country(code: str) -> SourceCode:
    try:
        country = census_code(code)
    except KorusError as error:
        raise Reject("CTY_CODE", code, error.reason) from None
    if country.kind is not CodeKind.AGGREGATE and country.economy is None:
        raise Reject(
            "CTY_CODE",
            code,
            f"is {country.name}, which has no ISO 3166 code; korus does not file its trade "
            "under another economy",
        )
    return country


def _value(layout: _Layout, raw: str) -> Quantity:
    if raw == "":
        raise Reject(layout.variable, raw, "is empty: the value is missing, not zero")
    if _AMOUNT.fullmatch(raw) is None:
        raise Reject(layout.variable, raw, "is not a whole, non-negative number of dollars")
    return money(Decimal(raw), None, "USD")


def _breakdown(layout: _Layout, fields: list[str]) -> str | None:
    breakdown = None
    for column in _BREAKDOWNS:
        part = layout.get(fields, column)
        if part is not None and part not in ("-", ""):
            if breakdown is not None:
                raise Reject(column, part, f"is a breakdown within {breakdown}; korus reads one")
            breakdown = f"{column} {part}"
    return breakdown


def _flow(
    layout: _Layout,
    economy: Economy,
    direction: Direction,
    scope: Scope,
    period: Period,
    value: Quantity,
) -> TradeFlow:
    try:
        return TradeFlow(
            _USA,
            economy,
            direction,
            scope,
            period,
            value,
            basis=layout.basis,
            provenance=layout.provenance,
        )
    except KorusError as error:
        raise Reject(error.field, str(error.value), error.reason) from None


def _record(layout: _Layout, fields: list[Any], line: int) -> CensusRecord:
    if len(fields) != layout.width or not all(isinstance(f, str) for f in fields):
        raise Reject("row", str(fields)[:80], f"is not a list of {layout.width} strings")
    code = layout.get(fields, "CTY_CODE")
    assert code is not None
    country = _country(code)
    raw = layout.get(fields, layout.variable)
    assert raw is not None
    value = _value(layout, raw)
    breakdown = _breakdown(layout, fields)
    scope = _scope(layout, fields)
    period = _period(layout, fields)
    flow = None
    if country.economy is not None:
        flow = _flow(layout, country.economy, _direction(layout, fields), scope, period, value)
    return CensusRecord(line, country, breakdown, flow, value, scope, period)


#: The verdicts one read keeps: far more distinct rows (but for their values) than any
#: response holds, few enough that no file can fill memory with them.
_MAX_JUDGED: Final = 100_000
_STRINGS: Final = frozenset({str})
_USD: Final = amounts_in(None, "USD")


_FlowKey = tuple[Economy, Direction, Scope, Period]
#: Columns of flows: countries, directions, scopes, periods, the texts of the values.
_Columns = tuple[list[SourceCode], list[Direction], list[Scope], list[Period], list[str]]
_Part = tuple[Callable[[list[str]], Any], Callable[[list[str]], Any], dict[Any, Any]]


class _Judged:
    """What :func:`_record` makes of a row, each part of its verdict judged once for each
    distinct text of the fields it reads, by :func:`_record`'s own functions.

    A response repeats its countries, products, periods and ports row after row. A row whose
    every part is judged good is made from the parts with its own value and line; a row with
    any part judged bad goes to :func:`_record`, which says which field is wrong and why, in
    its own order. A value that matches the pattern :func:`_value` accepts is within every
    limit, and a flow's verdict is a function of its economy, direction, scope and period, so
    a record made here is the one :func:`_record` makes
    (tests/properties/test_reader_judged.py holds the two equal)."""

    def __init__(self, layout: _Layout) -> None:
        self._layout = layout
        index = layout.index

        def fields_of(*columns: str) -> Callable[[list[str]], Any]:
            present = [index[c] for c in columns if c in index]
            return operator.itemgetter(*present) if present else lambda fields: ()

        # Each part: the texts it reads, its judge, and the verdicts on the texts seen.
        judges: tuple[tuple[tuple[str, ...], Callable[[list[str]], Any]], ...] = (
            (("CTY_CODE",), lambda f: _country(f[index["CTY_CODE"]])),
            (_BREAKDOWNS, lambda f: _breakdown(layout, f)),
            ((layout.commodity,), lambda f: _scope(layout, f)),
            (("time", "YEAR", "MONTH"), lambda f: _period(layout, f)),
            (("DF",), lambda f: _direction(layout, f)),
        )
        self._parts: tuple[_Part, ...] = tuple(
            (fields_of(*columns), judge, {}) for columns, judge in judges
        )
        self._flows: dict[_FlowKey, bool] = {}
        self._value = index[layout.variable]
        self._flow = unchecked_maker(TradeFlow)
        self._record = unchecked_maker(CensusRecord)

    def __call__(self, fields: list[Any], line: int) -> CensusRecord:
        layout = self._layout
        if len(fields) != layout.width or not _STRINGS.issuperset(map(type, fields)):
            return _record(layout, fields, line)  # which says what is wrong
        raw = fields[self._value]
        if _AMOUNT.fullmatch(raw) is None:
            return _record(layout, fields, line)
        parts = []
        for texts, judge, seen in self._parts:
            verdict = _verdict(seen, texts(fields), judge, fields)
            if verdict is _BAD:
                return _record(layout, fields, line)
            parts.append(verdict)
        country, breakdown, scope, period, direction = parts
        value = _USD(Decimal(raw))
        flow = None
        if country.economy is not None:
            key = (country.economy, direction, scope, period)
            if not self._good_flow(key, value):
                return _record(layout, fields, line)
            flow = self._flow(_USA, *key, value, layout.basis, layout.provenance)
        return self._record(line, country, breakdown, flow, value, scope, period)

    def flows(self, rows: list[Any]) -> _Columns | None:
        """What the flows of :meth:`__call__`'s records of ``rows`` hold (the countries at all
        ports: no grouping, no port), as columns: the country (whose economy is the partner),
        direction, scope, period and the text of the value. Judged a column at a time: each
        part once for each distinct text of ``rows``, each flow once for each distinct set of
        those texts. None if any row is not read to a record: the rows are then read one by
        one, which says what is wrong."""
        layout = self._layout
        width = layout.width
        if not all(type(fields) is list and len(fields) == width for fields in rows):
            return None
        if not _STRINGS.issuperset(map(type, itertools.chain.from_iterable(rows))):
            return None
        raws = list(map(operator.itemgetter(self._value), rows))
        if not all(map(_AMOUNT.fullmatch, raws)):
            return None
        keys, columns = [], []
        for texts, judge, seen in self._parts:
            part_keys = list(map(texts, rows))
            verdicts = {}
            for key, fields in dict(zip(part_keys, rows, strict=True)).items():
                verdict = _verdict(seen, key, judge, fields)
                if verdict is _BAD:
                    return None
                verdicts[key] = verdict
            keys.append(part_keys)
            columns.append(list(map(verdicts.__getitem__, part_keys)))
        countries, breakdowns, scopes, periods, directions = columns
        # A flow's verdict depends on the texts of its country, scope, period and direction.
        flow_texts = zip(keys[0], keys[2], keys[3], keys[4], strict=True)
        for at in dict(zip(flow_texts, range(len(rows)), strict=True)).values():
            economy = countries[at].economy
            key = (economy, directions[at], scopes[at], periods[at])
            if economy is not None and not self._good_flow(key, _USD(Decimal(raws[at]))):
                return None
        kept = [
            country.kind is not CodeKind.AGGREGATE and breakdown is None
            for country, breakdown in zip(countries, breakdowns, strict=True)
        ]
        return (
            list(itertools.compress(countries, kept)),
            list(itertools.compress(directions, kept)),
            list(itertools.compress(scopes, kept)),
            list(itertools.compress(periods, kept)),
            list(itertools.compress(raws, kept)),
        )

    def _good_flow(self, key: _FlowKey, value: Quantity) -> bool:
        good = self._flows.get(key)
        if good is None:
            try:
                _flow(self._layout, *key, value)
                good = True
            except Reject:
                good = False
            if len(self._flows) < _MAX_JUDGED:
                self._flows[key] = good
        return good


def _verdict(seen: dict[Any, Any], key: Any, judge: Callable[[list[str]], Any], fields: Any) -> Any:
    """The judge's verdict on the texts ``key`` of ``fields``, from ``seen`` if it is there."""
    verdict = seen.get(key, _UNSEEN)
    if verdict is _UNSEEN:
        try:
            verdict = judge(fields)
        except Reject:
            verdict = _BAD
        if len(seen) < _MAX_JUDGED:
            seen[key] = verdict
    return verdict


_UNSEEN: Final = object()
_BAD: Final = object()


_DECODER: Final = json.JSONDecoder()


def _json_rows(stream: Any, name: str) -> Iterator[tuple[int, Any]]:
    """(line, parsed row) pairs; the header first. Reads the API's one-row-a-line form line by
    line, so that it streams; any other JSON layout (up to 500 MB) is decoded whole and its rows
    parsed one at a time."""
    first = stream.readline(MAX_LINE + 1)
    text = first.strip()
    if text.startswith(b"[[") and text.endswith(b"],") and len(first) <= MAX_LINE:
        yield 1, _parse(text[1:-1], 1, name, header=True)
        yield from _line_rows(stream, name)
        return
    rest = read_at_most(stream, _MAX_DOCUMENT - len(first))
    if len(first) + len(rest) > _MAX_DOCUMENT:
        raise ParseError("source", name, f"is larger than {_MAX_DOCUMENT} bytes")
    try:
        text = decoded(first + rest)
        del first, rest  # the text alone from here
        document = top_level_array(text, _DECODER)
    except (ValueError, RecursionError) as error:
        raise ParseError("source", name, f"is not JSON: {str(error)[:80]}") from None
    if document is None or not document.count:
        raise ParseError("source", name, "is not a Census API response (a list of lists)")
    for number, row in enumerate(document, start=1):  # one row at a time, not the whole tree
        if number == 1 and not isinstance(row, list):
            raise ParseError("source", name, "is not a Census API response (a list of lists)")
        yield number, row


def _line_rows(stream: Any, name: str) -> Iterator[tuple[int, Any]]:
    """The rows after the header of the one-row-a-line form, parsed a group of lines at a time
    (:func:`_parsed`); each group is given before any error that follows it is raised."""
    number = 1
    ended = False
    group: list[tuple[int, bytes | Reject]] = []
    while raw := stream.readline(MAX_LINE + 1):
        number += 1
        if len(group) == _LINES:
            yield from _parsed(group, name)
            group = []
        if len(raw) > MAX_LINE:
            skip_rest_of_line(stream, raw)
            if ended:
                yield from _parsed(group, name)
                raise ParseError(f"{name}:{number}", raw[:40].decode("latin-1"), "follows the end")
            group.append((number, Reject("row", "", f"is longer than {MAX_LINE} bytes")))
            continue
        row = raw.strip()
        if not row:
            continue
        if ended:
            yield from _parsed(group, name)
            raise ParseError(f"{name}:{number}", row[:40].decode("latin-1"), "follows the end")
        if row == b"]":
            ended = True
            continue
        if row.endswith(b"]]"):
            row, ended = row[:-1], True
        elif row.endswith(b"],"):
            row = row[:-1]
        group.append((number, row))
    yield from _parsed(group, name)
    if not ended:
        raise ParseError("source", name, "ends before its closing bracket: cut short?")


#: Lines parsed together: enough that the per-call cost of decoding is shared, few enough
#: that a stream's rows come soon and memory stays small.
_LINES: Final = 1_000
_SCAN: Final = _DECODER.scan_once  # type: ignore[attr-defined] # raw_decode without its wrapper


def _parsed(group: list[tuple[int, bytes | Reject]], name: str) -> Iterator[tuple[int, Any]]:
    """Each line of ``group`` as :func:`_parse` parses it. The lines are decoded from UTF-8
    together and each scanned by json's own scanner, which is what ``json.loads`` does with a
    line less its per-call work (finding the encoding, decoding, the wrapper); a line that is
    not UTF-8, or that the scanner does not take whole, is left to :func:`_parse`, which says
    what is wrong, or reads it as ``json.loads`` does (a byte order mark)."""
    texts: list[str] | None = None
    rows = [row for _, row in group if not isinstance(row, Reject)]
    with contextlib.suppress(UnicodeDecodeError):
        texts = b"\n".join(rows).decode("utf-8").split("\n")
    if texts is not None and len(texts) != len(rows):
        # A row that holds a line break of its own would split in two and shift every text
        # after it onto the wrong line: such a group is parsed a line at a time.
        texts = None
    at = 0
    for number, row in group:
        if isinstance(row, Reject):
            yield number, row
            continue
        if texts is not None:
            line = texts[at]
            at += 1
            try:
                parsed, end = _SCAN(line, 0)
            except (StopIteration, ValueError, RecursionError):
                pass
            else:
                if end == len(line):
                    yield number, parsed
                    continue
        yield number, _parse(row, number, name)


def _parse(text: bytes, number: int, name: str, *, header: bool = False) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as error:
        if header:
            raise ParseError("source", name, f"has a header that is not JSON: {error}") from None
        return Reject("row", text[:40].decode("latin-1"), f"is not JSON: {str(error)[:80]}")


def _check_arguments(value: Any, progress: Any) -> None:
    check_progress(progress)
    if not isinstance(value, str) or _VARIABLE.fullmatch(value) is None:
        raise InvalidValueError(
            "value", value, "must name a value column such as 'ALL_VAL_MO' or 'GEN_CIF_YR'"
        )


def iter_census(
    source: Any,
    value: str,
    *,
    direction: str | None = None,
    strict: bool = True,
    progress: Progress | None = None,
) -> Iterator[CensusRecord | RejectedRow]:
    """Read a Census international trade API response row by row.

    :param source: a path, the response's bytes, or a binary stream; gzip-compressed or not.
    :param value: the column that holds the value, e.g. ``"ALL_VAL_MO"`` (exports, a month),
        ``"GEN_VAL_YR"`` (general imports, year to date), ``"CNT_VAL_YR"`` (exports by
        containerized vessel, year to date). ``*_YR`` values are read for December only, where
        the year to date is the calendar year.
    :param direction: ``"export"`` or ``"import"``; needed only when the response has neither
        ``E_COMMODITY`` nor ``I_COMMODITY``.
    :param strict: stop at the first bad row with a :class:`~korus.ParseError`; otherwise
        yield a :class:`RejectedRow` and go on.
    :param progress: called every 10,000 rows and at the end (see :func:`korus.readers.progress_bar`).

    >>> first = next(iter_census(CENSUS_SAMPLE, "CNT_VAL_YR"))
    >>> first.country.name, first.is_aggregate, first.value
    ('EUROPEAN UNION', True, quantity('147424640', 'USD'))
    """
    _check_arguments(value, progress)
    return _census_rows(source, value, direction, strict, progress, [0])


def _census_rows(
    source: Any,
    variable: str,
    direction: str | None,
    strict: bool,
    progress: Progress | None,
    count: list[int],
) -> Iterator[CensusRecord | RejectedRow]:
    stream, name, owned = open_source(source)
    size = source_size(source)
    try:
        rows = _json_rows(stream, name)
        try:
            _, header = next(rows)
        except StopIteration:
            raise ParseError("source", name, "is empty: no header row") from None
        if not isinstance(header, list) or not all(isinstance(h, str) for h in header):
            raise ParseError("source", name, "has a header that is not a list of strings")
        layout = _Layout(header, variable, direction, name)
        judged = _Judged(layout)
        for line, fields in rows:
            count[0] += 1
            if progress is not None and count[0] % PROGRESS_EVERY == 0:
                progress(
                    count[0], position(stream, stream.tell() if stream.seekable() else 0), size
                )
            try:
                if isinstance(fields, Reject):
                    raise fields
                if not isinstance(fields, list):
                    raise Reject("row", str(fields)[:80], "is not a list")
                yield judged(fields, line)
            except Reject as reject:
                yield rejected(reject, line, f"{name}:{line}", strict)
        if progress is not None:
            progress(count[0], size or 0, size)
    finally:
        if owned:
            stream.close()


#: Rows judged together by :meth:`_Judged.flows`.
_GROUP: Final = 10_000


def census_flows(
    source: Any, variable: str, direction: str | None
) -> tuple[Basis, _Columns] | None:
    """The basis and the flows of a response read whole (a path or bytes), in the columns of
    :meth:`_Judged.flows`, for a table: None where any row is not read to a record,
    or the source is a stream (which cannot be read twice); :func:`iter_census` then says
    what is wrong, or reads the response row by row."""
    _check_arguments(variable, None)
    if not isinstance(source, bytes | str | pathlib.Path):
        return None
    stream, name, owned = open_source(source)
    try:
        rows = _json_rows(stream, name)
        _, header = next(rows)
        if not isinstance(header, list) or not all(isinstance(h, str) for h in header):
            return None
        layout = _Layout(header, variable, direction, name)
        judged = _Judged(layout)
        columns: _Columns = ([], [], [], [], [])
        while group := [fields for _, fields in itertools.islice(rows, _GROUP)]:
            made = judged.flows(group)
            if made is None:
                return None
            for column, part in zip(columns, made, strict=True):
                column.extend(part)  # type: ignore[attr-defined] # each a list
        return layout.basis, columns
    except (KorusError, StopIteration):
        return None
    finally:
        if owned:
            stream.close()


def read_census(
    source: Any,
    value: str,
    *,
    direction: str | None = None,
    strict: bool = True,
    progress: Progress | None = None,
) -> CensusData:
    """Read a whole Census international trade API response (see :func:`iter_census`).

    >>> data = read_census(CENSUS_SAMPLE, "CNT_VAL_YR", strict=False)
    >>> str(data.find("5800").flow.value), data.find("5800").flow.partner.name
    ('143751419 USD', 'South Korea')
    >>> all(check.consistent for check in data.checks())
    True
    """
    _check_arguments(value, progress)
    count = [0]
    with collector_paused():
        flows, aggregates, breakdowns, rejected = partition(
            _census_rows(source, value, direction, strict, progress, count)
        )
    return CensusData(source_name(source), value, count[0], flows, aggregates, breakdowns, rejected)
