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
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any, Final

import attrs

from korus._calc import ratio_percent
from korus._economy import Economy
from korus._errors import (
    KorusError,
    MismatchError,
    ParseError,
)
from korus._model import Direction, TradeFlow, Valuation
from korus._period import Period
from korus._product import Coverage, Product, ProductLevel, Scope
from korus._units import Quantity, money, quantity, to_decimal
from korus._validate import instance_of
from korus.readers._crosswalk import comtrade_code, comtrade_table
from korus.readers._reading import (
    PROGRESS_EVERY,
    DecodedLines,
    PartsCheck,
    Progress,
    Reject,
    RejectedRow,
    check_accounting,
    check_progress,
    compare,
    open_source,
    partition,
    parts_check,
    source_name,
    source_size,
)

#: The 47 columns of a Comtrade+ CSV export and of the records of a Comtrade API response.
COLUMNS: Final = (
    "typeCode", "freqCode", "refPeriodId", "refYear", "refMonth", "period", "reporterCode",
    "reporterISO", "reporterDesc", "flowCode", "flowDesc", "partnerCode", "partnerISO",
    "partnerDesc", "partner2Code", "partner2ISO", "partner2Desc", "classificationCode",
    "classificationSearchCode", "isOriginalClassification", "cmdCode", "cmdDesc", "aggrLevel",
    "isLeaf", "customsCode", "customsDesc", "mosCode", "motCode", "motDesc", "qtyUnitCode",
    "qtyUnitAbbr", "qty", "isQtyEstimated", "altQtyUnitCode", "altQtyUnitAbbr", "altQty",
    "isAltQtyEstimated", "netWgt", "isNetWgtEstimated", "grossWgt", "isGrossWgtEstimated",
    "cifvalue", "fobvalue", "primaryValue", "legacyEstimationFlag", "isReported", "isAggregate",
)  # fmt: skip

#: The legacy comtrade.un.org CSV, as its API wrote it (35 columns; bulk downloads leave out
#: some of them, and korus needs only those in _LEGACY_REQUIRED).
LEGACY_COLUMNS: Final = (
    "Classification", "Year", "Period", "Period Desc.", "Aggregate Level", "Is Leaf Code",
    "Trade Flow Code", "Trade Flow", "Reporter Code", "Reporter", "Reporter ISO", "Partner Code",
    "Partner", "Partner ISO", "2nd Partner Code", "2nd Partner", "2nd Partner ISO",
    "Customs Proc. Code", "Customs", "Mode of Transport Code", "Mode of Transport",
    "Commodity Code", "Commodity", "Qty Unit Code", "Qty Unit", "Qty", "Alt Qty Unit Code",
    "Alt Qty Unit", "Alt Qty", "Netweight (kg)", "Gross weight (kg)", "Trade Value (US$)",
    "CIF Trade Value (US$)", "FOB Trade Value (US$)", "Flag",
)  # fmt: skip
_LEGACY_REQUIRED: Final = (
    "Classification", "Year", "Period", "Trade Flow Code", "Reporter Code", "Reporter ISO",
    "Partner Code", "Partner ISO", "Commodity Code", "Trade Value (US$)",
)  # fmt: skip
#: Each Comtrade+ column a legacy file has, by its legacy name.
_LEGACY_NAMES: Final = {
    "classificationCode": "Classification",
    "refYear": "Year",
    "period": "Period",
    "reporterCode": "Reporter Code",
    "reporterISO": "Reporter ISO",
    "partnerCode": "Partner Code",
    "partnerISO": "Partner ISO",
    "partner2Code": "2nd Partner Code",
    "customsCode": "Customs Proc. Code",
    "motCode": "Mode of Transport Code",
    "cmdCode": "Commodity Code",
    "primaryValue": "Trade Value (US$)",
    "cifvalue": "CIF Trade Value (US$)",
    "fobvalue": "FOB Trade Value (US$)",
    "flowCode": "Trade Flow Code",
}
_LEGACY_FLOWS: Final = {"1": "M", "2": "X", "3": "RX", "4": "RM"}
_LEGACY_TOTALS: Final = {"partner2Code": "0", "customsCode": "C00", "motCode": "0"}
#: The value of each breakdown column that marks a total rather than a part.
_BREAKDOWN_TOTALS: Final = {"customsCode": "C00", "motCode": "0", "partner2Code": "0"}

_FLOWS: Final = {
    "M": Direction.IMPORT,
    "X": Direction.EXPORT,
    "RM": Direction.RE_IMPORT,
    "RX": Direction.RE_EXPORT,
}
_WORLD_CODES: Final = {"W00"}
_VALUE: Final = re.compile(r"[0-9]{1,20}(?:\.[0-9]{1,10})?")
_MONTHS: Final = {str(m) for m in range(1, 13)} | {f"{m:02d}" for m in range(1, 10)}


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


def read_comtrade_json(source: Any, *, strict: bool = True) -> ComtradeData:
    """Read a response of the Comtrade+ API (``{"count", "data": [...], "error"}``).

    The records have the 47 fields of the CSV export, typed; values are read from the JSON text
    exactly (never through float). A response that reports an error, or whose ``count`` differs
    from the records it holds, is refused.

    >>> data = read_comtrade_json(SAMPLE_JSON)
    >>> data.rows, [str(r.flow.value) for r in data.flows][:2]
    (4, ['6804128143.0 USD', '74251272075.0 USD'])
    """
    stream, name, owned = open_source(source)
    try:
        raw = stream.read(_MAX_JSON_BYTES + 1)
    finally:
        if owned:
            stream.close()
    if len(raw) > _MAX_JSON_BYTES:
        raise ParseError("source", name, f"is larger than {_MAX_JSON_BYTES} bytes")
    try:
        document = json.loads(raw, parse_float=Decimal)
    except (ValueError, RecursionError) as error:
        raise ParseError("source", name, f"is not JSON: {str(error)[:80]}") from None
    if not isinstance(document, dict) or not isinstance(document.get("data"), list):
        raise ParseError("source", name, 'is not a Comtrade+ API response (no "data" list)')
    if document.get("error"):
        raise ParseError("error", str(document["error"])[:200], f"{name} reports an error")
    records = document["data"]
    if "count" in document and document["count"] != len(records):
        raise ParseError(
            "count", str(document["count"]), f"but {name} holds {len(records)} records: cut short?"
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
                if strict:
                    raise ParseError(
                        f"{name}:record {number}:{reject.column}", reject.value, reject.reason
                    ) from None
                yield RejectedRow(number, reject.column, reject.value, reject.reason)

    return _placed(name, items(), _Count(len(records)))


@attrs.frozen
class ComtradeRecord:
    """One row read as a flow, with both valuations Comtrade gives and where it came from.

    ``flow.value`` is Comtrade's primary value: CIF for imports, FOB for exports. ``cif`` and
    ``fob`` are the two valuations as reported, None where the row leaves them empty (missing,
    not zero).

    >>> record = read_comtrade(SAMPLE).find("USA", "KOR", "import")
    >>> record.line, record.cif, record.fob
    (57, quantity('120859256396', 'USD'), quantity('115325529001', 'USD'))
    """

    line: int = attrs.field(validator=instance_of(int, "line"))
    flow: TradeFlow = attrs.field(validator=instance_of(TradeFlow, "flow"))
    cif: Quantity | None = attrs.field(validator=instance_of(Quantity, "cif", optional=True))
    fob: Quantity | None = attrs.field(validator=instance_of(Quantity, "fob", optional=True))
    #: The row's own flow code (M, X, RM, RX): a country's imports from itself are read as
    #: re-imports, but Comtrade counts them in its world total of imports (M).
    flow_code: str = attrs.field(validator=instance_of(str, "flow_code"))
    #: Where the row is one part of a total broken down by customs procedure, mode of transport
    #: or second partner: which part (``"motCode 2100"``); None for the total itself.
    breakdown: str | None = attrs.field(
        default=None, kw_only=True, validator=instance_of(str, "breakdown", optional=True)
    )

    @property
    def is_aggregate(self) -> bool:
        """Whether the row is a world total (partner "World"), a check of its parts."""
        return self.flow.partner.is_aggregate

    @property
    def is_breakdown(self) -> bool:
        """Whether the row is one part of a total (by customs procedure, mode, second partner)."""
        return self.breakdown is not None


def iter_comtrade(
    source: Any, *, strict: bool = True, progress: Progress | None = None
) -> Iterator[ComtradeRecord | RejectedRow]:
    """Read a Comtrade CSV row by row, yielding a record or a rejection per row.

    Reads both the Comtrade+ export (47 columns, cp1252 or UTF-8) and the legacy comtrade.un.org
    CSV (35 columns, or the 22 of its bulk files), telling them apart by their header.

    :param source: a path, the file's bytes, or a binary stream.
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


def _layout(header: list[str], name: str) -> tuple[dict[str, int], bool, int]:
    """Where each column is, whether the file is a legacy one, and how many columns it has."""
    header = [h.lstrip("\ufeff").strip() for h in header]
    if header and header[-1] == "":
        header = header[:-1]  # the trailing comma of every Comtrade+ row
    if all(column in header for column in COLUMNS):
        return {column: header.index(column) for column in COLUMNS}, False, len(header)
    if all(column in header for column in _LEGACY_REQUIRED):
        return {c: header.index(c) for c in LEGACY_COLUMNS if c in header}, True, len(header)
    missing = [c for c in COLUMNS if c not in header]
    raise ParseError(
        "source",
        name,
        "is neither a Comtrade+ export (no columns "
        f"{', '.join(missing[:3])}) nor a legacy comtrade.un.org CSV (no columns "
        f"{', '.join(c for c in _LEGACY_REQUIRED if c not in header)})",
    )


def _from_legacy(fields: list[str], index: dict[str, int], width: int) -> list[str]:
    """A legacy row as the Comtrade+ row that says the same."""
    if len(fields) != width:
        raise Reject("row", str(len(fields)), f"has {len(fields)} fields, not {width}")
    row = dict.fromkeys(COLUMNS, "")
    for column, legacy in _LEGACY_NAMES.items():
        position = index.get(legacy)
        row[column] = "" if position is None else fields[position].strip()
    row["typeCode"] = "C"
    flow = _LEGACY_FLOWS.get(row["flowCode"])
    if flow is None:
        raise Reject(
            "Trade Flow Code",
            row["flowCode"],
            "is not 1 (import), 2 (export), 3 (re-export) or 4 (re-import)",
        )
    row["flowCode"] = flow
    period, year = row["period"], row["refYear"]
    if len(period) == 6 and period.startswith(year):
        row["freqCode"], row["refMonth"] = "M", period[4:]
    elif period == year:
        row["freqCode"] = "A"
    else:
        raise Reject("Period", period, f"is not the year {year} or a month (YYYYMM) in it")
    for column, total in _LEGACY_TOTALS.items():
        # Legacy files leave a breakdown column empty where the row is its total.
        row[column] = row[column] or total
    for side in ("reporter", "partner"):
        if not row[f"{side}ISO"]:
            row[f"{side}ISO"] = _iso_of(row[f"{side}Code"], f"{side.title()} Code")
    return [row[column] for column in COLUMNS]


def _iso_of(code: str, column: str) -> str:
    try:
        economy = comtrade_code(code).economy
    except KorusError:
        economy = None
    if economy is None:
        raise Reject(
            column, code, "has no ISO code in its row, and korus's Comtrade table lacks it"
        )
    return economy.code


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
                    progress(count.rows, lines.bytes, size)
                return
            except csv.Error as error:
                line = lines.count
                count.rows += 1
                rejected = RejectedRow(line, "row", "", f"is not CSV: {error}")
                if strict:
                    raise ParseError(f"{name}:{line}", "", rejected.reason) from None
                yield rejected
                continue
            line = reader.line_num
            if not fields:
                continue  # a blank line holds no row
            count.rows += 1
            if progress is not None and count.rows % PROGRESS_EVERY == 0:
                progress(count.rows, lines.bytes, size)
            try:
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
                column = (
                    _LEGACY_NAMES.get(reject.column, reject.column) if legacy else reject.column
                )
                rejected = RejectedRow(line, column, reject.value, reject.reason)
                if strict:
                    raise ParseError(
                        f"{name}:{line}:{column}", reject.value, reject.reason
                    ) from None
                yield rejected
    finally:
        if owned:
            stream.close()


_PLUS_INDEX: Final = {column: position for position, column in enumerate(COLUMNS)}


def _economy(value: str, column: str, number: str) -> Economy:
    code = value.strip()
    if code in _WORLD_CODES:
        economy = Economy.WORLD
    else:
        try:
            economy = Economy(code)
        except KorusError as error:
            raise Reject(column, value, f"is not an economy korus knows ({error.reason})") from None
    known = comtrade_table().get(number)
    if known is not None and known.economy is not None and known.economy != economy:
        # The numeric code and the ISO code disagree: one of them is wrong, and korus cannot
        # tell which.
        raise Reject(
            column, value, f"but Comtrade's code {number} is {known.economy.code} ({known.name})"
        )
    return economy


def _amount(value: str, column: str) -> Quantity | None:
    if value == "":
        return None
    if _VALUE.fullmatch(value) is None:
        raise Reject(column, value, "is not a non-negative amount in US dollars")
    return money(to_decimal(Decimal(value), column), None, "USD")


def _record(fields: list[str], index: dict[str, int], line: int, width: int) -> ComtradeRecord:
    if len(fields) not in (width, width + 1) or (len(fields) == width + 1 and fields[-1] != ""):
        raise Reject("row", str(len(fields)), f"has {len(fields)} fields, not {width}")

    def get(column: str) -> str:
        return fields[index[column]]

    parts = []
    for column, total in _BREAKDOWN_TOTALS.items():
        value = get(column)
        if value != total:
            if not (value.isascii() and value.isalnum() and len(value) <= 10):
                raise Reject(column, value, f"is not a {column} (the total is {total})")
            parts.append(f"{column} {value}")
    if get("typeCode") != "C":
        raise Reject("typeCode", get("typeCode"), "korus reads goods (C) only")
    direction = _FLOWS.get(get("flowCode"))
    if direction is None:
        raise Reject("flowCode", get("flowCode"), "is not M, X, RM or RX")
    year = get("refYear")
    if not (year.isascii() and year.isdigit() and len(year) == 4):
        raise Reject("refYear", year, "is not a year")
    frequency = get("freqCode")
    if not (frequency == "A" or (frequency == "M" and get("refMonth") in _MONTHS)):
        raise Reject("freqCode", frequency, "is not A (annual) or M with a month 1-12")
    try:
        month = int(get("refMonth")) if frequency == "M" else None
        period = Period(int(year), month=month)
    except KorusError as error:
        raise Reject("refYear", year, error.reason) from None
    reporter = _economy(get("reporterISO"), "reporterISO", get("reporterCode"))
    partner = _economy(get("partnerISO"), "partnerISO", get("partnerCode"))
    code = get("cmdCode")
    scope: Scope
    if code == "TOTAL":
        scope = Coverage.GOODS
    elif (
        get("classificationCode").startswith("H")
        and len(code) in (2, 4, 6)
        and code.isascii()
        and code.isdigit()
    ):
        try:
            scope = Product("HS", code)
        except KorusError as error:
            raise Reject("cmdCode", code, error.reason) from None
    else:
        raise Reject("cmdCode", code, "is not TOTAL or an HS code")
    primary = _amount(get("primaryValue"), "primaryValue")
    # The primary value is one of the two valuations; one immutable quantity serves both.
    cif = (
        primary if get("cifvalue") == get("primaryValue") else _amount(get("cifvalue"), "cifvalue")
    )
    fob = (
        primary if get("fobvalue") == get("primaryValue") else _amount(get("fobvalue"), "fobvalue")
    )
    if primary is None:
        raise Reject(
            "primaryValue", "", "is empty: the value is missing, and korus does not read it as zero"
        )
    if reporter == partner and direction is Direction.IMPORT:
        # A country's imports from itself are goods coming back: re-imports.
        direction = Direction.RE_IMPORT
    valuation = (
        Valuation.CIF if direction in (Direction.IMPORT, Direction.RE_IMPORT) else Valuation.FOB
    )
    if reporter.is_aggregate or reporter.is_area:
        raise Reject("reporterISO", get("reporterISO"), "a reporter is one economy")
    try:
        flow = TradeFlow(reporter, partner, direction, scope, period, primary, valuation=valuation)
    except KorusError as error:
        raise Reject(error.field, str(error.value), error.reason) from None
    return ComtradeRecord(
        line, flow, cif, fob, get("flowCode"), breakdown=", ".join(parts) if parts else None
    )


def _key(record: ComtradeRecord) -> tuple[Any, ...]:
    f = record.flow
    return (f.reporter, record.flow_code, f.partner, f.period)


@attrs.frozen
class WorldCheck:
    """A world total beside the sum of its partners.

    >>> check = read_comtrade(SAMPLE).world_check()[2]
    >>> check.total.reporter.code, str(check.difference), str(check.tolerance), check.consistent
    ('DEU', '-0.003 USD', '0.0550 USD', True)
    """

    total: TradeFlow = attrs.field(validator=instance_of(TradeFlow, "total"))
    partners: int = attrs.field(validator=instance_of(int, "partners"))
    partners_sum: Quantity = attrs.field(validator=instance_of(Quantity, "partners_sum"))
    difference: Quantity = attrs.field(validator=instance_of(Quantity, "difference"))
    tolerance: Quantity = attrs.field(validator=instance_of(Quantity, "tolerance"))

    @property
    def consistent(self) -> bool:
        """Whether the total and the sum agree within the rounding of the printed values."""
        return bool(abs(self.difference.magnitude) <= self.tolerance.magnitude)


@attrs.frozen
class Mirror:
    """One flow seen from both sides: the importer's figure beside the exporter's.

    Imports are usually valued CIF (with freight and insurance), exports FOB, so the importer's
    figure is expected to be larger; a gap is not by itself an error.

    >>> m = read_comtrade(SAMPLE).mirror("DEU", "CHN")
    >>> str(m.imports.flow.value), str(m.exports.flow.value), round(m.ratio.magnitude, 1)
    ('206642208248.492 USD', '116226631561 USD', Decimal('177.8'))
    """

    imports: ComtradeRecord = attrs.field(validator=instance_of(ComtradeRecord, "imports"))
    exports: ComtradeRecord = attrs.field(validator=instance_of(ComtradeRecord, "exports"))
    #: Imports (as the importer valued them) minus exports (as the exporter did).
    gap: Quantity = attrs.field(validator=instance_of(Quantity, "gap"))
    #: Imports / exports, in percent (28 significant digits); None where the exports are zero.
    ratio: Quantity | None = attrs.field(validator=instance_of(Quantity, "ratio", optional=True))


@attrs.frozen
class ComtradeData:
    """A Comtrade file read whole: flows; world totals and breakdowns (rows by customs
    procedure, mode of transport or second partner) kept apart as checks; rejected rows.

    >>> data = read_comtrade(SAMPLE)
    >>> parts = (data.flows, data.aggregates, data.breakdowns, data.rejected)
    >>> data.rows == sum(len(p) for p in parts)
    True
    """

    source: str = attrs.field(validator=instance_of(str, "source"))
    rows: int = attrs.field(validator=instance_of(int, "rows"))
    flows: tuple[ComtradeRecord, ...] = attrs.field(validator=instance_of(tuple, "flows"))
    aggregates: tuple[ComtradeRecord, ...] = attrs.field(validator=instance_of(tuple, "aggregates"))
    rejected: tuple[RejectedRow, ...] = attrs.field(validator=instance_of(tuple, "rejected"))
    breakdowns: tuple[ComtradeRecord, ...] = attrs.field(
        default=(), kw_only=True, validator=instance_of(tuple, "breakdowns")
    )

    def __attrs_post_init__(self) -> None:
        kinds = dict.fromkeys(("flows", "aggregates", "breakdowns"), ComtradeRecord)
        check_accounting(self, kinds | {"rejected": RejectedRow})

    def world_check(self) -> tuple[WorldCheck, ...]:
        """Each world total beside the exact sum of its partners, and whether they agree within
        the rounding of the printed values (half a unit of each value's last printed digit).
        A world total whose partners are not in the file is left out: there is nothing to
        check it against."""
        parts: dict[tuple[Any, ...], list[Decimal]] = defaultdict(list)
        for record in self.flows:
            f = record.flow
            parts[(f.reporter, record.flow_code, f.scope, f.period)].append(
                Decimal(f.value.magnitude)
            )
        checks = []
        for record in self.aggregates:
            f = record.flow
            values = parts.get((f.reporter, record.flow_code, f.scope, f.period))
            if values is None:
                continue  # the file holds the total alone: nothing to check it against
            summed, difference, tolerance = compare(
                Decimal(f.value.magnitude), values, rounded=True
            )
            assert tolerance is not None  # rounded values always have one
            checks.append(
                WorldCheck(
                    f,
                    len(values),
                    money(summed, None, "USD"),
                    money(difference, None, "USD"),
                    money(tolerance, None, "USD"),
                )
            )
        return tuple(checks)

    def checks(self) -> tuple[PartsCheck, ...]:
        """Each total beside the exact sum of its parts, within the rounding of the printed
        values: a total against its breakdown by customs procedure, by mode of transport or by
        second partner, and a TOTAL of all products against its HS chapters. Totals whose
        parts are not in the file are left out. (World totals: :meth:`world_check`.)"""
        parts: dict[tuple[Any, ...], list[Decimal]] = defaultdict(list)
        for record in self.breakdowns:
            assert record.breakdown is not None
            if "," not in record.breakdown:  # a part along one breakdown only
                dimension = record.breakdown.split()[0]
                parts[(*_key(record), record.flow.scope, dimension)].append(
                    Decimal(record.flow.value.magnitude)
                )
        totals = (*self.flows, *self.aggregates)
        for record in totals:
            scope = record.flow.scope
            if isinstance(scope, Product) and scope.level is ProductLevel.CHAPTER:
                parts[(*_key(record), Coverage.GOODS, "HS chapters")].append(
                    Decimal(record.flow.value.magnitude)
                )
        checks = []
        for record in totals:
            f = record.flow
            for dimension in (*_BREAKDOWN_TOTALS, "HS chapters"):
                values = parts.get((*_key(record), f.scope, dimension))
                if values is None:
                    continue
                label = f"{f.reporter.code} {record.flow_code} {f.partner.code}, {f.scope}, "
                label += f"{f.period}: {dimension}"
                checks.append(parts_check(label, f.value, values, rounded=True))
        return tuple(checks)

    def mirror(self, importer: str, exporter: str) -> Mirror:
        """The importer's imports from the exporter beside the exporter's exports to it.

        :raises MismatchError: when either side is not in the data.
        """
        imports = self.find(importer, exporter, "import")
        if imports is None:
            raise MismatchError("importer", importer, f"has no imports from {exporter} in the data")
        exports = self.find(exporter, importer, "export")
        if exports is None:
            raise MismatchError("exporter", exporter, f"has no exports to {importer} in the data")
        shipped = Decimal(exports.flow.value.magnitude)
        ratio = (
            None  # of nothing shipped, no ratio: undefined, as korus.share says, not infinite
            if shipped == 0
            else quantity(ratio_percent(Decimal(imports.flow.value.magnitude), shipped), "percent")
        )
        return Mirror(imports, exports, imports.flow.value - exports.flow.value, ratio)

    def find(self, reporter: str, partner: str, direction: str) -> ComtradeRecord | None:
        """The record of one flow, by codes and direction ("import", "export", ...)."""
        wanted = (Economy(reporter), Economy(partner), Direction.coerce(direction, "direction"))
        for record in (*self.flows, *self.aggregates):
            f = record.flow
            if (f.reporter, f.partner, f.direction) == wanted:
                return record
        return None


def read_comtrade(
    source: Any, *, strict: bool = True, progress: Progress | None = None
) -> ComtradeData:
    """Read a whole Comtrade+ CSV export (see :func:`iter_comtrade` to stream one).

    >>> data = read_comtrade(SAMPLE)
    >>> data.rows, len(data.flows), len(data.aggregates), len(data.rejected)
    (69, 63, 6, 0)
    >>> data.find("USA", "KOR", "export").flow.value
    quantity('71469488662', 'USD')
    """
    count = _Count()
    return _placed(source_name(source), _rows(source, strict, count, progress), count)


def _placed(
    name: str, items: Iterable[ComtradeRecord | RejectedRow], count: _Count
) -> ComtradeData:
    """Every record in its place: a flow, an aggregate, a breakdown, or a rejected row."""
    flows, aggregates, breakdowns, rejected = partition(items)
    # Read whole before the count is taken: the reader counts as it goes.
    return ComtradeData(name, count.rows, flows, aggregates, rejected, breakdowns=breakdowns)
