"""Published figures with their rounding, the ranges they allow, and checks against them.

"$27.7 billion" does not mean 27.7 billion: it means some amount from 27.65 to 27.75 billion,
rounded to a tenth. korus reads the precision from the text, carries the range through sums,
differences, shares and changes with exact rational bounds — so the true value is always
inside (sound) and the range is no wider than interval arithmetic requires (tight) — and says
whether a figure agrees with data or with other figures within rounding.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

import attrs

from korus import _rules as rules
from korus._enum import KorusEnum
from korus._errors import (
    CurrencyMismatchError,
    InvalidTypeError,
    InvalidValueError,
    MismatchError,
    ParseError,
    UndefinedResultError,
)
from korus._model import Provenance
from korus._printed import read_printed
from korus._units import CURRENCIES, SCALES, Quantity, check_quantity, to_decimal, unit_parts
from korus._validate import instance_of

#: The kinds of unit a figure can have besides money: a percentage, or a rank (a count).
PERCENT_UNIT: Final = "percent"
RANK_UNIT: Final = "rank"
#: The units of the trade indices of :mod:`korus.analysis`: a pure number (revealed
#: comparative advantage, trade intensity, a Herfindahl-Hirschman index on its 0-1 scale) and
#: points (a Herfindahl-Hirschman index on its 0-10,000 scale, as competition authorities quote it).
RATIO_UNIT: Final = "ratio"
POINTS_UNIT: Final = "points"
_INDEX_UNITS: Final = (PERCENT_UNIT, RANK_UNIT, RATIO_UNIT, POINTS_UNIT)
#: The upper end of a rank that data leave open ("6th at best"): no trade table has more
#: partners than this.
RANK_OPEN: Final = Fraction(10**6)


def _unit_text(unit: Any) -> str:
    if not isinstance(unit, str):
        raise InvalidTypeError("unit", unit, f"must be a str, not {type(unit).__name__}")
    if unit in _INDEX_UNITS:
        return unit
    scale, _, code = unit.rpartition(" ")
    if code not in CURRENCIES or (scale and scale not in SCALES):
        raise InvalidValueError(
            "unit",
            unit,
            "must be 'percent', 'rank', 'ratio', 'points' or a currency with an optional scale word",
        )
    return unit


def _decimal(value: Any, field: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise InvalidTypeError(field, value, "must be a Decimal, an int or a numeral str")
    if isinstance(value, str):
        if len(value) > 40 or not re.fullmatch(r"-?[0-9]+(?:\.[0-9]+)?", value):
            raise InvalidValueError(field, value, "must be a plain numeral such as '27.7'")
        return Decimal(value)
    # The bounds of korus's amounts: a bound of 10**999999999 would take forever as a Fraction.
    return to_decimal(value, field)


def _value_decimal(value: Any) -> Decimal:
    return _decimal(value, "value")


def _step_decimal(value: Any) -> Decimal:
    return _decimal(value, "step")


def _step(instance: Figure, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if value < 0:
        raise InvalidValueError("step", value, "must not be negative")


def _optional_provenance(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not isinstance(value, Provenance):
        raise InvalidTypeError("provenance", value, "must be a Provenance or None")


def _scale_factor(unit: str) -> Fraction:
    scale = unit.rpartition(" ")[0]
    return Fraction(10) ** SCALES[scale] if scale else Fraction(1)


def _base(unit: str) -> str:
    """The unit a range is kept in: the currency code, 'percent' or 'rank'."""
    return unit.rpartition(" ")[2]


@attrs.frozen(cache_hash=True)
class Figure:
    """A figure as published: its value, its unit, the step it was rounded to, and its source.

    A step of ``0.1`` means the printed value is the true one rounded to a tenth, so the true
    value lies within half a step of it; a step of ``0`` means the figure is exact (a rank).

    >>> deficit = Figure.parse("$27.7 billion")
    >>> deficit
    Figure(value=Decimal('27.7'), unit='billion USD', step=Decimal('0.1'), provenance=None)
    >>> print(deficit.range)
    27.65 to 27.75 billion USD
    """

    value: Decimal = attrs.field(converter=_value_decimal)
    unit: str = attrs.field(converter=_unit_text)
    step: Decimal = attrs.field(converter=_step_decimal, validator=_step)
    provenance: Provenance | None = attrs.field(
        default=None, kw_only=True, validator=_optional_provenance
    )

    @classmethod
    def parse(cls, text: str, *, provenance: Provenance | None = None) -> Figure:
        """Read a printed figure, with its precision from the digits printed.

        ``"$27.7 billion"`` (to a tenth of a billion), ``"$865 million"`` (to a million),
        ``"2.9%"`` or ``"2.9 percent"`` (to a tenth of a point), ``"USD 42,300 million"``,
        ``"277억 달러"`` (27.7 billion USD, to a tenth of a billion: 억 is 10^8).

        :raises ParseError: for text that is not a figure such as these.

        >>> Figure.parse("2.9%").range.low
        Fraction(57, 20)
        """
        printed = read_printed(text, what="a printed figure such as '$27.7 billion', '2.9%' or '6'")
        step = Decimal(1).scaleb(-printed.places)
        value = Decimal(printed.digits)
        if printed.negative:
            value = value.copy_negate()
        if printed.percent:
            if printed.currency or printed.scale:
                raise ParseError("text", text, "a percentage has no currency or scale word")
            return cls(value, PERCENT_UNIT, step, provenance=provenance)
        if printed.currency is None:
            if printed.scale:
                raise ParseError("text", text, "names a scale but no currency")
            return cls(value, RANK_UNIT, Decimal(0), provenance=provenance)
        unit = f"{printed.scale} {printed.currency}" if printed.scale else printed.currency
        return cls(value, unit, step, provenance=provenance)

    @functools.cached_property
    def range(self) -> Range:
        """The true values this figure allows: within half a step of the printed value."""
        factor = _scale_factor(self.unit)
        half = Fraction(self.step) / 2
        value = Fraction(self.value)
        return Range((value - half) * factor, (value + half) * factor, _base(self.unit))

    def __str__(self) -> str:
        if self.unit == PERCENT_UNIT:
            return f"{self.value} %"
        if self.unit == RANK_UNIT:
            return f"rank {self.value}"
        if self.unit == RATIO_UNIT:
            return str(self.value)
        return f"{self.value} {self.unit}"


def _fraction(value: Any, field: str) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, Fraction | int | Decimal):
        raise InvalidTypeError(field, value, "must be a Fraction, an int or a Decimal")
    if isinstance(value, Decimal | int):
        # The bounds of korus's amounts, checked before the exact value is built.
        return Fraction(to_decimal(value, field))
    if max(abs(value.numerator), value.denominator).bit_length() > _MAX_BITS:
        raise InvalidValueError(field, value, "is outside the range korus holds")
    return value


#: The bits of the numerator or denominator of an exact bound: far beyond any sum of amounts.
_MAX_BITS: Final = 4096


def _low(value: Any) -> Fraction:
    return _fraction(value, "low")


def _high(value: Any) -> Fraction:
    return _fraction(value, "high")


def _range_unit(instance: object, attribute: attrs.Attribute[str], value: Any) -> None:
    if not isinstance(value, str):
        raise InvalidTypeError("unit", value, "must be a str")
    if value not in CURRENCIES and value not in _INDEX_UNITS:
        raise InvalidValueError(
            "unit", value, "must be a currency code, 'percent', 'rank', 'ratio' or 'points'"
        )


def _show(*values: Fraction, unit: str) -> str:
    """Values in one unit, joined with "to", in the scale that reads best for the largest."""
    if unit in CURRENCIES:
        # Shown in billions where that reads best; the bounds themselves stay exact.
        largest = max(abs(v) for v in values)
        for scale in ("trillion", "billion", "million"):
            factor = Fraction(10) ** SCALES[scale]
            if largest >= factor:
                numbers = " to ".join(_decimal_text(v / factor) for v in values)
                return f"{numbers} {scale} {unit}"
        return f"{' to '.join(_decimal_text(v) for v in values)} {unit}"
    if unit == RANK_UNIT and len(set(values)) == 1:
        return f"rank {_decimal_text(values[0])}"
    if unit == RANK_UNIT and len(values) == 2 and values[1] >= RANK_OPEN:
        return f"rank {_decimal_text(values[0])} at best"
    numbers = " to ".join(_decimal_text(v) for v in values)
    if unit == PERCENT_UNIT:
        return f"{numbers} %"
    if unit == RANK_UNIT:
        return f"rank {numbers}"
    return f"{numbers} points" if unit == POINTS_UNIT else numbers


def _decimal_text(value: Fraction) -> str:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    text = f"{exact:f}"
    if "." in text:
        digits = text.partition(".")[2]
        if len(digits) > 4:
            text = f"{exact.quantize(Decimal('0.0001')):f}"
        text = text.rstrip("0").rstrip(".")
    return text


@attrs.frozen(cache_hash=True)
class Range:
    """An exact range of values, low to high, in a currency, in percent, or as a rank.

    Arithmetic on ranges is sound (every combination of values inside the operands lands
    inside the result) and tight (the result's bounds are reached by some combination).

    >>> exports, imports = Figure.parse("$42.3 billion").range, Figure.parse("$69.9 billion").range
    >>> print(imports - exports)
    27.5 to 27.7 billion USD
    """

    low: Fraction = attrs.field(converter=_low)
    high: Fraction = attrs.field(converter=_high)
    unit: str = attrs.field(validator=_range_unit)

    def __attrs_post_init__(self) -> None:
        if self.high < self.low:
            raise InvalidValueError("high", self.high, f"is below low={self.low}")

    @classmethod
    def exact(cls, value: Quantity) -> Range:
        """The one-point range of an exact korus quantity (money or percent)."""
        q = check_quantity(value, "value")
        scale, name = unit_parts(q)
        factor = Fraction(10) ** SCALES[scale] if scale else Fraction(1)
        point = Fraction(q.magnitude) * factor
        if name not in CURRENCIES and name != PERCENT_UNIT:
            raise InvalidValueError("value", q, "must be money or a percentage")
        return cls(point, point, name)

    def _same(self, other: Any) -> Range:
        if not isinstance(other, Range):
            raise InvalidTypeError("other", other, f"must be a Range, not {type(other).__name__}")
        if other.unit != self.unit:
            error = CurrencyMismatchError if self.unit in CURRENCIES else MismatchError
            raise error("other", other.unit, f"cannot be combined with a range in {self.unit}")
        return other

    def __add__(self, other: Range) -> Range:
        other = self._same(other)
        return Range(self.low + other.low, self.high + other.high, self.unit)

    def __sub__(self, other: Range) -> Range:
        other = self._same(other)
        return Range(self.low - other.high, self.high - other.low, self.unit)

    def __neg__(self) -> Range:
        return Range(-self.high, -self.low, self.unit)

    def contains(self, value: Fraction | Decimal | int) -> bool:
        """Whether ``value`` (in this range's unit) lies inside."""
        point = _fraction(value, "value")
        return self.low <= point <= self.high

    def overlaps(self, other: Range) -> bool:
        """Whether some value lies in both ranges."""
        other = self._same(other)
        return self.low <= other.high and other.low <= self.high

    def gap(self, other: Range) -> Fraction:
        """How far apart two ranges are (0 when they overlap)."""
        other = self._same(other)
        return max(Fraction(0), other.low - self.high, self.low - other.high)

    def share_of(self, whole: Range) -> Range:
        """This range as a percentage of ``whole`` (both positive), soundly."""
        whole = self._same(whole)
        if self.low < 0 or whole.low <= 0:
            raise UndefinedResultError(
                "whole", whole, "shares of ranges need a non-negative part and a positive whole"
            )
        low, high = rules.percent_of(self.low, whole.high), rules.percent_of(self.high, whole.low)
        return Range(low, high, PERCENT_UNIT)

    def change_to(self, new: Range) -> Range:
        """The percent change from this range to ``new`` (both positive), soundly."""
        new = self._same(new)
        if self.low <= 0 or new.low < 0:
            raise UndefinedResultError(
                "old", self, "a percent change of ranges needs positive values on both sides"
            )
        low, high = rules.change(self.high, new.low), rules.change(self.low, new.high)
        return Range(low, high, PERCENT_UNIT)

    def __str__(self) -> str:
        if self.low == self.high and self.unit not in (RANK_UNIT,):
            return _show(self.low, unit=self.unit)
        return _show(self.low, self.high, unit=self.unit)


def implied_previous(figure: Figure, change: Figure) -> Range:
    """What a figure and a printed percent change imply about the earlier period.

    "$27.7 billion, down 2.3 % from 2015" means the 2015 value was between 27.65 / 0.9775 and
    27.75 / 0.9765 billion.

    >>> print(implied_previous(Figure.parse("$27.7 billion"), Figure.parse("-2.3%")))
    28.2864 to 28.4178 billion USD
    """
    if not isinstance(figure, Figure) or not isinstance(change, Figure):
        raise InvalidTypeError("figure", figure, "implied_previous() takes two Figures")
    if change.unit != PERCENT_UNIT:
        raise InvalidValueError("change", change, "must be a percentage")
    now, rate = figure.range, change.range
    low_factor, high_factor = 1 + rate.low / 100, 1 + rate.high / 100
    if low_factor <= 0 or now.low < 0:
        raise UndefinedResultError("change", change, "implies no earlier value of the same sign")
    return Range(now.low / high_factor, now.high / low_factor, now.unit)


class VerdictKind(KorusEnum):
    """The outcome of a check: ``CONSISTENT`` within rounding, ``INCONSISTENT`` beyond it,
    ``UNDECIDABLE`` for want of data, or ``REVISED``: consistent with a figure as first
    published, which a later release of the same statistic revised."""

    CONSISTENT = "consistent"
    INCONSISTENT = "inconsistent"
    UNDECIDABLE = "undecidable"
    REVISED = "revised"


@attrs.frozen
class Verdict:
    """What a check found, with an explanation a person can read.

    >>> v = check_figure(Figure.parse("$28.0 billion"), Figure.parse("$27.6 billion").range)
    >>> v.kind, v.excess
    (VerdictKind.INCONSISTENT, Fraction(300000000, 1))
    """

    kind: VerdictKind = attrs.field(validator=instance_of(VerdictKind, "kind"))
    figure: Figure = attrs.field(validator=instance_of(Figure, "figure"))
    computed: Range | None = attrs.field(validator=instance_of(Range, "computed", optional=True))
    excess: Fraction | None = attrs.field(validator=instance_of(Fraction, "excess", optional=True))
    explanation: str = attrs.field(validator=instance_of(str, "explanation"))
    #: Which route decided: ``"published"`` (the statistic as published) or ``"derived"``
    #: (worked out from the figures it is made of); None where the check names none.
    route: str | None = attrs.field(
        default=None, kw_only=True, validator=instance_of(str, "route", optional=True)
    )
    #: The published figures the deciding route read, each as "publisher, document (date)".
    sources: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, validator=instance_of(tuple, "sources")
    )

    def __str__(self) -> str:
        return f"{self.kind.value}: {self.explanation}"


def check_figure(figure: Figure, computed: Range | Quantity | None, *, basis: str = "") -> Verdict:
    """Whether a printed figure agrees, within its rounding, with what data give.

    ``computed`` is an exact quantity, a range (from other rounded figures), or None when the
    data needed are missing. Consistent means some value allowed by the figure is also allowed
    by the data; the check is symmetric in that sense.

    >>> exports, imports = Figure.parse("$42.3 billion"), Figure.parse("$69.9 billion")
    >>> print(check_figure(Figure.parse("$27.7 billion"), imports.range - exports.range, basis="69.9 - 42.3"))
    consistent: printed 27.7 billion USD (27.65 to 27.75 billion USD); data give 27.5 to 27.7 billion USD (69.9 - 42.3): consistent within rounding
    """
    if not isinstance(figure, Figure):
        raise InvalidTypeError("figure", figure, f"must be a Figure, not {type(figure).__name__}")
    allowed = figure.range
    printed = f"printed {figure} ({allowed})"
    if computed is None:
        reason = f"no data to compute it from{f' ({basis})' if basis else ''}"
        return Verdict(VerdictKind.UNDECIDABLE, figure, None, None, f"{printed}; {reason}")
    data = computed if isinstance(computed, Range) else Range.exact(computed)
    source = f" ({basis})" if basis else ""
    if data.unit == RANK_UNIT and data.low != data.high and allowed.overlaps(data):
        # A rank is not rounded: a range of ranks is what the data leave open, not a tolerance.
        return Verdict(
            VerdictKind.UNDECIDABLE,
            figure,
            data,
            None,
            f"{printed}; data give {data}{source}: the data do not decide the rank",
        )
    if allowed.overlaps(data):
        agrees = (
            "the rank the data give" if data.unit == RANK_UNIT else "consistent within rounding"
        )
        return Verdict(
            VerdictKind.CONSISTENT,
            figure,
            data,
            Fraction(0),
            f"{printed}; data give {data}{source}: {agrees}",
        )
    excess = allowed.gap(data)
    if data.unit == RANK_UNIT:
        return Verdict(
            VerdictKind.INCONSISTENT,
            figure,
            data,
            excess,
            f"{printed}; data give {data}{source}: not the rank the data give",
        )
    return Verdict(
        VerdictKind.INCONSISTENT,
        figure,
        data,
        excess,
        f"{printed}; data give {data}{source}: off by {_show(excess, unit=data.unit)} beyond rounding",
    )


#: The words a claim that a value lies beyond a threshold is printed with, and the comparison
#: each makes: whether the value must be above it (or below), and whether the threshold itself
#: is allowed.
COMPARISONS: Final = {
    "above": (True, False),
    "over": (True, False),
    "more than": (True, False),
    "at least": (True, True),
    "below": (False, False),
    "under": (False, False),
    "less than": (False, False),
    "at most": (False, True),
}


def check_threshold(
    threshold: Figure, comparison: str, computed: Range | Quantity | None, *, basis: str = ""
) -> Verdict:
    """Whether data put a value beyond a threshold ("an HHI above 2,500"): consistent when every
    value the data allow is beyond it, inconsistent when none is, undecidable when the data
    allow both, or are missing.

    >>> at_least = Range(Fraction(2600), Fraction(2700), "points")
    >>> print(check_threshold(Figure(2500, "points", 0), "above", at_least))
    consistent: above 2500 points; data give 2600 to 2700 points: every value the data allow is above it
    """
    if not isinstance(threshold, Figure):
        raise InvalidTypeError("threshold", threshold, "must be a Figure")
    if comparison not in COMPARISONS:
        raise InvalidValueError(
            "comparison", comparison, f"must be one of {', '.join(sorted(COMPARISONS))}"
        )
    upward, inclusive = COMPARISONS[comparison]
    point = threshold.range
    printed = f"{comparison} {threshold}"
    source = f" ({basis})" if basis else ""
    if computed is None:
        reason = f"no data to compute it from{source}"
        return Verdict(VerdictKind.UNDECIDABLE, threshold, None, None, f"{printed}; {reason}")
    data = computed if isinstance(computed, Range) else Range.exact(computed)
    data = point._same(data)

    def beyond(value: Fraction) -> bool:
        # The threshold as printed is exact only where it has no rounding; otherwise its range.
        if upward:
            return value >= point.high if inclusive else value > point.high
        return value <= point.low if inclusive else value < point.low

    shown = f"{printed}; data give {data}{source}"
    if beyond(data.low) and beyond(data.high):
        return Verdict(
            VerdictKind.CONSISTENT,
            threshold,
            data,
            Fraction(0),
            f"{shown}: every value the data allow is {comparison} it",
        )
    if not beyond(data.low) and not beyond(data.high):
        excess = (point.low - data.high) if upward else (data.low - point.high)
        return Verdict(
            VerdictKind.INCONSISTENT,
            threshold,
            data,
            max(excess, Fraction(0)),
            f"{shown}: no value the data allow is {comparison} it",
        )
    return Verdict(
        VerdictKind.UNDECIDABLE,
        threshold,
        data,
        None,
        f"{shown}: the data allow values on both sides of it",
    )
