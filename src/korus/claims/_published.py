"""Published trade figures as data: what each measures, for whom, as printed, with its provenance;
the figures korus ships (USTR, USITC, the Census Bureau on 2016 US–Korea trade), and files of
figures in the same form."""

from __future__ import annotations

import csv
import datetime
import functools
import importlib.resources
import io
import pathlib
from decimal import Decimal
from typing import Any, Final

import attrs

from korus._economy import Economy
from korus._enum import KorusEnum
from korus._errors import InvalidTypeError, InvalidValueError, KorusError, ParseError
from korus._figures import (
    PERCENT_UNIT,
    RANK_UNIT,
    Figure,
)
from korus._model import Provenance
from korus._period import MAX_YEAR, MIN_YEAR
from korus._product import Coverage, Product
from korus._validate import instance_of

MAX_FILE_BYTES: Final = 50_000_000


class FigureMeasure(KorusEnum):
    """What a published figure or a claim measures.

    >>> FigureMeasure.coerce("deficit_percent_change_from_previous_year", "measure")
    FigureMeasure.DEFICIT_PERCENT_CHANGE
    """

    EXPORTS = "exports"
    IMPORTS = "imports"
    TWO_WAY_TRADE = "two_way_trade"
    BALANCE = "balance"
    DEFICIT = "deficit"
    SURPLUS = "surplus"
    SHARE_OF_REPORTER_EXPORTS = "share_of_reporter_exports"
    RANK_TWO_WAY_TRADE = "rank_two_way_trade"
    RANK_EXPORTS = "rank_exports"
    RANK_IMPORTS = "rank_imports"
    DEFICIT_PERCENT_CHANGE = "deficit_percent_change_from_previous_year"
    SURPLUS_PERCENT_CHANGE = "surplus_percent_change_from_previous_year"
    TOP_EXPORTS = "top_exports"
    HHI_EXPORTS = "hhi_exports_by_partner"
    HHI_IMPORTS = "hhi_imports_by_partner"


_CATEGORIES: Final = {c.value for c in Coverage} | {"agricultural_products"}


def _category(value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidTypeError("scope", value, f"must be a str, not {type(value).__name__}")
    if value in _CATEGORIES:
        return value
    if value.startswith("HS:"):
        return str(Product.parse(value))
    raise InvalidValueError(
        "scope",
        value,
        f"must be one of {', '.join(sorted(_CATEGORIES))} or an HS code like 'HS:84'",
    )


def _measure(value: Any) -> FigureMeasure:
    return FigureMeasure.coerce(value, "measure")


def _economy(value: Any, field: str) -> Economy:
    """An economy as a file of figures or claims writes it: a code or a name, any case."""
    if isinstance(value, Economy):
        return value
    if not isinstance(value, str):
        raise InvalidTypeError(
            field,
            value,
            f"must be an Economy, or a code or name of one, not {type(value).__name__}",
        )
    try:
        return Economy.lookup(value)
    except KorusError as error:
        raise type(error)(field, value, error.reason) from None


def _reporter(value: Any) -> Economy:
    return _economy(value, "reporter")


def _partner(value: Any) -> Economy:
    return _economy(value, "partner")


def _year(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InvalidTypeError("year", value, "must be a year")
    if isinstance(value, str):
        if not (value.isascii() and value.isdigit()) or len(value) != 4:
            raise InvalidValueError("year", value, "must be a four-digit year")
        value = int(value)
    year: int = value
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidValueError("year", year, f"must be between {MIN_YEAR} and {MAX_YEAR}")
    return year


@attrs.frozen(cache_hash=True)
class PublishedFigure:
    """One published figure: what it measures, for whom, and the figure as printed.

    >>> deficit = published_figures(partner="KOR", scope="goods", measure="deficit")[0]
    >>> deficit.key, str(deficit.figure), deficit.figure.provenance.publisher
    ('ustr16.goods.deficit', '27.7 billion USD', 'USTR')
    """

    key: str = attrs.field(validator=instance_of(str, "key"))
    reporter: Economy = attrs.field(converter=_reporter)
    partner: Economy = attrs.field(converter=_partner)
    year: int = attrs.field(converter=_year)
    scope: str = attrs.field(converter=_category)
    measure: FigureMeasure = attrs.field(converter=_measure)
    figure: Figure = attrs.field(validator=instance_of(Figure, "figure"))

    @property
    def released(self) -> datetime.date | None:
        """When the figure was published, where its source dates it."""
        provenance = self.figure.provenance
        return None if provenance is None else provenance.released

    @property
    def statistic(self) -> tuple[Economy, Economy, int, str, FigureMeasure]:
        """What the figure is a figure of: the same for every vintage of one statistic."""
        return (self.reporter, self.partner, self.year, self.scope, self.measure)


def _released(text: str | None) -> datetime.date | None:
    if not text:
        return None
    try:
        if len(text) != 10:
            raise ValueError(text)
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ParseError("released", text, "is not a date written YYYY-MM-DD") from None


def _figure_from_row(row: dict[str, str]) -> Figure:
    unit = {"rank": RANK_UNIT, "percent": PERCENT_UNIT}.get(row["unit"], row["unit"])
    provenance = Provenance(
        row["publisher"],
        document=row["document"] or None,
        url=row["url"] or None,
        released=_released(row.get("released")),
    )
    step = Decimal(row["rounded_to"]) if unit != RANK_UNIT else Decimal(0)
    return Figure(row["value"], unit, step, provenance=provenance)


_COLUMNS: Final = (
    "key",
    "publisher",
    "document",
    "url",
    "reporter",
    "partner",
    "year",
    "category",
    "measure",
    "value",
    "unit",
    "rounded_to",
)


def _read_text(value: Any, field: str) -> tuple[str, str]:
    """The text of a file named by ``value``, and its name; any failure is a KorusError."""
    if not isinstance(value, str | pathlib.Path):
        raise InvalidTypeError(field, value, f"must be a path, not {type(value).__name__}")
    path = pathlib.Path(value)
    try:
        size = path.stat().st_size
        if size <= MAX_FILE_BYTES:
            # utf-8-sig: a byte-order mark, as spreadsheet programs write, is read like the
            # readers do.
            return path.read_text(encoding="utf-8-sig"), str(path)
    except OSError as error:
        raise InvalidValueError(field, str(path), f"cannot be read: {error.strerror}") from None
    except UnicodeDecodeError:
        raise ParseError(field, str(path), "is not UTF-8 text") from None
    except ValueError:  # a NUL in the path
        raise InvalidValueError(field, str(path), "is not a usable path") from None
    raise InvalidValueError(
        field, str(path), f"is {size:,} bytes, larger than the {MAX_FILE_BYTES:,} korus reads"
    )


def load_figures(source: str | pathlib.Path | io.TextIOBase) -> tuple[PublishedFigure, ...]:
    r"""Read published figures from a CSV file in korus's format (the columns of the file
    korus ships: key, publisher, document, url, reporter, partner, year, category, measure,
    value, unit, rounded_to, and optionally released, the date written YYYY-MM-DD).

    Each key names one figure: a key given twice is an error, never "the first one wins". The
    same statistic published twice (two vintages, two publishers) has two keys.

    :raises KorusError: naming the line and the field of the first bad row.

    >>> import io
    >>> text = "key,publisher,document,url,reporter,partner,year,category,measure,value,unit,rounded_to\n"
    >>> text += "x,USTR,,,USA,KOR,2016,goods,exports,42.3,billion USD,0.1\n"
    >>> [str(f.figure.range) for f in load_figures(io.StringIO(text))]
    ['42.25 to 42.35 billion USD']
    """
    if isinstance(source, str | pathlib.Path):
        text, name = _read_text(source, "data")
    elif isinstance(source, io.TextIOBase):
        text, name = source.read(), "<stream>"
    else:
        raise InvalidTypeError("source", source, "must be a path or a text stream")
    reader = csv.DictReader(io.StringIO(text))
    missing = set(_COLUMNS) - set(reader.fieldnames or ())
    if missing:
        raise ParseError("data", name, f"lacks the columns {', '.join(sorted(missing))}")
    result = []
    lines: dict[str, int] = {}
    for line, row in enumerate(reader, start=2):
        if None in row or None in row.values():
            given = sum(1 for k, v in row.items() if k is not None and v is not None)
            given += len(row.get(None) or [])
            raise ParseError(
                f"{name}:{line}: fields",
                given,
                f"the header names {len(row) - (None in row)}; a row has as many",
            )
        key = row["key"]
        if key in lines:
            raise ParseError(
                f"{name}:{line}: key",
                key,
                f"is the key of line {lines[key]} too; a key names one figure",
            )
        lines[key] = line
        try:
            result.append(
                PublishedFigure(
                    row["key"],
                    row["reporter"],
                    row["partner"],
                    row["year"],
                    row["category"],
                    row["measure"],
                    _figure_from_row(row),
                )
            )
        except KorusError as error:
            raise type(error)(f"{name}:{line}: {error.field}", error.value, error.reason) from None
    return tuple(result)


@functools.cache
def _embedded() -> tuple[PublishedFigure, ...]:
    resource = importlib.resources.files("korus.data").joinpath("us-korea-published-figures.csv")
    return load_figures(io.StringIO(resource.read_text("utf-8")))


def published_figures(
    *,
    reporter: str | None = None,
    partner: str | None = None,
    year: int | None = None,
    scope: str | None = None,
    measure: str | FigureMeasure | None = None,
) -> tuple[PublishedFigure, ...]:
    """The published figures korus ships, filtered by any of the given fields.

    >>> [f.partner.code for f in published_figures(measure="two_way_trade", scope="goods")]
    ['KOR', 'CHN', 'CAN', 'MEX', 'JPN', 'DEU']
    """
    wanted_measure = None if measure is None else FigureMeasure.coerce(measure, "measure")
    wanted_scope = None if scope is None else _category(scope)
    return tuple(
        f
        for f in _embedded()
        if (reporter is None or f.reporter.code == reporter)
        and (partner is None or f.partner.code == partner)
        and (year is None or f.year == year)
        and (wanted_scope is None or f.scope == wanted_scope)
        and (wanted_measure is None or f.measure is wanted_measure)
    )
