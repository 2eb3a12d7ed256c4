"""The codes statistical sources give economies, mapped to ISO 3166: UN Comtrade's numeric
codes and the US Census Bureau's Schedule C.

Neither source uses ISO's codes throughout (Comtrade writes the USA 842, not 840; the Census
writes Korea 5800), and both mix codes that are not economies among those that are: world
totals, groupings (the EU, APEC, continents) and "nes" areas. Every code korus knows says
which it is, so a reader never counts a grouping as a country. The tables are package data,
with their sources in ``korus/data/README.md``.
"""

from __future__ import annotations

import functools
import re
from typing import Any, Final

import attrs

from korus._economy import Economy
from korus._enum import KorusEnum
from korus._errors import InvalidTypeError, UnknownCodeError
from korus._tables import table_rows
from korus._validate import instance_of, text


class CodeKind(KorusEnum):
    """What a source's code stands for.

    - ``ECONOMY``: one economy, with its ISO 3166 code.
    - ``AREA``: trade with a place that is no economy of its own ("Other Asia, nes", bunkers,
      an area korus has no ISO code for): real trade, counted in the world total.
    - ``AGGREGATE``: a total over economies (the world, the EU, a continent): a check of its
      parts, never summed with them.
    """

    ECONOMY = "economy"
    AREA = "area"
    AGGREGATE = "aggregate"


class Source(KorusEnum):
    """A statistical source whose codes korus reads: UN Comtrade or the US Census Bureau.

    >>> census_code("5800").source
    Source.CENSUS
    """

    COMTRADE = "comtrade"
    CENSUS = "census"


_CENSUS_GROUPING: Final = re.compile(r"0[0-9]{3}|[0-9]XXX")
_TABLES: Final = {Source.COMTRADE: "comtrade_economies.csv", Source.CENSUS: "census_countries.csv"}


def _source(value: Source | str) -> Source:
    return Source.coerce(value, "source")


@attrs.frozen(cache_hash=True)
class SourceCode:
    """One code of a statistical source: what it stands for, and the economy if it is one.

    >>> census_code("5800")
    SourceCode(source=Source.CENSUS, code='5800', name='South Korea (Republic of Korea)', kind=CodeKind.ECONOMY, economy=Economy('KOR'))
    >>> census_code("0003").kind, census_code("0003").economy
    (CodeKind.AGGREGATE, None)
    """

    source: Source = attrs.field(converter=_source)
    code: str = attrs.field(validator=text)
    name: str = attrs.field(validator=text)
    kind: CodeKind = attrs.field(validator=instance_of(CodeKind, "kind"))
    #: The economy (or "nes" area, or the world) the code stands for; None for a grouping or
    #: an area without a code of its own.
    economy: Economy | None = attrs.field(validator=instance_of(Economy, "economy", optional=True))


@functools.cache
def _table(source: Source) -> dict[str, SourceCode]:
    table: dict[str, SourceCode] = {}
    for row in table_rows(_TABLES[source]):
        iso3 = row["iso3"]
        table[row["code"]] = SourceCode(
            source, row["code"], row["name"], CodeKind(row["kind"]), Economy(iso3) if iso3 else None
        )
    return table


def comtrade_table() -> dict[str, SourceCode]:
    """Comtrade's codes, for readers that look one up per row."""
    return _table(Source.COMTRADE)


def source_codes(source: Source | str) -> tuple[SourceCode, ...]:
    """Every code korus knows of a source (``Source.COMTRADE`` or ``"comtrade"``,
    ``Source.CENSUS`` or ``"census"``), in the table's order.

    >>> len(source_codes("census")) > 250, source_codes(Source.COMTRADE)[0].name
    (True, 'World')
    """
    return tuple(_table(Source.coerce(source, "source")).values())


def _lookup(source: Source, code: Any, field: str) -> SourceCode:
    if isinstance(code, bool) or not isinstance(code, str | int):
        raise InvalidTypeError(field, code, f"must be a str or an int, not {type(code).__name__}")
    if isinstance(code, int) and not -(10**18) < code < 10**18:
        # No code has that many digits, and turning it into text could fail past Python's limit.
        raise UnknownCodeError(field, code, f"is not a {source.value} code korus knows")
    key = str(code).strip()
    found = _table(source).get(key)
    if found is None:
        raise UnknownCodeError(field, code, f"is not a {source.value} code korus knows")
    return found


def comtrade_code(code: str | int) -> SourceCode:
    """What a UN Comtrade economy code (reporterCode, partnerCode) stands for.

    >>> comtrade_code(842).economy, comtrade_code("490").economy, comtrade_code(0).kind
    (Economy('USA'), Economy('S19'), CodeKind.AGGREGATE)
    """
    return _lookup(Source.COMTRADE, code, "code")


def census_code(code: str) -> SourceCode:
    """What a US Census Bureau country code (Schedule C, the API's ``CTY_CODE``) stands for.

    Codes keep their leading zeros: ``"0003"`` (the European Union) is a grouping, not a country.
    Any other code starting with 0 or holding an X (``"5XXX"``, Asia) is a Census grouping too.

    >>> census_code("5800").economy, census_code("1XXX").kind, census_code("-").economy
    (Economy('KOR'), CodeKind.AGGREGATE, Economy('WLD'))
    """
    if not isinstance(code, str):
        raise InvalidTypeError(
            "code",
            code,
            f"must be a str (codes keep their leading zeros), not {type(code).__name__}",
        )
    key = code.strip()
    if key not in _table(Source.CENSUS) and _CENSUS_GROUPING.fullmatch(key):
        return SourceCode(Source.CENSUS, key, f"grouping {key}", CodeKind.AGGREGATE, None)
    return _lookup(Source.CENSUS, code, "code")
