"""korus's one pint registry: currencies, scale words, percent and percentage points.

Why a registry of korus's own, built without pint's default definitions:

* every ISO 4217 currency is its own base dimension, so ``USD + KRW`` raises instead of adding;
* magnitudes are :class:`~decimal.Decimal` (``non_int_type``), so sums are exact;
* pint's defaults take about 100 ms to build and bring names that clash with finance
  (``pp`` is a typographic point, ``pct`` a picocarat);
* pint's application registry is shared by every library in a process: korus leaves it alone.

Arithmetic on these quantities runs in korus's decimal context, whatever the caller's: ``+`` and
``-`` exactly, a quotient that does not terminate rounded once; and it returns only what korus
reads back (finite, within its amount limits).

Quantities of this registry are *frozen*: pint's in-place methods (``ito`` and friends) raise,
so a quantity held by a korus record cannot change under it. They also pickle by value, so a
quantity survives a trip to another process (pint's own pickling looks the unit up in the
application registry, where ``USD`` does not exist).
"""

from __future__ import annotations

import decimal
import functools
import re
import threading
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, NoReturn

import pint
import pycountry
from pint.facets.plain.definitions import DimensionDefinition, ScaleConverter, UnitDefinition
from pint.util import UnitsContainer

from korus._errors import (
    CurrencyMismatchError,
    ImmutableError,
    InvalidTypeError,
    InvalidValueError,
    UnknownCodeError,
)

if TYPE_CHECKING:
    from collections.abc import Iterator


#: The scale words korus reads and writes, with their powers of ten.
SCALES: Final[dict[str, int]] = {
    "thousand": 3,
    "million": 6,
    "billion": 9,
    "trillion": 12,
}

PERCENT: Final = "percent"
PERCENTAGE_POINT: Final = "percentage_point"

# Amounts are limited to what a decimal128 column holds (38 digits), so the scalar API and
# the table engines of the columnar path accept exactly the same values.
MAX_DIGITS: Final = 38
MAX_ADJUSTED_EXPONENT: Final = 30
MIN_ADJUSTED_EXPONENT: Final = -30

# Sums and differences must be exact whatever the caller's decimal context is: a context with
# room for any sum of korus amounts, that raises instead of rounding.
_EXACT_CONTEXT: Final = decimal.Context(
    prec=200,
    rounding=decimal.ROUND_HALF_EVEN,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow, decimal.Inexact],
)

#: Ratios (shares, changes) are rounded once, to 28 significant digits, half to even; the
#: same on every machine, whatever decimal context the caller has set.
RATIO_CONTEXT: Final = decimal.Context(
    prec=28,
    rounding=decimal.ROUND_HALF_EVEN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)


#: korus's amount limits as a context: a sum or difference of two amounts computed in it is
#: exact and within the limits, or raises (Rounded: more than 38 digits, even where the digits
#: dropped are zeros, which korus's limits count too; Overflow or Subnormal: outside
#: 10**-30 ... 10**31), which sends the fast path to the general one.
_LIMITS_CONTEXT: Final = decimal.Context(
    prec=38,
    rounding=decimal.ROUND_HALF_EVEN,
    Emax=30,
    Emin=-30,
    traps=[
        decimal.InvalidOperation,
        decimal.DivisionByZero,
        decimal.Overflow,
        decimal.Inexact,
        decimal.Rounded,
        decimal.Subnormal,
        decimal.Clamped,
    ],
)


def exact() -> decimal._ContextManager:
    """A context manager in which Decimal + and - raise instead of rounding."""
    return decimal.localcontext(_EXACT_CONTEXT)


class Quantity(pint.Quantity):  # type: ignore[type-arg]  # magnitudes are always Decimal
    """A pint quantity of korus's registry that cannot be changed in place."""

    def _refuse(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ImmutableError(
            "quantity", self, "korus quantities are immutable; use .to(...), which returns a copy"
        )

    ito = _refuse
    ito_base_units = _refuse
    ito_root_units = _refuse
    ito_reduced_units = _refuse

    # Arithmetic runs in korus's decimal context, not the caller's, and gives only what korus
    # can read back (finite, within its amount limits), so a result always pickles and always
    # fits a decimal128 column. Across currencies it raises korus's error (still a TypeError,
    # as pint's DimensionalityError is), naming both amounts.
    # A sum or difference of one currency at two scales is in the left amount's unit, as
    # pint's are, with the right one rescaled by korus's one rule (in_unit): 1.5 billion + 300
    # million USD is 1.800 billion USD, as rescale() writes 300 million in billions, where
    # pint's factor wrote 1.800000000.
    def __add__(self, other: Any) -> Any:
        return _guard(super().__add__, self, _aligned(self, other))

    def __radd__(self, other: Any) -> Any:
        return _guard(super().__radd__, self, other)

    def __sub__(self, other: Any) -> Any:
        return _guard(super().__sub__, self, _aligned(self, other))

    def __rsub__(self, other: Any) -> Any:
        return _guard(super().__rsub__, self, other)

    def __mul__(self, other: Any) -> Any:
        return _guard(super().__mul__, self, other)

    def __rmul__(self, other: Any) -> Any:
        return _guard(super().__rmul__, self, other)

    def __truediv__(self, other: Any) -> Any:
        # One currency at two scales: a plain number, as at one scale (3, not 0.003 billion /
        # million).
        return _guard(super().__truediv__, self, _aligned(self, other))

    def __rtruediv__(self, other: Any) -> Any:
        return _guard(super().__rtruediv__, self, other)

    # pint's in-place operators build a new quantity without calling the ones above.
    __iadd__ = __add__
    __isub__ = __sub__
    __imul__ = __mul__
    __itruediv__ = __truediv__

    def __neg__(self) -> Any:
        return _guard(lambda _: super(Quantity, self).__neg__(), self, None)

    def __pos__(self) -> Any:
        return _guard(lambda _: super(Quantity, self).__pos__(), self, None)

    def __abs__(self) -> Any:
        return _guard(lambda _: super(Quantity, self).__abs__(), self, None)

    def to(self, other: Any = None, *contexts: Any, **ctx_kwargs: Any) -> Any:
        """This amount in another unit: another scale of its currency (exactly, by korus's
        rule for rescaling), or a percentage as a plain number (``"dimensionless"``). A unit
        given as text is read by korus's own strict reader, never by pint's parser.

        >>> quantity("300", "million USD").to("billion USD")
        quantity('0.300', 'billion USD')
        """
        if isinstance(other, str):
            other = ureg.dimensionless if other == "dimensionless" else _unit_from_text(other)
        if isinstance(other, pint.Unit) and not contexts and not ctx_kwargs:
            rescaled = _rescaled(self, other._units)
            if rescaled is not None:
                return rescaled
        try:
            return _guard(
                lambda _: super(Quantity, self).to(other, *contexts, **ctx_kwargs), self, None
            )
        except CurrencyMismatchError:
            name = (
                _unit_text(_bare(Decimal(1), other._units))
                if isinstance(other, pint.Unit)
                else other
            )
            raise CurrencyMismatchError(
                "unit",
                name,
                f"cannot express {self}: an amount goes to another scale of its currency, a "
                "percentage to 'dimensionless'; other currencies need an explicit "
                "korus.ExchangeRate",
            ) from None

    def __lt__(self, other: Any) -> Any:
        return _guard(super().__lt__, self, other)

    def __le__(self, other: Any) -> Any:
        return _guard(super().__le__, self, other)

    def __gt__(self, other: Any) -> Any:
        return _guard(super().__gt__, self, other)

    def __ge__(self, other: Any) -> Any:
        return _guard(super().__ge__, self, other)

    def __reduce__(self) -> tuple[Any, tuple[str, str]]:  # type: ignore[override]  # by value
        # By value, resolved in korus's registry on the other side.
        return (_restore, (str(self.magnitude), _unit_text(self)))

    def __repr__(self) -> str:
        try:
            unit_parts(self)
        except InvalidValueError:  # e.g. after .to("dimensionless"): pint's own repr
            return str(super().__repr__())
        return f"quantity({str(self.magnitude)!r}, {_unit_text(self)!r})"

    def __str__(self) -> str:
        return f"{self.magnitude} {_unit_text(self)}"

    def __format__(self, spec: str) -> str:
        if not spec:
            return str(self)
        try:
            return f"{format(self.magnitude, spec)} {_unit_text(self)}"
        except ValueError:  # pint's own format codes ("~P", "D"), not a number format
            return str(super().__format__(spec))


def _rescaled(q: Quantity, units: UnitsContainer) -> Quantity | None:
    """``q`` in ``units`` where both are money of one currency, by :func:`in_unit` (the rule
    :func:`korus.rescale` follows); None for anything else, which pint converts or refuses."""
    if q._units == units:
        return q
    try:
        _, currency = unit_parts(q)
        target_scale, target_currency = unit_parts(_bare(Decimal(1), units))
    except InvalidValueError:  # a percentage, dimensionless, ...
        return None
    if currency != target_currency or currency not in CURRENCIES:
        return None
    _finite(q)
    return money(in_unit(q, target_scale, currency), target_scale, currency)


def _aligned(left: Quantity, right: Any) -> Any:
    """``right`` in ``left``'s unit where both are money of one currency at two scales, for a
    sum or difference in that unit; ``right`` itself otherwise, or where rescaling it would
    leave korus's limits (pint then converts, and the result is held to them)."""
    if not isinstance(right, Quantity) or right._units == left._units:
        return right
    if right._REGISTRY is not left._REGISTRY or not isinstance(right._magnitude, Decimal):
        return right
    try:
        rescaled = _rescaled(right, left._units)
    except InvalidValueError:
        return right
    return right if rescaled is None else rescaled  # not `or`: a zero amount is falsy


def _finite(operand: Any) -> None:
    magnitude = operand.magnitude if isinstance(operand, pint.Quantity) else operand
    if isinstance(magnitude, Decimal) and not magnitude.is_finite():
        raise InvalidValueError("other", operand, "must be a finite number")


def _guard(operation: Any, left: Quantity, right: Any) -> Any:
    if isinstance(right, pint.Quantity) and right._REGISTRY is not left._REGISTRY:
        raise InvalidTypeError(
            "other",
            right,
            "belongs to another pint registry; korus only combines quantities of korus.ureg",
        )
    _finite(left)
    _finite(right)
    try:
        try:
            with exact():  # sums, products and rescalings are exact whatever the caller's context
                result = operation(right)
        except decimal.Inexact:
            # A quotient that does not terminate: rounded once, the same way everywhere.
            with decimal.localcontext(RATIO_CONTEXT):
                result = operation(right)
    except pint.DimensionalityError:
        raise CurrencyMismatchError(
            "other",
            right,
            f"cannot be combined with {left}: different currencies or units need an explicit "
            "korus.ExchangeRate",
        ) from None
    except decimal.DecimalException as error:  # e.g. a division by zero
        raise InvalidValueError(
            "other", right, f"cannot be combined with {left}: {type(error).__name__}"
        ) from None
    if isinstance(result, pint.Quantity) and isinstance(result.magnitude, Decimal):
        _check_decimal(result.magnitude, "result")
    return result


class _Registry(pint.UnitRegistry):  # type: ignore[type-arg]  # pint's generics are internal
    Quantity = Quantity  # pint builds the registry's quantity class from this one


def _scale(factor: Decimal) -> Any:
    # pint annotates the factor as float; with non_int_type=Decimal it must be a Decimal.
    return ScaleConverter(factor)  # type: ignore[arg-type]


def _build_registry() -> _Registry:
    registry = _Registry(None, non_int_type=Decimal, autoconvert_offset_to_baseunit=False)
    define: Any = registry.define  # pint annotates define() for text only; it takes objects too
    # Definition objects, not text: pint's text parser costs about 0.5 ms a line, 90 ms for
    # every currency, where these cost 6 ms in all.
    for currency in pycountry.currencies:
        code = currency.alpha_3
        define(DimensionDefinition(f"[currency_{code}]"))
        define(
            UnitDefinition(
                code,
                None,
                (),
                _scale(Decimal(1)),
                UnitsContainer({f"[currency_{code}]": 1}),
            )
        )
    for word, power in SCALES.items():
        define(UnitDefinition(word, None, (), _scale(Decimal(10) ** power), UnitsContainer()))
    define(UnitDefinition(PERCENT, "%", (), _scale(Decimal("0.01")), UnitsContainer()))
    define(DimensionDefinition("[percentage_point]"))
    define(
        UnitDefinition(
            PERCENTAGE_POINT,
            "pp",
            (),
            _scale(Decimal(1)),
            UnitsContainer({"[percentage_point]": 1}),
        )
    )
    return registry


#: korus's registry. Use :func:`korus.quantity` to make quantities; ``ureg`` is public for
#: code that needs pint's own API (formatting, dimensionality checks).
ureg: Final[_Registry] = _build_registry()
#: The class of ureg's quantities (pint builds one a registry).
_QUANTITY: Final[type[Quantity]] = ureg.Quantity

CURRENCIES: Final[frozenset[str]] = frozenset(c.alpha_3 for c in pycountry.currencies)

_units_lock = threading.Lock()
_unit_cache: dict[tuple[str | None, str], pint.Unit] = {}


def _general_money(magnitude: Decimal, scale: str | None, currency: str) -> Quantity:
    """:func:`money` through pint's own constructor: the reference the fast path is held to."""
    return ureg.Quantity(_check_decimal(magnitude, "result"), _unit(scale, currency))


def _unit(scale: str | None, code: str) -> pint.Unit:
    """The pint unit for ``[scale] code``, from parts that were already validated."""
    key = (scale, code)
    unit = _unit_cache.get(key)
    if unit is None:
        # Only allow-listed names reach pint here, never text from a user.
        container = UnitsContainer({code: 1} if scale is None else {scale: 1, code: 1})
        unit = ureg.Unit(container)
        with _units_lock:
            _unit_cache.setdefault(key, unit)
    return unit


_UNIT_TEXT = re.compile(
    r"(?:(?P<scale>thousand|million|billion|trillion) )?(?P<code>[A-Z]{3})"
    r"|(?P<percent>percent)|(?P<pp>percentage_point)"
)


def _unit_from_text(text: str, field: str = "unit") -> pint.Unit:
    if not isinstance(text, str):
        raise InvalidTypeError(field, text, "must be a unit name such as 'USD' or 'billion USD'")
    match = _UNIT_TEXT.fullmatch(text)
    if match is None:
        raise InvalidValueError(
            field,
            text,
            "is not a korus unit; use a currency code with an optional scale word "
            "('USD', 'billion USD'), 'percent' or 'percentage_point'",
        )
    if match["percent"]:
        return ureg.Unit(UnitsContainer({PERCENT: 1}))
    if match["pp"]:
        return ureg.Unit(UnitsContainer({PERCENTAGE_POINT: 1}))
    code = match["code"]
    if code not in CURRENCIES:
        raise UnknownCodeError(field, code, "is not an ISO 4217 currency code")
    return _unit(match["scale"], code)


_parts_cache: dict[UnitsContainer, tuple[str | None, str]] = {}


def unit_parts(q: pint.Quantity) -> tuple[str | None, str]:  # type: ignore[type-arg]
    """(scale, name) of a korus quantity's unit; raises if it is not one korus makes."""
    # Keyed by pint's unit container: at most a few hundred korus units exist, and a total
    # over 100,000 flows asks this of every one of them.
    key = q._units
    found = _parts_cache.get(key)
    if found is None:
        found = _parse_parts(q)
        _parts_cache[key] = found
    return found


def _parse_parts(q: pint.Quantity) -> tuple[str | None, str]:  # type: ignore[type-arg]
    scale: str | None = None
    name: str | None = None
    for unit_name, power in q.unit_items():
        if power != 1:
            break
        if unit_name in SCALES and scale is None:
            scale = unit_name
        elif name is None and (unit_name in CURRENCIES or unit_name in (PERCENT, PERCENTAGE_POINT)):
            name = unit_name
        else:
            break
    else:
        if name is not None and (scale is None or name in CURRENCIES):
            return scale, name
    raise InvalidValueError(
        "unit",
        str(q.units),
        "is not a korus unit; expected a currency with an optional scale word, "
        "'percent' or 'percentage_point'",
    )


def _unit_text(q: pint.Quantity) -> str:  # type: ignore[type-arg]
    try:
        scale, name = unit_parts(q)
    except InvalidValueError:
        return str(q.units)
    return name if scale is None else f"{scale} {name}"


def to_decimal(value: Any, field: str) -> Decimal:
    """An exact Decimal from an int, a Decimal or a numeral string; floats are refused."""
    if isinstance(value, bool):
        raise InvalidTypeError(field, value, "must be a number, not a bool")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        raise InvalidTypeError(
            field,
            value,
            "is a float, which cannot hold an amount exactly; pass a str or a Decimal "
            f"instead, e.g. Decimal({str(value)!r})",
        )
    elif isinstance(value, str):
        number = _decimal_from_text(value, field)
    else:
        raise InvalidTypeError(
            field, value, f"must be a Decimal, an int or a numeral str, not {type(value).__name__}"
        )
    return _check_decimal(number, field)


_NUMERAL = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]{1,3})?")


def _decimal_from_text(text: str, field: str) -> Decimal:
    # Decimal() itself accepts "NaN", "Infinity", underscores and Unicode digits; korus
    # reads plain numerals only, and checks the length before any work.
    if len(text) > 2 * MAX_DIGITS or _NUMERAL.fullmatch(text) is None:
        raise InvalidValueError(field, text, "is not a plain decimal numeral such as '42.3'")
    return Decimal(text)


def _check_decimal(number: Decimal, field: str) -> Decimal:
    if not number.is_finite():
        raise InvalidValueError(field, number, "must be a finite number")
    if number.is_zero():
        return number
    digits = number.as_tuple().digits
    if len(digits) > MAX_DIGITS:
        raise InvalidValueError(
            field, number, f"has more than {MAX_DIGITS} significant digits (a decimal128 limit)"
        )
    if not MIN_ADJUSTED_EXPONENT <= number.adjusted() <= MAX_ADJUSTED_EXPONENT:
        raise InvalidValueError(
            field,
            number,
            f"is outside the range korus holds (from 10**{MIN_ADJUSTED_EXPONENT} to below "
            f"10**{MAX_ADJUSTED_EXPONENT + 1})",
        )
    return number


def quantity(magnitude: Decimal | int | str, unit: str) -> Quantity:
    """An exact korus quantity: an amount of money, a percentage or percentage points.

    :param magnitude: a :class:`~decimal.Decimal`, an ``int`` or a numeral ``str``.
        Floats are refused: ``42.3`` is not exactly 42.3 in binary.
    :param unit: a currency code with an optional scale word (``"USD"``,
        ``"billion USD"``), ``"percent"`` or ``"percentage_point"``.
    :raises InvalidTypeError: for a float or another type.
    :raises InvalidValueError: for NaN, infinity, more than 38 digits or an unknown unit.
    :raises UnknownCodeError: for a currency code that is not ISO 4217.

    >>> exports = quantity("42.3", "billion USD")
    >>> exports
    quantity('42.3', 'billion USD')
    >>> exports.m_as("USD")
    Decimal('42300000000.0')
    >>> quantity(5, "percent").to("dimensionless").magnitude
    Decimal('0.05')
    """
    pint_unit = _unit_from_text(unit)
    number = to_decimal(magnitude, "magnitude")
    return ureg.Quantity(number, pint_unit)


def _restore(magnitude: str, unit: str) -> Quantity:
    return quantity(magnitude, unit)


def check_quantity(value: Any, field: str) -> Quantity:
    """``value`` if it is a finite Decimal quantity of korus's registry in a korus unit."""
    if not isinstance(value, pint.Quantity):
        raise InvalidTypeError(
            field,
            value,
            f"must be a korus quantity, not {type(value).__name__}; "
            "make one with korus.quantity('42.3', 'billion USD') or korus.parse_amount(...)",
        )
    if value._REGISTRY is not ureg:
        raise InvalidTypeError(
            field,
            value,
            "belongs to another pint registry; korus only takes quantities of its own "
            "registry (korus.ureg): rebuild it with korus.quantity(str(q.magnitude), unit)",
        )
    magnitude = value.magnitude
    if not isinstance(magnitude, Decimal):
        raise InvalidTypeError(
            field, value, f"has a {type(magnitude).__name__} magnitude; korus needs Decimal"
        )
    _check_decimal(magnitude, field)
    unit_parts(value)
    return value  # type: ignore[return-value]


def currency_of(q: pint.Quantity, field: str = "value") -> str:  # type: ignore[type-arg]
    """The ISO 4217 code of a money quantity; raises if ``q`` is not money."""
    name = unit_parts(q)[1]
    if name not in CURRENCIES:
        raise InvalidValueError(field, q, "must be an amount of money, e.g. in 'billion USD'")
    return name


def scale_of(q: pint.Quantity) -> str | None:  # type: ignore[type-arg]
    """The scale word of a money quantity's unit, or None for plain units."""
    return unit_parts(q)[0]


def check_amount(value: Any, field: str, *, negative: bool = False) -> Quantity:
    """``value`` if it is a korus money quantity (and not negative, unless allowed)."""
    q = check_quantity(value, field)
    currency_of(q, field)
    if not negative and q.magnitude < 0:
        raise InvalidValueError(field, q, "must not be negative")
    return q


_POWERS: Final = {n: Decimal(10**n) if n >= 0 else Decimal(1).scaleb(n) for n in range(-12, 13)}


def in_unit(q: Quantity, scale: str | None, currency: str) -> Decimal:
    """The magnitude of ``q`` in ``[scale] currency``, exactly (powers of ten only)."""
    own_scale, own_currency = unit_parts(q)
    if own_currency != currency:
        raise CurrencyMismatchError(
            "currency",
            own_currency,
            f"cannot be combined with {currency} without an exchange rate",
        )
    shift = SCALES.get(own_scale or "", 0) - SCALES.get(scale or "", 0)
    if shift == 0:
        return Decimal(q.magnitude)
    with exact():
        # A product, not scaleb(): exact either way, but 42300000000.0 reads better than 4.23E+10.
        return Decimal(q.magnitude) * _POWERS[shift]


def common_unit(quantities: Iterator[Quantity] | list[Quantity]) -> tuple[str | None, str]:
    """The finest scale among money quantities of one currency, and that currency."""
    finest: str | None = None
    finest_power: int | None = None
    currency: str | None = None
    for q in quantities:
        scale, code = unit_parts(q)
        if currency is None:
            currency = code
        elif code != currency:
            raise CurrencyMismatchError(
                "currency", code, f"cannot be combined with {currency} without an exchange rate"
            )
        power = SCALES.get(scale or "", 0)
        if finest_power is None or power < finest_power:
            finest, finest_power = scale, power
    if currency is None:
        raise InvalidValueError("amounts", [], "must not be empty")
    return finest, currency


def combined(a: Quantity, b: Quantity, sign: int) -> Quantity | None:
    """``a + b`` (``sign`` 1) or ``a - b`` (-1) of two amounts in the same unit, exactly and
    within korus's limits; None where the units differ or the result is beyond the limits, for
    the general path to convert or to refuse by name. What money() would build, without the
    work of the general path: a property test holds the two equal."""
    if a._units is not b._units and a._units != b._units:
        return None
    try:
        if sign < 0:
            total = _LIMITS_CONTEXT.subtract(a._magnitude, b._magnitude)
        else:
            total = _LIMITS_CONTEXT.add(a._magnitude, b._magnitude)
    except decimal.DecimalException:
        return None
    return _bare(total, a._units)


def amounts_in(scale: str | None, currency: str) -> Callable[[Decimal], Quantity]:
    """A maker of amounts in one unit from magnitudes its caller has held to korus's limits
    already (a reader's numerals of at most 20 digits and 10 decimals): what :func:`money`
    builds, without a second check or a lookup of the unit each time."""
    return functools.partial(_bare, units=_unit(scale, currency)._units)


def _bare(magnitude: Decimal, units: Any) -> Quantity:
    """pint's constructor without its general machinery (text, arrays, other quantities): the
    parts are a Decimal and a unit korus already holds, so the result is the same object pint
    would build (tests/properties/test_fast_paths.py holds the two equal)."""
    quantity = object.__new__(_QUANTITY)
    quantity._magnitude = magnitude
    quantity._units = units
    return quantity


def money(magnitude: Decimal, scale: str | None, currency: str, field: str = "result") -> Quantity:
    """A money quantity from parts korus already checked (no text parsing).

    The magnitude is held to korus's amount limits here, where every computed amount is
    built: a sum or a conversion beyond them is refused, never returned to fail later (in a
    pickle, in a decimal128 column).
    """
    _check_decimal(magnitude, field)
    return _bare(magnitude, _unit(scale, currency)._units)
