"""What every engine's table of flows shares: the schema, the checks of its codes, the rules of
exactness, and conversion between tables and korus records.

A table of flows has one row a flow, in these columns:

========== ============================ ================================================
column     type                         holds
========== ============================ ================================================
reporter   string                       ISO 3166-1 alpha-3 (or WLD, a "nes" area)
partner    string                       the same
direction  string                       export, import, re-export, re-import
scope      string                       goods, services, goods_and_services, HS:84, ...
period     string                       2016, 2016-Q2, 2016-07
currency   string                       ISO 4217
value      decimal(28, s), nullable     in units of the currency; null is missing
========== ============================ ================================================

and, optionally, the flow's :class:`~korus.Basis`, one nullable string column a field, each
null where the basis does not state it (or, for ``mode`` and ``treatment``, where the flow is
the whole):

================= ==============================================
column            holds
================= ==============================================
valuation         FOB, CIF, customs, FAS
system            general, special
statistical_basis Census, BoP
edition           H0 ... H6 (HS 1992 ... HS 2022)
mode              air, vessel, containerized vessel (a part)
treatment         dutiable (a part)
================= ==============================================

A table takes one basis for each reporter and direction: each calculation judges the distinct
bases first (:func:`check_bases`), with the rules of the scalar calculations.

Why decimal(28, s): every engine holds at most 38 digits; values of 28 digits leave 10 for
sums, so a sum of fewer than 10^10 values cannot overflow, even where an engine would wrap
without a word (Polars' in-memory group-by does). Ratios are computed in integers and rounded
half to even at :data:`RATIO_SCALE` decimal places, the same way on every engine.
"""

from __future__ import annotations

import decimal
import functools
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, Final

from korus._basis import (
    Basis,
    HSEdition,
    StatisticalBasis,
    TradeSystem,
    TransportMode,
    Treatment,
    Valuation,
    check_sides,
)
from korus._economy import Economy
from korus._errors import InvalidTypeError, InvalidValueError, KorusError, UnknownCodeError
from korus._model import Direction, TradeFlow
from korus._period import Period
from korus._product import Coverage, Product, Scope, scope_text
from korus._units import CURRENCIES, currency_of, money

KEYS: Final = ("reporter", "partner", "direction", "scope", "period", "currency")
#: The optional columns of a flow's basis, each named as the Basis field it holds.
BASIS_COLUMNS: Final = ("valuation", "system", "statistical_basis", "edition", "mode", "treatment")
_BASIS_TYPES: Final[dict[str, Any]] = {
    "valuation": Valuation,
    "system": TradeSystem,
    "statistical_basis": StatisticalBasis,
    "edition": HSEdition,
    "mode": TransportMode,
    "treatment": Treatment,
}
_WHOLE: Final = Basis()
#: The digits a value may have: 28, so that sums of up to 10^10 values fit in 38.
MAX_PRECISION: Final = 28
#: Sums and differences are decimal(38, s).
SUM_PRECISION: Final = 38
#: Ratios (shares, percent changes, mirror ratios), in percent, with this many decimals.
RATIO_SCALE: Final = 6
_MAX_SCALE: Final = 12


#: The texts a table may hold in its direction and valuation columns, and its currencies:
#: row-by-row checks inside a plan use them, and agree with korus's constructors by making them.
DIRECTIONS: Final = tuple(d.value for d in Direction)
COVERAGES: Final = tuple(c.value for c in Coverage)
VALUATIONS: Final = tuple(v.value for v in Valuation)
CURRENCY_CODES: Final = tuple(sorted(CURRENCIES))


def check_scale(scale: Any) -> int:
    if not isinstance(scale, int) or isinstance(scale, bool):
        raise InvalidTypeError("scale", scale, f"must be an int, not {type(scale).__name__}")
    if not 0 <= scale <= _MAX_SCALE:
        raise InvalidValueError("scale", scale, f"must be between 0 and {_MAX_SCALE}")
    return scale


@functools.cache
def _scope(text: str) -> Scope:
    if text in {c.value for c in Coverage}:
        return Coverage(text)
    return Product.parse(text)


def scope_of(text: str) -> Scope:
    """A scope from its text in a table (``goods``, ``HS:84``)."""
    return _scope(text)


def check_codes(column: str, values: Iterable[Any]) -> None:
    """Refuse the first value of a key column that the scalar types refuse.

    Engines hand over each column's distinct values; korus's own constructors judge them, so a
    table refuses exactly what :class:`~korus.TradeFlow` refuses.
    """
    for value in values:
        if value is None:
            raise InvalidValueError(column, None, "is null; only values may be missing")
        if not isinstance(value, str):
            raise InvalidTypeError(column, value, f"must be a string, not {type(value).__name__}")
        try:
            _CHECKS[column](value)
        except KorusError as error:
            raise type(error)(column, value, error.reason) from None


def _direction(value: str) -> Direction:
    if value not in DIRECTIONS:
        choices = ", ".join(DIRECTIONS)
        raise InvalidValueError("direction", value, f"must be one of {choices}, as written")
    return Direction(value)


def _currency(value: str) -> None:
    if value not in CURRENCIES:
        raise UnknownCodeError("currency", value, "is not an ISO 4217 currency code")


_CHECKS: Final[dict[str, Callable[[str], object]]] = {
    "reporter": Economy,
    "partner": Economy,
    # The exact text: the plans select rows by it, so "EXPORT" would be dropped without a word.
    "direction": _direction,
    "scope": scope_of,
    "period": Period.parse,
    "currency": _currency,
    **{
        column: functools.partial(kind.coerce, field=column)
        for column, kind in _BASIS_TYPES.items()
    },
}


def arrow_schema(scale: int) -> Any:
    """The Arrow schema of a table of flows whose values have ``scale`` decimals."""
    import pyarrow as pa

    return pa.schema(
        [
            *((c, pa.string()) for c in KEYS),
            ("value", pa.decimal128(MAX_PRECISION, scale)),
            *((c, pa.string()) for c in BASIS_COLUMNS),
        ]
    )


def polars_schema(scale: int) -> Any:
    """:func:`arrow_schema` in Polars' types."""
    import polars as pl

    return pl.DataFrame(arrow_schema(scale).empty_table()).schema


def basis_of(row: dict[str, Any]) -> Basis:
    """The basis a row's basis columns state (absent or null: not stated, or the whole)."""
    stated = {
        column: _BASIS_TYPES[column].coerce(row[column], column)
        for column in BASIS_COLUMNS
        if row.get(column) is not None
    }
    return Basis(**stated)


def basis_row(basis: Basis) -> dict[str, str | None]:
    """A basis as the values of the basis columns (null where not stated, or the whole)."""
    row: dict[str, str | None] = {}
    for column in BASIS_COLUMNS:
        value = getattr(basis, column)
        row[column] = None if value is None or value == getattr(_WHOLE, column) else value.value
    return row


def check_bases(
    found: Iterable[dict[str, Any]], pairing: str | None, ignore: tuple[str, ...] = ()
) -> None:
    """Refuse a table whose distinct bases a calculation cannot combine: ``found`` holds the
    distinct (reporter, direction, basis columns) of the table, with the partner where
    ``pairing`` is ``"mirror"`` (the rule: :func:`korus._basis.check_sides`)."""
    check_sides(
        ((r["reporter"], r["direction"], r.get("partner"), basis_of(r)) for r in found),
        pairing,
        "a calculation over a table",
        ignore,
    )


def not_a_value_column(type_name: str) -> InvalidTypeError:
    """The refusal of a value column of another type than decimal, integer or text (floats,
    above all), saying what to do instead: the one message of every engine."""
    return InvalidTypeError(
        "value",
        type_name,
        "must be a decimal, integer or text column: floats are not exact; read the values as "
        "text (e.g. pandas.read_csv(path, dtype={'value': str})) and pass scale=, or pass the "
        "file's path with scale=",
    )


def too_many_decimals(scale: int) -> str:
    """A regular expression that finds a numeral with a nonzero digit past ``scale`` decimals:
    a value that a cast to that scale would round (engines round text when they cast it)."""
    return "[.]" + "[0-9]" * scale + "[0-9]*[1-9]"


def decimals_needed(number: Decimal) -> int:
    """The decimals ``number`` needs to be written exactly (trailing zeros need none), from its
    digits: ``normalize()`` would round it to the context's precision first."""
    _, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)
    trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    if trailing == len(digits):  # zero
        return 0
    return max(0, -(exponent + trailing))


#: Wide enough for any korus amount at any scale, and trapping what would round.
_WIDE: Final = decimal.Context(prec=100, traps=[decimal.InvalidOperation, decimal.Inexact])


def decimals_of(flow: TradeFlow) -> int:
    """The decimals a flow's value needs in units of its currency."""
    return decimals_needed(Decimal(flow.value.m_as(currency_of(flow.value))))


def row_of(flow: TradeFlow, scale: int) -> dict[str, Any]:
    """A flow as a row of a table whose values have ``scale`` decimals; refuses rounding."""
    return row_without_value(flow) | {"value": value_cell(flow.value, scale)}


def economy_text(economy: Economy) -> str:
    """An economy as its column writes it: its code."""
    return economy.code


def direction_text(direction: Direction) -> str:
    """A direction as its column writes it: ``"export"`` or ``"import"``."""
    return direction.value


def period_text(period: Period) -> str:
    """A period as its column writes it, the text :meth:`korus.Period.parse` reads."""
    return str(period)


def row_without_value(flow: TradeFlow) -> dict[str, Any]:
    """A flow's row with its value missing (null): every column but the value. Each part is
    written by the function that writes its column a row at a time (the Census table)."""
    return {
        "reporter": economy_text(flow.reporter),
        "partner": economy_text(flow.partner),
        "direction": direction_text(flow.direction),
        "scope": scope_text(flow.scope),
        "period": period_text(flow.period),
        "currency": currency_of(flow.value),
        "value": None,
        **basis_row(flow.basis),
    }


def value_cell(value: Any, scale: int) -> Decimal:
    """An amount in units of its currency with ``scale`` decimals; refuses rounding."""
    amount = Decimal(value.m_as(currency_of(value)))
    if decimals_needed(amount) > scale:
        raise InvalidValueError(
            "value", str(value), f"has more than {scale} decimals; pass a larger scale"
        )
    scaled = amount.quantize(Decimal(1).scaleb(-scale, _WIDE), context=_WIDE)
    if len(scaled.as_tuple().digits) > MAX_PRECISION:
        raise InvalidValueError("value", str(value), f"has more than {MAX_PRECISION} digits")
    return scaled


def flow_of(row: dict[str, Any]) -> TradeFlow:
    """A table row as a flow; a row with a null value has no flow (missing is not zero)."""
    if row["value"] is None:
        raise InvalidValueError(
            "value", None, f"is missing in the row {row['reporter']}-{row['partner']}"
        )
    _currency(row["currency"])
    return TradeFlow(
        Economy(row["reporter"]),
        Economy(row["partner"]),
        _direction(row["direction"]),
        scope_of(row["scope"]),
        Period.parse(row["period"]),
        money(Decimal(row["value"]), None, row["currency"]),
        basis=basis_of(row),
    )
