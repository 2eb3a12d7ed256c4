"""The arithmetic of each measure, written once.

korus's calculations apply these rules to exact values (:attr:`korus.Balance.net`,
:func:`korus.share`, :func:`korus.percent_change`, the mirror ratio of
:mod:`korus.readers`), and :class:`korus.Range` applies the same rules to the ends of ranges,
which is how the claims checker works out what printed figures allow: the two cannot drift
apart. Each rule is monotone in each operand over the values it accepts, so over ranges its
extremes lie at the ends. (The table engines of :mod:`korus.columnar` spell the rules in their
own languages; the conformance suite holds them to these.)
"""

from __future__ import annotations

from fractions import Fraction
from typing import Protocol, Self, TypeVar


class _Additive(Protocol):
    def __add__(self, other: Self, /) -> Self: ...

    def __sub__(self, other: Self, /) -> Self: ...


A = TypeVar("A", bound=_Additive)

_HUNDRED = Fraction(100)


def two_way(exports: A, imports: A) -> A:
    """Two-way (bilateral) trade: exports + imports."""
    return exports + imports


def net(exports: A, imports: A) -> A:
    """The balance: exports − imports, negative for a deficit."""
    return exports - imports


def deficit(exports: A, imports: A) -> A:
    """The deficit as publications print it: imports − exports."""
    return imports - exports


def percent_of(value: Fraction, base: Fraction) -> Fraction:
    """``value`` as a percentage of ``base`` (a share, or imports as a percentage of the
    partner's exports): 100 × value / base, exactly."""
    return value * _HUNDRED / base


def change(old: Fraction, new: Fraction) -> Fraction:
    """The percent change from ``old`` to ``new``, on their magnitudes (a deficit that shrinks
    is down, whatever the sign it is kept with): 100 × (|new| − |old|) / |old|, exactly."""
    return percent_of(abs(new) - abs(old), abs(old))


def herfindahl(parts: list[Fraction], whole: Fraction) -> Fraction:
    """The Herfindahl-Hirschman index of ``parts`` of ``whole``, on the 0-1 scale: the sum of
    the squared shares, Σ (part / whole)², exactly (never from rounded shares)."""
    return sum((part * part for part in parts), Fraction(0)) / (whole * whole)


def relative_share(
    part: Fraction, whole: Fraction, of_part: Fraction, of_whole: Fraction
) -> Fraction:
    """One share relative to another: (part / whole) / (of_part / of_whole), exactly. Balassa's
    revealed comparative advantage and the trade intensity index are both this ratio."""
    return part * of_whole / (whole * of_part)


def complementarity(gaps: list[Fraction]) -> Fraction:
    """The trade complementarity index from the gaps |m_k - x_k| between two product mixes
    (shares on the 0-1 scale): 100 × (1 - Σ gaps / 2), exactly."""
    return _HUNDRED * (1 - sum(gaps, Fraction(0)) / 2)
