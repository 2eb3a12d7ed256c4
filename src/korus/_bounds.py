"""Bounds of the trade indices from exact values or values within ranges, in exact
fractions: worked out once, for amounts (:mod:`korus.analysis`) and for tables
(:mod:`korus.columnar`). Sound: the index of any values within the ranges lies within the
bounds."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from korus import _rules as rules
from korus._errors import MismatchError, UndefinedResultError


def shares_within(
    bounds: list[tuple[Fraction, Fraction]], field: str
) -> list[tuple[Fraction, Fraction]]:
    """Each value's share of their sum, soundly: a share rises with its own value and falls
    with every other."""
    sum_low = sum((low for low, _ in bounds), Fraction(0))
    sum_high = sum((high for _, high in bounds), Fraction(0))
    if sum_high == 0:
        raise UndefinedResultError(field, sum_high, "sum to zero: a mix of nothing is undefined")
    shares = []
    for low, high in bounds:
        others_low, others_high = sum_low - low, sum_high - high
        share_low = low / (low + others_high) if low + others_high else Fraction(0)
        share_high = high / (high + others_low) if high + others_low else Fraction(1)
        shares.append((share_low, share_high))
    return shares


def _least_squares(shares: list[tuple[Fraction, Fraction]]) -> Fraction:
    """The least Σ s² over shares within their bounds that sum to 1: each share as near the
    common level λ as its bounds allow (water-filling), λ found exactly between breakpoints."""
    points = sorted({bound for pair in shares for bound in pair})

    def filled(level: Fraction) -> Fraction:
        return sum((min(max(level, low), high) for low, high in shares), Fraction(0))

    # filled() never falls as the level rises: the first breakpoint where it reaches 1, by
    # bisection, then the level on the line from the breakpoint before.
    first, last = 0, len(points) - 1
    while first < last:
        middle = (first + last) // 2
        if filled(points[middle]) >= 1:
            last = middle
        else:
            first = middle + 1
    level = points[first]
    if first > 0:
        below, above = points[first - 1], points[first]
        start, end = filled(below), filled(above)
        level = below + (above - below) * (1 - start) / (end - start)
    chosen = [min(max(level, low), high) for low, high in shares]
    return sum((s * s for s in chosen), Fraction(0))


def _most_squares(shares: list[tuple[Fraction, Fraction]]) -> Fraction:
    """A bound on Σ s² over shares within their bounds that sum to 1: Σ s² ≤ Σ s × high, and
    the most that linear sum can be is reached by giving what is left above the lows to the
    shares with the highest bounds first."""
    left = 1 - sum((low for low, _ in shares), Fraction(0))
    bound = Fraction(0)
    for low, high in sorted(shares, key=lambda pair: pair[1], reverse=True):
        extra = min(max(left, Fraction(0)), high - low)
        left -= extra
        bound += (low + extra) * high
    return min(bound, Fraction(1))


def hhi_bounds(
    parts: list[tuple[Fraction, Fraction]],
    whole: tuple[Fraction, Fraction] | None,
    values: Any = None,
    whole_value: Any = None,
) -> tuple[Fraction, Fraction]:
    """The bounds of the index (0-1 scale) of parts within their bounds, of a whole within its
    bounds or of their sum: the one place the index is worked out, for amounts and for tables
    (``values`` and ``whole_value`` name the inputs in an error)."""
    if not parts:
        raise UndefinedResultError("values", values, "is empty: there is nothing to concentrate")
    if whole is None:
        if all(low == high for low, high in parts):
            exact_values = [low for low, _ in parts]
            total = sum(exact_values, Fraction(0))
            if total == 0:
                raise UndefinedResultError("values", values, "are all zero: a share of nothing")
            point = rules.herfindahl(exact_values, total)
            return point, point
        shares = shares_within(parts, "values")
        return _least_squares(shares), _most_squares(shares)
    sum_low = sum((low for low, _ in parts), Fraction(0))
    whole_low, whole_high = whole
    if sum_low > whole_high:
        raise MismatchError("values", values, f"sum to more than the whole ({whole_value})")
    if whole_high == 0:
        raise UndefinedResultError("whole", whole_value, "is zero: a share of nothing is undefined")
    squares_low = sum((low * low for low, _ in parts), Fraction(0))
    squares_high = sum((high * high for _, high in parts), Fraction(0))
    rest = whole_high - sum_low
    low = squares_low / (whole_high * whole_high)
    high = (
        Fraction(1)
        if whole_low == 0
        else min(Fraction(1), (squares_high + rest * rest) / (whole_low * whole_low))
    )
    return low, high
